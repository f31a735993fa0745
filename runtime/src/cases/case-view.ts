import type { WorkCalendar } from '@banshi/definition/calendar';
import type { Definition } from '@banshi/definition';
import {
  deadlineText,
  liveDeadlines,
  notices,
  provisionalSentence,
  routeOf,
  type DeadlineEntry,
  statusLabels,
  type CaseState,
  type Event
} from './engine/index.ts';

export { statusLabels } from './engine/index.ts';

const eventLabels: Record<Event['type'], string> = {
  Submitted: '提交申请',
  PreReviewPassed: '预审通过',
  CorrectionRequested: '一次性告知补正',
  Resubmitted: '补正后重新提交',
  PaperConfirmed: '纸质材料已收到',
  Accepted: '受理',
  Refused: '不予受理',
  StageOpinionRecorded: '阶段意见',
  StepCompleted: '环节办结',
  StepReturned: '退回',
  CoApprovalDistributed: '分送协办部门',
  CoApproverAnswered: '协办部门答复',
  CoApprovalConsolidated: '汇总协办意见',
  HandedOff: '报送上级机关',
  SpecialProcedureStarted: '进入特殊程序',
  SpecialProcedureEnded: '特殊程序结束',
  OverdueExplained: '告知超时原因和新的办结时限',
  Extended: '延长办理期限',
  ExtensionRequested: '申请延期',
  ExtensionRefused: '不批准延期',
  Withdrawn: '撤回申请',
  Decided: '作出决定',
  Delivered: '送达',
  DeliveryFailed: '送达未成功',
  SupervisionRaised: '监察提示',
  DeadlinesRecounted: '按公布的节假日安排调整时限',
  Completed: '办结',
  Archived: '归档'
};

/** What a calendar asks of a view: which periods run through a year counted on the provisional rule. */
export type ViewCalendar = Pick<WorkCalendar, 'deadline' | 'isProvisional' | 'provisionalYearsIn'>;

/**
 * The years the case's running deadlines (`live`, from `liveDeadlines`) are counted on the provisional rule, and the
 * sentence that goes with them; undefined when every running deadline is counted on a published calendar.
 */
export function provisionalOf(
  live: readonly DeadlineEntry[],
  receivedAt: number,
  calendar: ViewCalendar
): { years: number[]; note: string } | undefined {
  const years = new Set<number>();
  for (const entry of live) for (const year of calendar.provisionalYearsIn(receivedAt, entry.at)) years.add(year);
  return years.size ? { years: [...years].sort((a, b) => a - b), note: provisionalSentence } : undefined;
}

/**
 * What tracking reads of a case's state, and all it reads (track-lookups.ts selects these keys and no others): the
 * number, the status and the clock, and a correction's items the applicant is asked for. Not the applicant's
 * particulars, answers or materials, nor the staff's opinions or a decision's reasons: a public lookup takes out of
 * the database only what its answer shows (个人信息保护法 第六条, the least needed).
 */
export const trackedStateKeys = [
  'caseNumber',
  'matterVersion',
  'status',
  'receivedAt',
  'acceptedAt',
  'deemedAcceptanceAt',
  'preReviewDeadline',
  'deadlines',
  'deliveryDeadline',
  'paused',
  'pauses',
  'correction'
] as const satisfies ReadonlyArray<keyof CaseState>;

export type TrackedState = Pick<CaseState, (typeof trackedStateKeys)[number]>;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** What the applicant should do next, in one sentence, or nothing. */
function nextForApplicant(state: Pick<CaseState, 'status' | 'correction'>, definition: Definition): string | undefined {
  switch (state.status) {
    case 'correcting':
      return `请按补正通知一次性补正全部内容后重新提交：${state.correction?.items.join('；')}`;
    case 'awaitingPaper':
      return definition.paper.mode === 'afterPreReview'
        ? `请${definition.paper.how === 'mail' ? '邮寄' : definition.paper.how === 'bring' ? '携带' : '携带或邮寄'}纸质材料到办理窗口。`
        : undefined;
    case 'decided':
      return '结果正在送达。';
    case 'completed':
      return '办件已办结，欢迎对本次服务作出评价。';
    default:
      return undefined;
  }
}

/**
 * A case as the API shows it. `audience` decides whether staff names appear (not to applicants). A deadline counted
 * on a year without a published calendar says so (`provisional`), with the sentence to show beside it.
 */
export function caseView(
  state: CaseState,
  definition: Definition,
  audience: 'applicant' | 'staff',
  calendar: ViewCalendar
) {
  return {
    ...caseSummary(state, definition, audience, calendar),
    notices: notices(definition, state, calendar).map(n => ({ ...n, issuedAt: iso(n.issuedAt)! }))
  };
}

/**
 * A case's deadlines and pauses as the views show them, a deadline counted on a year without a published calendar
 * saying so.
 */
function clockView(state: TrackedState, definition: Definition, calendar: ViewCalendar) {
  const live = liveDeadlines(definition, state);
  const provisional = provisionalOf(live, state.receivedAt, calendar);
  const running = new Set(live.map(e => e.key));
  const isProvisional = (key: string, at: number | undefined) =>
    at !== undefined && running.has(key) && calendar.isProvisional(state.receivedAt, at);
  return {
    deadlines: state.deadlines && {
      legal: iso(state.deadlines.legal)!,
      promised: iso(state.deadlines.promised)!,
      step: iso(state.deadlines.step),
      provisional:
        isProvisional('legal', state.deadlines.legal) ||
        isProvisional('promised', state.deadlines.promised) ||
        isProvisional('step', state.deadlines.step)
    },
    /** Art. 32: accepted by law at this instant if no correction notice comes first (before acceptance only). */
    deemedAcceptanceAt:
      state.acceptedAt === undefined && state.deemedAcceptanceAt !== undefined && running.has('deemedAcceptance')
        ? iso(state.deemedAcceptanceAt)
        : undefined,
    provisional: provisional ?? null,
    paused: state.paused ? { since: iso(state.paused.since)!, reason: state.paused.reason } : undefined,
    pauses: state.pauses.map(p => ({ from: iso(p.from)!, to: iso(p.to), reason: p.reason }))
  };
}

const matterView = (state: TrackedState, definition: Definition) => ({
  code: definition.code,
  name: definition.name,
  version: Number(state.matterVersion),
  department: definition.department.name
});

/**
 * The case view without its notices (the texts of the receipt and of each notice sent, each with its deadlines
 * counted on the calendar).
 */
export function caseSummary(
  state: CaseState,
  definition: Definition,
  audience: 'applicant' | 'staff',
  calendar: ViewCalendar
) {
  const route = routeOf(definition);
  const step = route.steps.find(s => s.id === state.stepId);
  return {
    id: state.id,
    caseNumber: state.caseNumber,
    matter: matterView(state, definition),
    applicant: audience === 'staff' ? state.applicant : { name: state.applicant.name, kind: state.applicant.kind },
    status: state.status,
    statusLabel: statusLabels[state.status],
    channel: state.channel,
    preferredDelivery: state.preferredDelivery ?? null,
    receivedAt: iso(state.receivedAt)!,
    acceptedAt: iso(state.acceptedAt),
    deemedAcceptance: state.deemed,
    ...clockView(state, definition, calendar),
    step: step ? { id: step.id, label: step.label } : undefined,
    correction: state.correction
      ? { items: state.correction.items, round: state.correction.round, issuedAt: iso(state.correction.issuedAt)! }
      : undefined,
    decision: state.decision
      ? {
          approve: state.decision.approve,
          reasons: state.decision.reasons,
          conclusion: state.decision.conclusion,
          at: iso(state.decision.at)!
        }
      : undefined,
    answers: state.answers,
    materials: state.materials,
    next: audience === 'applicant' ? nextForApplicant(state, definition) : undefined,
    version: state.version
  };
}

/**
 * What tracking answers of a case, to anyone holding its number and its holder's ID number or credit code: where it
 * stands and its clock, from the keys `trackedStateKeys` names alone, as an applicant sees them (no staff names,
 * answers or materials).
 */
export function trackedSummary(state: TrackedState, definition: Definition, calendar: ViewCalendar) {
  const { deadlines, provisional, paused, pauses } = clockView(state, definition, calendar);
  return {
    caseNumber: state.caseNumber,
    matter: matterView(state, definition),
    status: state.status,
    statusLabel: statusLabels[state.status],
    receivedAt: iso(state.receivedAt)!,
    deadlines,
    provisional,
    paused,
    pauses,
    next: nextForApplicant(state, definition)
  };
}

/**
 * What a timeline reads of an event: its type, time and actor, and a recount's moves and years. Tracking reads only
 * these from the database (track-lookups.ts), not the answers and materials a submission carries.
 */
export type TimelineEvent = Pick<Event, 'at' | 'by'> &
  (
    | { type: Exclude<Event['type'], 'DeadlinesRecounted'> }
    | Pick<Extract<Event, { type: 'DeadlinesRecounted' }>, 'type' | 'moves' | 'years'>
  );

/** The timeline: every event with its label and time; staff names only for staff. Supervision only for staff. */
export function timeline(events: Array<{ seq: number; event: TimelineEvent }>, audience: 'applicant' | 'staff') {
  return events
    .filter(({ event }) => audience === 'staff' || event.type !== 'SupervisionRaised')
    .map(({ seq, event }) => ({
      seq,
      type: event.type,
      // 窗口收件 (seeds/003 §四): an application the window entered for its applicant says so.
      label: event.type === 'Submitted' && event.by.kind === 'staff' ? '窗口代为录入' : eventLabels[event.type],
      at: new Date(event.at).toISOString(),
      ...(event.type === 'DeadlinesRecounted' ? { detail: recountDetail(event, audience) } : {}),
      by:
        event.by.kind === 'staff'
          ? audience === 'staff'
            ? `${event.by.department} ${event.by.name}`
            : event.by.department
          : event.by.kind === 'applicant'
            ? '申请人'
            : '系统'
    }));
}

/** What a recount moved, in one sentence: the applicant reads the dates they were told (promised and legal). */
export function recountDetail(
  event: Pick<Extract<Event, { type: 'DeadlinesRecounted' }>, 'moves' | 'years'>,
  audience: 'applicant' | 'staff'
): string {
  const shown =
    audience === 'applicant'
      ? event.moves.filter(m => m.key === 'promised' || m.key === 'legal' || m.key === 'deemedAcceptance')
      : event.moves;
  const moved = shown.map(m => `${m.label}由 ${deadlineText(m.from)} 调整为 ${deadlineText(m.to)}`).join('；');
  return `国务院办公厅公布了 ${event.years.join('、')} 年节假日安排，按公布的安排重新计算时限${moved ? `：${moved}` : ''}。`;
}
