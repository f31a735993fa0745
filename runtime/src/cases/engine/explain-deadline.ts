import type { CalendarYear, Definition, Limit } from '@banshi/definition';
import { shanghaiTime } from '@banshi/definition/calendar';
import type { EngineCalendar } from './calendar-port.ts';
import type { CaseState } from './case-state.ts';
import { deadlineText, lawCorrectionNotice, limitText, provisionalSentence } from './notices.ts';
import { routeOf, type Route } from './route.ts';
import type { Instant, Opinion } from './types.ts';

/** What explaining a deadline asks of the calendar beyond the engine's: each year's holidays and 调休 workdays. */
export interface ExplainCalendar extends Pick<
  EngineCalendar,
  'deadline' | 'remaining' | 'resume' | 'dateOf' | 'isProvisional'
> {
  calendarOf(year: number): {
    holidays: CalendarYear['holidays'];
    adjustedWorkdays: readonly string[];
    provisional: boolean;
  };
}

/** A stretch the clock stood still in (Art. 45 special procedures; a correction notice during review). */
export interface ExplainedPause {
  from: Instant;
  to?: Instant;
  reason: 'specialProcedure' | 'correction';
  /** 专家评审（超限高层需专家论证）, 补正. */
  label: string;
  /** What was left of the limit when the clock stopped; absent when it had run out already (nothing moves). */
  remaining?: Limit;
  /** The deadline after the clock restarted (absent while the pause runs or when nothing moved). */
  movedTo?: Instant;
}

/** An extension that moved the deadline (Art. 42). */
export interface ExplainedExtension {
  at: Instant;
  amount: Limit;
  approvedBy: string;
  requestedBy?: string;
  reason: string;
  movedTo: Instant;
}

/** One deadline and how it was derived: "why this date". */
export interface DeadlineExplanation {
  key: string;
  label: string;
  /** The rule the limit comes from. */
  basis: string;
  start: { at: Instant; date: string; text: string };
  limit: Limit;
  pauses: ExplainedPause[];
  extension?: ExplainedExtension;
  /** Holidays between the start day and the deadline's last day (each with its name), and 调休 workdays counted. */
  holidays: Array<{ name: string; from: string; to: string; provisional: boolean }>;
  adjustedWorkdays: string[];
  /** The deadline this derivation gives; undefined while a pause runs (it is set again when the clock restarts). */
  at: Instant | undefined;
  /** The deadline the case holds, for comparison; they agree unless a calendar published since moved one. */
  stored: Instant | undefined;
  provisional: boolean;
  /** The derivation in sentences, in order: start, count, each pause, the extension, the days off crossed. */
  lines: string[];
}

export interface ExplainInput {
  key: string;
  label: string;
  basis: string;
  start: Instant;
  /** Why the count starts then: 自受理之日起算, 自分送之日起算, …. */
  startText: string;
  limit: Limit;
  pauses: ReadonlyArray<Omit<ExplainedPause, 'remaining' | 'movedTo'>>;
  extension?: Omit<ExplainedExtension, 'movedTo'>;
  stored?: Instant;
}

const dayText = (date: string) =>
  `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const unitRule: Record<Limit['unit'], string> = {
  workdays: '按工作日计算，起算当日不计入、自次日起算，法定节假日和休息日不计，调休上班日计入',
  days: '按自然日计算，起算当日不计入；期限最后一日为节假日的，以节假日后的第一个工作日为最后一日',
  hours: '按办公时间计算，非办公时间和非工作日不计'
};

/**
 * How one deadline follows from its start, its limit, the pauses after the start and an extension, counted on
 * `calendar` exactly as the engine counts it (`deadline`, `remaining`, `resume`; a deadline already passed when the
 * clock stopped stays where it was; an extension adds its days after the last day). Pure.
 */
export function explainDeadline(calendar: ExplainCalendar, input: ExplainInput): DeadlineExplanation {
  const { limit } = input;
  let at: Instant | undefined = calendar.deadline(input.start, limit);
  const startDate = calendar.dateOf(input.start);
  const lines = [
    `${input.startText}（${dayText(startDate)}）；${input.basis}，期限 ${limitText(limit)}（${unitRule[limit.unit]}），届满于 ${deadlineText(at)}。`
  ];
  const moments = [
    ...input.pauses.filter(p => p.from >= input.start).map(p => ({ at: p.from, pause: p })),
    ...(input.extension ? [{ at: input.extension.at, extension: input.extension }] : [])
  ].sort((a, b) => a.at - b.at);
  const pauses: ExplainedPause[] = [];
  let extension: ExplainedExtension | undefined;
  let last = at;
  for (const moment of moments) {
    if ('pause' in moment && moment.pause) {
      const p = moment.pause;
      const span = `${p.label}：自 ${shanghaiTime(p.from)} ${p.to !== undefined ? `至 ${shanghaiTime(p.to)}` : '起'}暂停计时，不计入期限`;
      if (at === undefined || at <= p.from) {
        pauses.push({ ...p });
        lines.push(`${span}；暂停时该期限已经届满，不因暂停顺延。`);
        continue;
      }
      const remaining = calendar.remaining(p.from, at, limit.unit);
      if (p.to === undefined) {
        pauses.push({ ...p, remaining });
        lines.push(`${span}；暂停时剩余 ${limitText(remaining)}，恢复计时后自恢复次日起重新计算。`);
        at = undefined;
        continue;
      }
      at = calendar.resume(p.to, remaining);
      last = at;
      pauses.push({ ...p, remaining, movedTo: at });
      lines.push(`${span}；暂停时剩余 ${limitText(remaining)}，恢复后顺延至 ${deadlineText(at)}。`);
    } else if ('extension' in moment && moment.extension && at !== undefined) {
      const e = moment.extension;
      if (e.amount.unit !== limit.unit) continue;
      at = e.amount.unit !== 'hours' ? calendar.deadline(at - 1, e.amount) : calendar.deadline(at, e.amount);
      last = at;
      extension = { ...e, movedTo: at };
      lines.push(
        `${e.requestedBy ? `${e.requestedBy}申请，` : ''}经${e.approvedBy}批准（《行政许可法》第四十二条），于 ${shanghaiTime(e.at)} 延长 ${limitText(e.amount)}，至 ${deadlineText(at)}。理由：${e.reason}`
      );
    }
  }
  const lastDate = calendar.dateOf(last - 1);
  const { holidays, adjustedWorkdays } = daysOffBetween(calendar, startDate, lastDate);
  if (limit.unit !== 'hours' || holidays.length > 0) {
    for (const h of holidays)
      lines.push(
        `其间${h.name}（${dayText(h.from)}${h.to !== h.from ? `至${dayText(h.to)}` : ''}）放假，不计入${h.provisional ? '（按法定节假日暂定）' : ''}。`
      );
    if (adjustedWorkdays.length > 0)
      lines.push(`${adjustedWorkdays.map(dayText).join('、')}为调休上班日，计入工作日。`);
  }
  const provisional = calendar.isProvisional(input.start, last);
  if (provisional) lines.push(provisionalSentence);
  if (at !== undefined && input.stored !== undefined && input.stored !== at)
    lines.push(`办件记录的期限为 ${deadlineText(input.stored)}（按当时的日历计算）。`);
  return {
    key: input.key,
    label: input.label,
    basis: input.basis,
    start: { at: input.start, date: startDate, text: input.startText },
    limit,
    pauses,
    ...(extension ? { extension } : {}),
    holidays,
    adjustedWorkdays,
    at,
    stored: input.stored,
    provisional,
    lines
  };
}

/** The named holidays overlapping the days after `from` up to `to`, and the 调休 workdays among them. */
function daysOffBetween(
  calendar: ExplainCalendar,
  from: string,
  to: string
): Pick<DeadlineExplanation, 'holidays' | 'adjustedWorkdays'> {
  const holidays: DeadlineExplanation['holidays'] = [];
  const adjustedWorkdays: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const days = calendar.calendarOf(year);
    for (const h of days.holidays)
      if (h.to > from && h.from <= to)
        holidays.push({ name: h.name, from: h.from, to: h.to, provisional: days.provisional });
    for (const d of days.adjustedWorkdays) if (d > from && d <= to) adjustedWorkdays.push(d);
  }
  return { holidays, adjustedWorkdays };
}

const specialLabels: Record<string, string> = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expertReview: '专家评审',
  publicNotice: '公示'
};

/** The case's pauses with their reasons: a special procedure's kind and why; a correction notice during review. */
function pausesOf(definition: Definition, state: CaseState): ExplainInput['pauses'] {
  return state.pauses.map(p => {
    if (p.reason === 'correction')
      return {
        from: p.from,
        ...(p.to !== undefined ? { to: p.to } : {}),
        reason: p.reason,
        label: '补正（申请人补正材料期间）'
      };
    const procedure = (state.procedures ?? []).find(s => s.startedAt === p.from);
    const kind = procedure
      ? (definition.specialProcedures.find(s => s.kind === procedure.kind)?.label ??
        specialLabels[procedure.kind] ??
        procedure.kind)
      : '特殊程序';
    return {
      from: p.from,
      ...(p.to !== undefined ? { to: p.to } : {}),
      reason: p.reason,
      label: `特殊程序：${kind}${procedure ? `（${procedure.reason}）` : ''}，依《行政许可法》第四十五条不计入期限`
    };
  });
}

/**
 * Every deadline of the case with how it was derived: the Art. 32 acceptance date before acceptance; after it the
 * legal and promised limits (from acceptance, or from receipt when deemed accepted); in a lower level's first review
 * its stage's (Art. 43, until the hand-off); the current step's (the upper level's first step counted from the
 * hand-off, Art. 35) and, during co-approval, each co-approver's own. Pure: the calendar is data passed in.
 */
export function explainCaseDeadlines(
  definition: Definition,
  state: CaseState,
  calendar: ExplainCalendar
): DeadlineExplanation[] {
  const out: DeadlineExplanation[] = [];
  const pauses = pausesOf(definition, state);
  if (state.deemedAcceptanceAt !== undefined && (state.acceptedAt === undefined || state.deemed)) {
    const resubmitted = state.completeAt !== state.receivedAt;
    out.push(
      explainDeadline(calendar, {
        key: 'deemedAcceptance',
        label: '补正告知期限（逾期视为受理）',
        basis:
          '《行政许可法》第三十二条：申请材料不齐全的，应当当场或者在五日内一次告知需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理',
        start: state.completeAt,
        startText: resubmitted ? '自收到补正后的申请材料之日起算' : '自收到申请材料之日起算',
        limit: lawCorrectionNotice,
        pauses: [],
        stored: state.deemedAcceptanceAt
      })
    );
  }
  if (state.acceptedFrom === undefined || !state.deadlines) return out;
  const from = state.acceptedFrom;
  const startText = state.deemed
    ? '未在五个工作日内告知补正，依《行政许可法》第三十二条视为受理，自收到申请之日起算'
    : '自受理之日起算（受理次日起算）';
  const extension = state.extension && {
    at: state.extension.at,
    amount: state.extension.amount,
    approvedBy: state.extension.approvedBy || '本机关负责人',
    ...(state.extension.requestedBy ? { requestedBy: state.extension.requestedBy } : {}),
    reason: state.extension.reason
  };
  const joint = definition.limits.legal.amount > 20 && definition.limits.legal.unit === 'workdays';
  out.push(
    explainDeadline(calendar, {
      key: 'legal',
      label: '法定办结期限',
      basis: joint
        ? '《行政许可法》第四十二条：统一办理、联合办理或者集中办理的，不超过四十五日'
        : '法定时限（《行政许可法》第四十二条）',
      start: from,
      startText,
      limit: definition.limits.legal,
      pauses,
      ...(extension ? { extension } : {}),
      stored: state.deadlines.legal
    }),
    explainDeadline(calendar, {
      key: 'promised',
      label: '承诺办结期限',
      basis: '本事项办事指南承诺的时限',
      start: from,
      startText,
      limit: definition.limits.promised,
      pauses,
      ...(extension ? { extension } : {}),
      stored: state.deadlines.promised
    })
  );
  const route = routeOf(definition);
  const step = route.steps.find(s => s.id === state.stepId);
  const co =
    state.coApproval && step && step.kind === 'parallel' && state.coApproval.stepId === step.id
      ? state.coApproval
      : undefined;
  const stage = step?.stageId !== undefined ? route.stages[step.stageId] : undefined;
  const stageStart = step?.stageId !== undefined ? stageEntry(state, route, step.stageId) : undefined;
  if (stage && stageStart && state.deadlines.stage !== undefined) {
    out.push(
      explainDeadline(calendar, {
        key: 'stage',
        label: `${stage.department}初审期限（报送${stage.to}）`,
        basis: stageBasis,
        start: stageStart.at,
        startText:
          stageStart.verdict === 'accept'
            ? state.deemed
              ? `自${stage.department}依法视为受理之日起算（《行政许可法》第三十二条）`
              : `自${stage.department}受理之日起算（受理次日起算）`
            : stageStart.verdict === 'return'
              ? `${stage.to}退回后，自回到${stage.department}之日起重新起算`
              : `自进入${stage.department}初审之日起算`,
        limit: stage.limit,
        pauses,
        stored: state.deadlines.stage
      })
    );
  }
  if (step && step.kind !== 'handOff' && state.deadlines.step !== undefined && state.stepEnteredAt !== undefined) {
    const start = co ? co.distributedAt : state.stepEnteredAt;
    const handOff = co ? undefined : handOffInto(state, route);
    out.push(
      explainDeadline(calendar, {
        key: 'step',
        label: handOff ? `${handOff.to}“${step.label}”环节期限` : `“${step.label}”环节期限`,
        basis: handOff
          ? `本事项办理流程为${handOff.to}该环节规定的时限；下级机关已将初步审查意见和全部申请材料直接报送上级机关，上级机关不得要求申请人重复提供申请材料（《行政许可法》第三十五条）`
          : '本事项办理流程为该环节规定的时限',
        start,
        startText: co
          ? '自牵头部门分送各协办部门之日起算'
          : handOff
            ? `自${handOff.to}收到${handOff.from}报送的初审意见和全部申请材料之日起算`
            : `自进入“${step.label}”环节之日起算`,
        limit: step.limit,
        pauses,
        stored: state.deadlines.step
      })
    );
  }
  if (co && step && step.kind === 'parallel') {
    for (const c of step.coApprovers) {
      out.push(
        explainDeadline(calendar, {
          key: `coApprover:${c.department}`,
          label: `${c.department}答复期限`,
          basis: '并联审批中该协办部门的答复时限',
          start: co.distributedAt,
          startText: '自牵头部门分送之日起算',
          limit: c.limit,
          pauses,
          stored: state.deadlines.coApprovers?.[c.department]
        })
      );
    }
  }
  return out;
}

const stageBasis =
  '本事项规定的下级机关初审时限（《行政许可法》第四十三条：依法应当先经下级行政机关审查后报上级行政机关决定的行政许可，下级行政机关应当自其受理行政许可申请之日起二十日内审查完毕；第三十五条：下级行政机关应当在法定期限内将初步审查意见和全部申请材料直接报送上级行政机关）';

const moves = new Set<Opinion['verdict']>(['accept', 'pass', 'consolidate', 'handOff', 'return']);

/**
 * The opinions that moved the case from one step to the next, oldest first; each names the step it left
 * ('acceptance' for the acceptance that opened the first step). The step each one entered is the one the next left.
 */
function transitions(state: CaseState, route: Route): Opinion[] {
  const ids = new Set(route.steps.map(s => s.id));
  return state.opinions.filter(
    o => moves.has(o.verdict) && (o.verdict === 'accept' ? o.stepId === 'acceptance' : ids.has(o.stepId))
  );
}

/**
 * When the case last came into the lower level's stage (the engine counts the stage from then; moves inside the
 * stage, a return within it too, keep its deadline): the latest move that left a step outside the stage.
 */
function stageEntry(state: CaseState, route: Route, stageId: string): Opinion | undefined {
  const moved = transitions(state, route);
  for (let i = moved.length - 1; i >= 0; i--) {
    const left = route.steps.find(s => s.id === moved[i]!.stepId);
    if (left?.stageId !== stageId) return moved[i];
  }
  return undefined;
}

/** The hand-off that brought the case into its current step (the upper level's first, counted from receipt). */
function handOffInto(state: CaseState, route: Route): { from: string; to: string } | undefined {
  const last = transitions(state, route).at(-1);
  if (!last || last.verdict !== 'handOff' || last.at !== state.stepEnteredAt) return undefined;
  const left = route.steps.find(s => s.id === last.stepId);
  return left?.kind === 'handOff' ? { from: left.department, to: left.to } : undefined;
}
