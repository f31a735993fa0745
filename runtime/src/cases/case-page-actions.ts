import { paperFormLabels, type Definition, type Limit } from '@banshi/definition';
import { commandsByPart } from './access.ts';
import {
  allowedCommands,
  asRequired,
  authorityFor,
  commandLabels,
  extensionHead,
  mayGive,
  paperToCheck,
  rejectionKinds,
  routeOf,
  takenOn,
  type Actor,
  type CaseState,
  type Command,
  type Engine,
  type PaperExpected
} from './engine/index.ts';

const methodLabels = { onSite: '现场', express: '快递', online: '网上', announcement: '公告' } as const;

/** What a command's form needs to be filled in: the choices the Definition and the case offer. */
export type ActionForm =
  | { kind: 'opinion'; stepId?: string; stepLabel?: string }
  | { kind: 'correction'; materials: Array<{ id: string; title: string }>; onlyFrom?: string[] }
  /** Each material to check on paper, with what the matter asks: 原件/复印件/原件或复印件 and how many copies. */
  | { kind: 'paperCheck'; items: Array<PaperExpected & { formLabel: string }> }
  | { kind: 'returnStep'; steps: Array<{ id: string; label: string }> }
  | { kind: 'distribute'; coApprovers: Array<{ department: string; limit: Limit }> }
  | { kind: 'answerCoApproval'; department: string; deadline?: string }
  | { kind: 'consolidate'; answers: Array<{ department: string; agree: boolean; reasons: string }> }
  | { kind: 'specialProcedure'; kinds: Array<{ kind: string; label: string; maxDuration?: Limit }> }
  | { kind: 'requestExtension'; max: Limit; head: string }
  /** 超时说明: the promised limit passed, and what the applicant was told before (the latest date promised). */
  | { kind: 'explainOverdue'; promised?: string; told?: { expected: string; at: string } }
  | { kind: 'answerExtension'; request?: { reason: string; amount: Limit; by: string; at: string } }
  | {
      kind: 'decide';
      conclusions?: Array<'pass' | 'basicPass' | 'fail'>;
      documents: string[];
    }
  | {
      kind: 'deliver';
      methods: Array<{ method: keyof typeof methodLabels; label: string }>;
      preselected?: keyof typeof methodLabels;
    }
  | { kind: 'none' };

export interface PageAction {
  type: Command['type'];
  label: string;
  /** Whether the engine would take it now with the form filled in; if not, its sentence why (never a code). */
  ready: boolean;
  refusal?: string;
  form: ActionForm;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * The commands this member of staff may give on the case now, each with what its form needs. Who may give which is
 * authority.ts's (allowedCommands), narrowed by the part the department plays; whether the case's state admits it is
 * the engine's: each is tried on a filled-in example, and one refused because of the case's state (a conflict) is
 * left out, one refused for another reason is offered with the engine's sentence.
 */
export function pageActions(
  engine: Engine,
  definition: Definition,
  state: CaseState,
  by: Extract<Actor, { kind: 'staff' }>,
  part: string | undefined,
  now: number
): PageAction[] {
  const allowedByPart = part ? (commandsByPart[part] ?? []) : [];
  const route = routeOf(definition);
  const step = route.steps.find(s => s.id === state.stepId);
  const out: PageAction[] = [];
  for (const type of allowedCommands(definition, state, by)) {
    if (allowedByPart !== 'all' && !allowedByPart.includes(type)) continue;
    const form = formOf(type, definition, state, by);
    const example = exampleOf(type, definition, state, step?.id, form);
    if (!example) continue;
    const decision = engine.decide(definition, state, { ...example, by } as Command, now);
    if (!decision.ok && rejectionKinds[decision.rejection.code] !== 'invalid') continue;
    out.push({
      type,
      label: commandLabels[type],
      ready: decision.ok,
      ...(!decision.ok ? { refusal: decision.rejection.message } : {}),
      form
    });
  }
  return out;
}

function formOf(
  type: Command['type'],
  definition: Definition,
  state: CaseState,
  by: Extract<Actor, { kind: 'staff' }>
): ActionForm {
  const route = routeOf(definition);
  const step = route.steps.find(s => s.id === state.stepId);
  switch (type) {
    case 'requestCorrection':
      return {
        kind: 'correction',
        materials: definition.materials.map(m => ({ id: m.id, title: m.title })),
        // Art. 32 一次性告知: before acceptance, a later notice names only what the first named.
        ...(state.firstNotice && state.acceptedAt === undefined ? { onlyFrom: state.firstNotice } : {})
      };
    case 'returnStep':
      return {
        kind: 'returnStep',
        // Only the steps this case passed: a step its channel does not take (仅 现场) is no place to return to.
        steps: route.steps
          .slice(0, step ? route.steps.indexOf(step) : 0)
          .filter(s => takenOn(s, state.channel))
          .map(s => ({ id: s.id, label: s.label }))
      };
    case 'distribute':
      return { kind: 'distribute', coApprovers: step?.kind === 'parallel' ? step.coApprovers : [] };
    case 'answerCoApproval':
      return {
        kind: 'answerCoApproval',
        department: by.department,
        ...(state.deadlines?.coApprovers?.[by.department] !== undefined
          ? { deadline: iso(state.deadlines.coApprovers[by.department]) }
          : {})
      };
    case 'consolidate':
      return {
        kind: 'consolidate',
        answers: Object.entries(state.coApproval?.answers ?? {}).map(([department, a]) => ({
          department,
          agree: a.agree,
          reasons: a.reasons
        }))
      };
    case 'startSpecialProcedure':
      return {
        kind: 'specialProcedure',
        kinds: definition.specialProcedures.map(p => ({
          kind: p.kind,
          label: p.label,
          ...(p.maxDuration ? { maxDuration: p.maxDuration } : {})
        }))
      };
    case 'explainOverdue': {
      const last = state.overdueExplanations?.at(-1);
      return {
        kind: 'explainOverdue',
        ...(state.deadlines ? { promised: iso(state.deadlines.promised) } : {}),
        ...(last ? { told: { expected: last.expected, at: iso(last.at)! } } : {})
      };
    }
    case 'requestExtension': {
      const head = extensionHead({ definition, route });
      return {
        kind: 'requestExtension',
        max: definition.limits.extension,
        head: `${head.department}${head.role ? `的“${head.role}”` : '负责人'}`
      };
    }
    case 'approveExtension':
    case 'refuseExtension': {
      const r = state.extensionRequest;
      return {
        kind: 'answerExtension',
        ...(r ? { request: { reason: r.reason, amount: r.amount, by: r.by, at: iso(r.at)! } } : {})
      };
    }
    case 'decide':
      return {
        kind: 'decide',
        ...(definition.annualInspection ? { conclusions: definition.annualInspection.conclusions } : {}),
        documents: [definition.result?.name, ...(definition.otherResults ?? []).map(r => r.name)].filter(
          (n): n is string => !!n
        )
      };
    case 'deliver': {
      const failed = (state.delivery?.failures ?? 0) > 0;
      const methods = [
        ...definition.delivery.filter(m => m !== 'announcement'),
        ...(failed ? ['announcement' as const] : [])
      ];
      return {
        kind: 'deliver',
        methods: methods.map(method => ({ method, label: methodLabels[method] })),
        ...(state.preferredDelivery ? { preselected: state.preferredDelivery } : {})
      };
    }
    case 'completeStep':
      return { kind: 'opinion', ...(step ? { stepId: step.id, stepLabel: step.label } : {}) };
    case 'confirmPaper':
      return {
        kind: 'paperCheck',
        items: paperToCheck(definition, state).map(e => ({ ...e, formLabel: paperFormLabels[e.form] }))
      };
    case 'complete':
    case 'archive':
      return { kind: 'none' };
    default:
      return { kind: 'opinion' };
  }
}

/** A filled-in command of this type, to ask the engine whether it would take one now (undefined: none to try). */
function exampleOf(
  type: Command['type'],
  definition: Definition,
  state: CaseState,
  stepId: string | undefined,
  form: ActionForm
): Record<string, unknown> | undefined {
  const text = '（试算）';
  switch (type) {
    case 'passPreReview':
    case 'accept':
      return { type };
    case 'confirmPaper':
      return { type, items: asRequired(paperToCheck(definition, state)) };
    case 'distribute':
    case 'complete':
    case 'archive':
      return { type };
    case 'requestCorrection':
      return { type, items: [state.firstNotice?.[0] ?? definition.materials[0]?.title ?? text] };
    case 'refuse':
      return { type, reasons: text };
    case 'recordStageOpinion': {
      const stage = definition.annualInspection?.stages[state.stageOpinions.length]?.name;
      return stage ? { type, stage, opinion: text } : undefined;
    }
    case 'completeStep':
      return { type, stepId: stepId ?? '', opinion: text };
    case 'returnStep':
      return form.kind === 'returnStep' && form.steps[0]
        ? { type, toStepId: form.steps[0].id, reason: text }
        : undefined;
    case 'answerCoApproval':
      return { type, agree: true };
    case 'consolidate':
      return {
        type,
        opinion: text,
        responses: Object.fromEntries(
          Object.entries(state.coApproval?.answers ?? {})
            .filter(([, a]) => !a.agree)
            .map(([d]) => [d, text])
        )
      };
    case 'handOff':
      return { type, opinion: text };
    case 'startSpecialProcedure': {
      const p = definition.specialProcedures[0];
      return p
        ? { type, kind: p.kind, reason: text, expected: { amount: 1, unit: p.maxDuration?.unit ?? 'workdays' } }
        : undefined;
    }
    case 'endSpecialProcedure':
      return { type, result: text };
    case 'explainOverdue':
      return { type, reason: text, expected: '9999-12-31' };
    case 'extend':
    case 'requestExtension':
      return { type, reason: text };
    case 'approveExtension':
    case 'refuseExtension':
      return { type, opinion: text };
    case 'decide':
      return { type, approve: true, ...(definition.annualInspection ? { conclusion: 'pass' } : {}) };
    case 'deliver':
      return form.kind === 'deliver' && form.methods[0]
        ? { type, method: form.preselected ?? form.methods[0].method }
        : undefined;
    case 'deliveryFailed':
      return { type, reason: text };
    default:
      return undefined;
  }
}

/**
 * 窗口代为补正: when the case waits for a correction and this member of staff holds the post that may enter the
 * applicant's corrected materials (authority.ts: the acceptance window), what the form needs — the materials the
 * applicant may bring, those the notice names first. The scans go up through POST /api/office/window/files and the
 * correction through POST /api/office/window/cases/:id/resubmit; the engine is asked whether it would take it now.
 */
export function windowResubmitForm(
  engine: Engine,
  definition: Definition,
  state: CaseState,
  by: Extract<Actor, { kind: 'staff' }>,
  now: number
) {
  if (state.status !== 'correcting' || !mayGive(authorityFor(definition, state, 'resubmit'), by, state)) return null;
  const decision = engine.decide(definition, state, { type: 'resubmit', by }, now);
  if (!decision.ok && rejectionKinds[decision.rejection.code] !== 'invalid') return null;
  const items = state.correction?.items ?? [];
  const named = (title: string) => items.some(i => i.startsWith(title));
  const materials = definition.materials
    .filter(m => m.origin.kind === 'applicant' || m.origin.kind === 'intermediary')
    .map(m => ({ id: m.id, title: m.title, named: named(m.title) }));
  return {
    applicantId: state.applicant.id,
    matterCode: state.matterCode,
    materials: [...materials.filter(m => m.named), ...materials.filter(m => !m.named)],
    ready: decision.ok,
    ...(!decision.ok ? { refusal: decision.rejection.message } : {})
  };
}
