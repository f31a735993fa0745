import type { Definition, Limit } from '@banshi/definition';
import type { WorkCalendar } from '@banshi/definition/calendar';
import { createEngine, routeOf, type CaseState, type Event, type SupervisionRecord } from '../../cases/index.ts';
import { simulatedCaseNumber, type Run } from './run.ts';

export type TimelineLevel = 'info' | 'deadline' | 'warning' | 'yellow' | 'red' | 'anomaly';

/** One moment of a simulated case, as the studio draws it. */
export interface TimelineEntry {
  at: string;
  /** The day it falls on; for a deadline, the last day it still counts (a limit ending at midnight ends that day). */
  day: string;
  kind: string;
  label: string;
  detail?: string;
  level: TimelineLevel;
  /** Counted on a year whose holiday schedule is not yet published: the date may move when it is. */
  provisional?: true;
}

export type CardLevel = 'warning' | 'yellow' | 'red' | 'anomaly';

/** What a simulation comes to: what an expectation saves and compares. */
export interface Outcome {
  decidedOn: string | null;
  promisedBy: string | null;
  legalBy: string | null;
  deemedAcceptance: boolean;
  cards: Array<{ level: CardLevel; day: string; what: string }>;
}

const levels: Record<SupervisionRecord['level'], CardLevel> = {
  warning: 'warning',
  yellowCard: 'yellow',
  redCard: 'red',
  anomaly: 'anomaly'
};
const cardLabels: Record<CardLevel, string> = { warning: '预警', yellow: '黄牌', red: '红牌', anomaly: '异常' };

/** The timeline of a simulated case: what happened, every deadline it ran against (at its final date), every card. */
export function timelineOf(definition: Definition, calendar: WorkCalendar, run: Run): TimelineEntry[] {
  const route = routeOf(definition);
  const { evolve } = createEngine(calendar);
  const entries: Array<Omit<TimelineEntry, 'at' | 'day'> & { at: number; from?: number }> = [];
  const deadlines = new Map<string, { at: number; label: string; detail?: string; from: number }>();
  const stepLabel = (id: string | undefined) => route.steps.find(s => s.id === id)?.label ?? '';
  let state: CaseState | undefined;
  let previous: CaseState | undefined;
  const info = (event: Event, kind: string, label: string, detail?: string) =>
    entries.push({ at: event.at, kind, label, level: 'info', ...(detail ? { detail } : {}) });

  for (const event of run.events) {
    previous = state;
    state = evolve(state, event);
    switch (event.type) {
      case 'Submitted':
        info(event, 'submitted', '提交申请', `${channelLabels[event.channel]}递交`);
        break;
      case 'PreReviewPassed':
        if (event.by.kind !== 'system') info(event, 'preReviewPassed', '预审通过', event.department);
        break;
      case 'CorrectionRequested':
        info(
          event,
          'correctionRequested',
          '补正告知',
          previous?.status === 'inReview'
            ? '一次性告知需要补正的全部内容；补正期间办理时限暂停计算'
            : '一次性告知需要补正的全部内容（《行政许可法》第三十二条）；受理期限自收到补正材料之日起重新计算'
        );
        break;
      case 'Resubmitted': {
        const asked = previous?.correction?.issuedAt ?? event.at;
        info(event, 'resubmitted', '申请人补正', `补正用时 ${Math.round((event.at - asked) / 86_400_000)} 日`);
        break;
      }
      case 'PaperConfirmed':
        info(event, 'paperConfirmed', '核对纸质材料');
        break;
      case 'Accepted':
        entries.push({
          at: event.at,
          kind: event.deemed ? 'deemedAcceptance' : 'accepted',
          label: event.deemed ? '视为受理' : '受理',
          level: event.deemed ? 'deadline' : 'info',
          detail: event.deemed
            ? `收到申请之日起 5 个工作日内未告知补正，依《行政许可法》第三十二条自 ${calendar.dateOf(event.acceptedFrom)} 起即为受理`
            : `办理时限自 ${calendar.dateOf(event.acceptedFrom)} 受理起算`
        });
        break;
      case 'StepCompleted':
        info(event, 'stepCompleted', `${event.label}办结`);
        break;
      case 'StepReturned':
        info(event, 'stepReturned', `退回${stepLabel(event.toStepId)}`, event.reason);
        break;
      case 'CoApprovalDistributed':
        info(event, 'coApprovalDistributed', '分送并联审批', event.coApprovers.join('、'));
        break;
      case 'CoApproverAnswered':
        entries.push({
          at: event.at,
          kind: 'coApproverAnswered',
          label: `${event.department}答复`,
          level: 'info',
          detail: `${event.agree ? '同意' : '不同意'}${event.late ? '；超过答复时限' : ''}`
        });
        break;
      case 'CoApprovalConsolidated':
        info(event, 'coApprovalConsolidated', '汇总并联审批意见');
        break;
      case 'HandedOff':
        info(event, 'handedOff', '报送上级机关', `${event.from} → ${event.to}（《行政许可法》第四十三条）`);
        break;
      case 'SpecialProcedureStarted':
        info(
          event,
          'specialProcedureStarted',
          `特别程序 ${run.procedureLabel ?? ''} 开始`.replace('  ', ' '),
          `预计 ${limitText(event.expected)}；所需时间不计入办理时限（《行政许可法》第四十五条）`
        );
        break;
      case 'SpecialProcedureEnded': {
        const since = previous?.paused?.since ?? event.at;
        info(
          event,
          'specialProcedureEnded',
          `特别程序 ${run.procedureLabel ?? ''} 结束`.replace('  ', ' '),
          `历时 ${Math.round((event.at - since) / 86_400_000)} 日，办理时限恢复计算`
        );
        break;
      }
      case 'Extended':
        entries.push({
          at: event.at,
          kind: 'extended',
          label: '延长审批期限',
          level: 'deadline',
          detail: `经负责人批准延长 ${limitText(event.amount)}，并将理由告知申请人（《行政许可法》第四十二条）`
        });
        break;
      case 'Decided':
        info(event, 'decided', '作出决定', event.approve ? '准予许可' : '不予许可');
        break;
      case 'Delivered':
        info(event, 'delivered', '送达');
        break;
      case 'Completed':
        info(event, 'completed', '办结');
        break;
      case 'SupervisionRaised': {
        const level = levels[event.record.level];
        entries.push({
          at: event.at,
          kind: event.record.rule,
          label: cardLabels[level],
          level,
          detail: readable(event.record.message)
        });
        break;
      }
      default:
        break;
    }
    noteDeadlines(definition, state, deadlines, stepLabel);
  }

  for (const [kind, d] of deadlines) {
    entries.push({
      at: d.at,
      kind: `deadline:${kind}`,
      label: d.label,
      level: 'deadline',
      from: d.from,
      ...(d.detail ? { detail: d.detail } : {})
    });
  }
  const final = run.state;
  for (const key of ['promised', 'legal'] as const) {
    const entry = entries.find(e => e.kind === `deadline:${key}`);
    if (entry) entry.detail = countedText(definition, calendar, final, key);
  }
  return entries
    .map(({ from, ...e }) => ({
      ...e,
      at: new Date(e.at).toISOString(),
      day: e.level === 'deadline' && e.kind.startsWith('deadline:') ? lastDay(calendar, e.at) : calendar.dateOf(e.at),
      ...(calendar.isProvisional(from ?? e.at, e.at + 1) ? { provisional: true as const } : {})
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The outcome an expectation compares: the decision day, the final limits, deemed acceptance, the cards. */
export function outcomeOf(calendar: WorkCalendar, run: Run): Outcome {
  const decided = run.events.find(e => e.type === 'Decided');
  const d = run.state.deadlines;
  return {
    decidedOn: decided ? calendar.dateOf(decided.at) : null,
    promisedBy: d ? lastDay(calendar, d.promised) : null,
    legalBy: d ? lastDay(calendar, d.legal) : null,
    deemedAcceptance: run.events.some(e => e.type === 'Accepted' && e.deemed),
    cards: run.events.flatMap(e =>
      e.type === 'SupervisionRaised'
        ? [{ level: levels[e.record.level], day: calendar.dateOf(e.at), what: readable(e.record.message) }]
        : []
    )
  };
}

/** The deadlines a state runs against, kept at their latest value: a pause or an extension moves them. */
function noteDeadlines(
  definition: Definition,
  state: CaseState,
  into: Map<string, { at: number; label: string; detail?: string; from: number }>,
  stepLabel: (id: string | undefined) => string
): void {
  const set = (key: string, at: number | undefined, label: string, detail?: string) => {
    if (at === undefined) return;
    const from = into.get(key)?.from ?? state.receivedAt;
    into.set(key, { at, label, from, ...(detail ? { detail } : {}) });
  };
  if (['submitted', 'awaitingPaper', 'preReviewed', 'correcting'].includes(state.status)) {
    if (state.status === 'submitted') set('preReview', state.preReviewDeadline, '预审期限');
    set(
      'deemedAcceptance',
      state.deemedAcceptanceAt,
      '受理期限',
      '收到申请之日起 5 个工作日内应受理或一次性告知补正，逾期视为受理（《行政许可法》第三十二条）'
    );
  }
  const d = state.deadlines;
  if (!d) return;
  set('promised', d.promised, '承诺时限届满');
  set('legal', d.legal, '法定时限届满');
  if (state.status === 'inReview' || state.status === 'paused') {
    const step = routeOf(definition).steps.find(s => s.id === state.stepId);
    if (step && d.step !== undefined)
      set(`step:${step.id}`, d.step, `“${stepLabel(step.id)}”环节期限`, limitText(step.limit));
    for (const [department, at] of Object.entries(d.coApprovers ?? {}))
      if (!state.coApproval?.answers[department]) set(`coApprover:${department}`, at, `${department}答复期限`);
  }
  if (state.status === 'decided' && state.deliveryDeadline !== undefined)
    set(
      'delivery',
      state.deliveryDeadline,
      '送达期限',
      '作出准予许可决定后颁发、送达许可证件（《行政许可法》第四十四条）'
    );
}

/** How a final limit was counted: its length, the day counting began (and why it moved), pauses, the extension. */
function countedText(
  definition: Definition,
  calendar: WorkCalendar,
  state: CaseState,
  key: 'promised' | 'legal'
): string {
  const limit = definition.limits[key];
  const parts = [limitText(limit)];
  const from = state.acceptedFrom;
  if (from !== undefined && limit.unit === 'workdays') {
    const accepted = calendar.dateOf(from);
    const first = calendar.addWorkdays(accepted, 1);
    const skipped = holidaysBetween(calendar, accepted, first);
    parts.push(`起算 ${first}${skipped ? `（${skipped}顺延）` : ''}`);
  }
  for (const pause of state.pauses) {
    if (pause.to === undefined) continue;
    const days = Math.round((pause.to - pause.from) / 86_400_000);
    parts.push(`${pause.reason === 'correction' ? '补正' : '特别程序'}暂停 ${days} 日`);
  }
  if (state.extension) parts.push(`延长 ${limitText(state.extension.amount)}`);
  if (key === 'legal')
    parts.push(definition.limits.joint ? '《行政许可法》第四十二条（联合办理）' : '《行政许可法》第四十二条');
  return parts.join('，');
}

/** The holidays (not plain weekends) after one day and before another, by name: 国庆节, 春节. */
function holidaysBetween(calendar: WorkCalendar, from: string, to: string): string {
  const names = new Set<string>();
  for (let day = nextDay(from); day < to; day = nextDay(day)) {
    for (const h of calendar.calendarOf(Number(day.slice(0, 4))).holidays)
      if (h.from <= day && day <= h.to) names.add(h.name);
  }
  return [...names].join('、');
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The last day a limit ending at `at` still counts: a limit ending at midnight ends the day before. */
function lastDay(calendar: WorkCalendar, at: number): string {
  return calendar.dateOf(at - 1);
}

export function limitText(limit: Limit | { amount: number; unit: string }): string {
  const unit = { workdays: '个工作日', hours: '小时', days: '日' }[limit.unit] ?? limit.unit;
  return `${limit.amount} ${unit}`;
}

/** A supervision message about the simulated case, as a sentence about 本办件. */
function readable(message: string): string {
  return message
    .replaceAll(`办件 ${simulatedCaseNumber} `, '本办件')
    .replaceAll(`办件 ${simulatedCaseNumber}`, '本办件');
}

const channelLabels = { online: '网上', express: '快递', onSite: '窗口现场' } as const;
