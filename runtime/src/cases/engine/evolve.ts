import type { CaseState } from './case-state.ts';
import type { Event } from './events.ts';
import { applyMoves } from './recount.ts';

function opinion(
  state: CaseState,
  event: Event,
  stepId: string,
  label: string,
  verdict: CaseState['opinions'][number]['verdict'],
  text: string
): CaseState['opinions'] {
  return [...state.opinions, { stepId, label, by: event.by, at: event.at, verdict, text }];
}

/** The case after an event. Pure and total: it trusts events, which `decide` checked. */
export function evolve(state: CaseState | undefined, event: Event): CaseState {
  if (event.type === 'Submitted') {
    return {
      id: event.caseId,
      caseNumber: event.caseNumber,
      matterCode: event.matterCode,
      matterVersion: event.matterVersion,
      applicant: event.applicant,
      channel: event.channel,
      answers: event.answers,
      materials: event.materials,
      ...(event.inspectionMode ? { inspectionMode: event.inspectionMode } : {}),
      ...(event.delivery ? { preferredDelivery: event.delivery } : {}),
      commitmentSigned: event.commitmentSigned,
      status: 'submitted',
      receivedAt: event.at,
      completeAt: event.at,
      deemedAcceptanceAt: event.deemedAcceptanceAt,
      preReviewDeadline: event.preReviewDeadline,
      preReviewedBy: [],
      stageOpinions: [],
      paper: 'notRequired',
      correctionRounds: 0,
      deemed: false,
      pauses: [],
      opinions: [],
      raised: [],
      version: 1
    };
  }
  if (!state) throw new Error(`${event.type} before Submitted`);
  const next = applyTo(state, event);
  return { ...next, version: state.version + 1 };
}

function applyTo(state: CaseState, event: Exclude<Event, { type: 'Submitted' }>): CaseState {
  switch (event.type) {
    case 'PreReviewPassed': {
      const preReviewedBy = [...state.preReviewedBy, event.department];
      return {
        ...state,
        preReviewedBy,
        paper: event.paper,
        status: !event.allPassed ? 'submitted' : event.paper === 'awaiting' ? 'awaitingPaper' : 'preReviewed',
        opinions: opinion(state, event, 'preReview', '预审', 'pass', event.opinion)
      };
    }
    case 'CorrectionRequested':
      return {
        ...state,
        status: 'correcting',
        correctionRounds: event.round,
        correction: {
          items: event.items,
          round: event.round,
          issuedAt: event.at,
          statusBefore: state.status,
          ...(event.dueAt !== undefined ? { dueAt: event.dueAt } : {})
        },
        ...(!event.remaining && state.acceptedAt === undefined && !state.firstNotice
          ? { firstNotice: event.items }
          : {}),
        ...(event.remaining
          ? {
              paused: { since: event.at, reason: 'correction' as const, remaining: event.remaining },
              pauses: [...state.pauses, { from: event.at, reason: 'correction' as const, seq: state.version + 1 }]
            }
          : {}),
        opinions: opinion(state, event, state.stepId ?? 'preReview', '补正告知', 'correct', event.items.join('；'))
      };
    case 'Resubmitted': {
      const { correction: _done, paused: _paused, ...rest } = state;
      if (event.deadlines) {
        return {
          ...rest,
          answers: event.answers,
          materials: event.materials,
          status: 'inReview',
          deadlines: event.deadlines,
          pauses: closePause(state, event.at)
        };
      }
      return {
        ...rest,
        answers: event.answers,
        materials: event.materials,
        status: 'submitted',
        preReviewedBy: [],
        completeAt: event.at,
        ...(event.deemedAcceptanceAt !== undefined ? { deemedAcceptanceAt: event.deemedAcceptanceAt } : {}),
        ...(event.preReviewDeadline !== undefined ? { preReviewDeadline: event.preReviewDeadline } : {})
      };
    }
    case 'PaperConfirmed':
      return {
        ...state,
        paper: 'confirmed',
        status: state.status === 'awaitingPaper' ? 'preReviewed' : state.status,
        ...(event.items
          ? {
              paperCheck: {
                at: event.at,
                by: event.by.kind === 'staff' ? `${event.by.department} ${event.by.name}` : '',
                items: event.items
              }
            }
          : {})
      };
    case 'Accepted':
      return {
        ...state,
        status: 'inReview',
        acceptedAt: event.at,
        acceptedFrom: event.acceptedFrom,
        deemed: event.deemed,
        deadlines: event.deadlines,
        ...(event.stepId ? { stepId: event.stepId } : {}),
        stepEnteredAt: event.at,
        opinions: opinion(state, event, 'acceptance', '受理', 'accept', event.opinion)
      };
    case 'Refused':
      return {
        ...state,
        status: 'refused',
        refusal: { reasons: event.reasons, at: event.at },
        opinions: opinion(state, event, 'acceptance', '不予受理', 'refuse', event.reasons)
      };
    case 'StageOpinionRecorded':
      return {
        ...state,
        stageOpinions: [...state.stageOpinions, { stage: event.stage, opinion: event.opinion, at: event.at }],
        opinions: opinion(state, event, `stage:${event.stage}`, event.stage, 'pass', event.opinion)
      };
    case 'StepCompleted':
      return moveTo(
        state,
        event.next,
        event.at,
        event.deadlines,
        opinion(state, event, event.stepId, event.label, 'pass', event.opinion)
      );
    case 'StepReturned':
      return moveTo(
        state,
        event.toStepId,
        event.at,
        event.deadlines,
        opinion(state, event, event.fromStepId, '回退', 'return', event.reason)
      );
    case 'CoApprovalDistributed':
      return {
        ...state,
        deadlines: event.deadlines,
        coApproval: { stepId: event.stepId, distributedAt: event.at, answers: {} }
      };
    case 'CoApproverAnswered':
      return {
        ...state,
        coApproval: {
          ...state.coApproval!,
          answers: {
            ...state.coApproval!.answers,
            [event.department]: { agree: event.agree, reasons: event.reasons, at: event.at, late: event.late }
          }
        },
        opinions: opinion(
          state,
          event,
          event.stepId,
          `并联审批（${event.department}）`,
          event.agree ? 'agree' : 'disagree',
          event.reasons
        )
      };
    case 'CoApprovalConsolidated':
      return moveTo(
        state,
        event.next,
        event.at,
        event.deadlines,
        opinion(
          state,
          event,
          event.stepId,
          '并联审批汇总',
          'consolidate',
          [
            event.opinion,
            ...Object.entries(event.responses ?? {}).map(([d, text]) => `对${d}不同意意见的回应：${text}`)
          ].join('；')
        )
      );
    case 'HandedOff':
      return moveTo(
        state,
        event.next,
        event.at,
        event.deadlines,
        opinion(state, event, `${event.stageId}.handOff`, `报送${event.to}`, 'handOff', event.opinion)
      );
    case 'SpecialProcedureStarted':
      return {
        ...state,
        status: 'paused',
        paused: { since: event.at, reason: 'specialProcedure', remaining: event.remaining },
        pauses: [...state.pauses, { from: event.at, reason: 'specialProcedure', seq: state.version + 1 }],
        specialProcedure: { kind: event.kind, reason: event.reason, expected: event.expected, startedAt: event.at },
        procedures: [
          ...(state.procedures ?? []),
          { kind: event.kind, reason: event.reason, expected: event.expected, startedAt: event.at }
        ]
      };
    case 'OverdueExplained':
      return {
        ...state,
        overdueExplanations: [
          ...(state.overdueExplanations ?? []),
          {
            at: event.at,
            by: event.by.kind === 'staff' ? `${event.by.department} ${event.by.name}` : '',
            reason: event.reason,
            expected: event.expected
          }
        ]
      };
    case 'SpecialProcedureEnded': {
      const { paused: _paused, specialProcedure: _procedure, ...rest } = state;
      return { ...rest, status: 'inReview', deadlines: event.deadlines, pauses: closePause(state, event.at) };
    }
    case 'Extended': {
      const { extensionRequest: _answered, ...rest } = state;
      return {
        ...rest,
        deadlines: event.deadlines,
        extension: {
          at: event.at,
          reason: event.reason,
          amount: event.amount,
          approvedBy: event.by.kind === 'staff' ? event.by.name : '',
          seq: state.version + 1,
          ...(event.requestedBy !== undefined ? { requestedBy: event.requestedBy } : {}),
          ...(event.opinion !== undefined ? { opinion: event.opinion } : {})
        },
        ...(event.opinion !== undefined
          ? { opinions: opinion(state, event, 'extension', '批准延期', 'approveExtension', event.opinion) }
          : {})
      };
    }
    case 'ExtensionRequested':
      return {
        ...state,
        extensionRequest: {
          at: event.at,
          reason: event.reason,
          amount: event.amount,
          by: event.by.kind === 'staff' ? `${event.by.department} ${event.by.name}` : '',
          ...(event.stepId !== undefined ? { stepId: event.stepId } : {})
        },
        opinions: opinion(state, event, 'extension', '申请延期', 'requestExtension', event.reason)
      };
    case 'ExtensionRefused': {
      const { extensionRequest: _refused, ...rest } = state;
      return { ...rest, opinions: opinion(state, event, 'extension', '不批准延期', 'refuseExtension', event.opinion) };
    }
    case 'Withdrawn':
      return { ...state, status: 'withdrawn', withdrawal: { reason: event.reason, at: event.at } };
    case 'Decided': {
      const { stepId: decisionStep } = state;
      return {
        ...state,
        status: 'decided',
        decision: {
          approve: event.approve,
          reasons: event.reasons,
          at: event.at,
          ...(event.conclusion ? { conclusion: event.conclusion } : {})
        },
        ...(event.deliveryDeadline !== undefined ? { deliveryDeadline: event.deliveryDeadline } : {}),
        opinions: opinion(
          state,
          event,
          decisionStep ?? 'decision',
          '决定',
          event.conclusion ? 'conclude' : event.approve ? 'approve' : 'deny',
          event.reasons || (event.approve ? '准予许可' : '不予许可')
        )
      };
    }
    case 'Delivered':
      return {
        ...state,
        status: 'delivered',
        delivery: { method: event.method, at: event.at, failures: state.delivery?.failures ?? 0 }
      };
    case 'DeliveryFailed':
      return {
        ...state,
        delivery: {
          method: state.delivery?.method ?? 'onSite',
          at: event.at,
          failures: (state.delivery?.failures ?? 0) + 1
        }
      };
    case 'SupervisionRaised':
      return { ...state, raised: [...state.raised, event.record.key] };
    case 'DeadlinesRecounted':
      return applyMoves(state, event.moves);
    case 'Completed':
      return { ...state, status: 'completed', completedAt: event.at };
    case 'Archived':
      return { ...state, status: 'archived', archivedAt: event.at };
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

function moveTo(
  state: CaseState,
  stepId: string | undefined,
  at: number,
  deadlines: CaseState['deadlines'],
  opinions: CaseState['opinions']
): CaseState {
  const { stepId: _old, coApproval: _co, ...rest } = state;
  return { ...rest, ...(stepId ? { stepId } : {}), stepEnteredAt: at, ...(deadlines ? { deadlines } : {}), opinions };
}

function closePause(state: CaseState, at: number): CaseState['pauses'] {
  return state.pauses.map((p, i) => (i === state.pauses.length - 1 && p.to === undefined ? { ...p, to: at } : p));
}

/** The case after a sequence of events. */
export function replay(events: readonly Event[]): CaseState | undefined {
  return events.reduce<CaseState | undefined>((state, event) => evolve(state, event), undefined);
}
