import type { Definition } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import type { SupervisionRecord } from './events.ts';
import { routeOf } from './route.ts';
import type { Instant } from './types.ts';
import { expectedLegalDeadline } from './expected.ts';
import { thresholds } from './thresholds.ts';
import { watched, type Watched } from './watched.ts';

function responsible(state: CaseState, department: string, role?: string): SupervisionRecord['responsible'] {
  const last = [...state.opinions]
    .reverse()
    .find(o => o.by.kind === 'staff' && o.by.department === department && (!role || o.by.roles.includes(role)));
  const person = last && last.by.kind === 'staff' ? { id: last.by.id, name: last.by.name } : undefined;
  return { ...(role ? { role } : {}), ...(person ? { person } : {}) };
}

function fromDeadline(
  state: CaseState,
  item: Watched,
  level: SupervisionRecord['level'],
  rule: string,
  message: string
): SupervisionRecord {
  return {
    key: `${rule}:${item.id}:${item.at}`,
    rule,
    level,
    department: item.department,
    responsible: responsible(state, item.department, item.role),
    deadline: item.at,
    message
  };
}

/** Deadline rules: a warning before, a yellow card past the promised or a step limit, a red card past the legal limit. */
function deadlineRules(
  definition: Definition,
  state: CaseState,
  now: Instant,
  calendar: EngineCalendar
): SupervisionRecord[] {
  const out: SupervisionRecord[] = [];
  for (const item of watched(definition, state)) {
    const t = thresholds(definition, calendar, item);
    if (t.red !== undefined && now >= t.red) {
      out.push(
        fromDeadline(
          state,
          item,
          'redCard',
          'redCard',
          `办件 ${state.caseNumber} 超过${item.label}，亮红牌：请立即纠正并报告。`
        )
      );
    } else if (t.yellow !== undefined && now >= t.yellow) {
      out.push(
        fromDeadline(state, item, 'yellowCard', 'yellowCard', `办件 ${state.caseNumber} 超过${item.label}，亮黄牌。`)
      );
    } else if (item.kind === 'coApprover' && now >= item.at) {
      out.push(
        fromDeadline(
          state,
          item,
          'anomaly',
          'coApproverLate',
          `办件 ${state.caseNumber}：${item.department}没有在时限内答复并联审批。`
        )
      );
    } else if (t.warning !== undefined && now >= t.warning && now < item.at) {
      out.push(fromDeadline(state, item, 'warning', 'warning', `办件 ${state.caseNumber} 的${item.label}即将到期。`));
    }
  }
  return out;
}

function anomaly(
  state: CaseState,
  key: string,
  rule: string,
  department: string,
  message: string,
  role?: string
): SupervisionRecord {
  return { key, rule, level: 'anomaly', department, responsible: responsible(state, department, role), message };
}

/** How long after the promised limit passes the applicant must have been told why (seeds/003 §四: 及时). */
const explainOverdueWithin = { amount: 1, unit: 'workdays' } as const;

/**
 * The instant a case past its promised limit, its applicant not told why since, becomes an anomaly; undefined when
 * the case is not running against a promised limit or was told after it passed.
 */
function overdueUnexplainedAt(
  state: CaseState,
  calendar: EngineCalendar
): { at: Instant; promised: Instant } | undefined {
  if ((state.status !== 'inReview' && state.status !== 'paused') || !state.deadlines) return undefined;
  const promised = state.deadlines.promised;
  // A stopped clock holds the limit back until it runs again, unless it had passed already.
  if (state.paused && state.paused.remaining.promised.amount > 0) return undefined;
  if ((state.overdueExplanations ?? []).some(o => o.at >= promised)) return undefined;
  // The workday after the one the limit ended on (a limit ends at 24:00 of its last day).
  return { at: calendar.deadline(promised - 1, explainOverdueWithin), promised };
}

/** Irregular procedure, read from what the case records, whoever wrote it. */
function anomalyRules(
  definition: Definition,
  state: CaseState,
  now: Instant,
  calendar: EngineCalendar
): SupervisionRecord[] {
  const out: SupervisionRecord[] = [];
  const route = routeOf(definition);
  const own = definition.department.name;
  const unexplained = overdueUnexplainedAt(state, calendar);
  if (unexplained && now >= unexplained.at) {
    const holder = watched(definition, state).find(w => w.kind === 'promised');
    out.push(
      anomaly(
        state,
        `overdueUnexplained:${unexplained.promised}`,
        'overdueUnexplained',
        own,
        `办件 ${state.caseNumber} 超过承诺办结时限已 1 个工作日，仍未向申请人说明超时原因和重新确定的办结时限。`,
        holder?.role
      )
    );
  }
  const limit = definition.supervision.correctionRoundsAnomaly;
  if (state.correctionRounds > limit) {
    out.push(
      anomaly(
        state,
        'corrections',
        'corrections',
        route.preReview?.department ?? own,
        `办件 ${state.caseNumber} 已补正 ${state.correctionRounds} 次，超过 ${limit} 次：补正应一次性告知。`
      )
    );
  }
  for (const [department, answer] of Object.entries(state.coApproval?.answers ?? {})) {
    // Reported once: not again on the late answer when the deadline's own record was raised when it passed.
    const reported = `coApproverLate:coApprover:${state.coApproval!.stepId}:${department}:`;
    if (answer.late && !state.raised.some(key => key.startsWith(reported)))
      out.push(
        anomaly(
          state,
          `coApproverLate:${state.coApproval!.stepId}:${department}`,
          'coApproverLate',
          department,
          `办件 ${state.caseNumber}：${department}超过时限才答复并联审批。`
        )
      );
  }
  if (state.decision) {
    for (const step of route.steps) {
      if (step.kind !== 'parallel') continue;
      const answered = new Set(
        state.opinions
          .filter(o => o.stepId === step.id && (o.verdict === 'agree' || o.verdict === 'disagree'))
          .map(o => (o.by.kind === 'staff' ? o.by.department : ''))
      );
      const missing = step.coApprovers.filter(c => !answered.has(c.department)).map(c => c.department);
      if (missing.length > 0) {
        out.push(
          anomaly(
            state,
            `decisionWithoutCoApproval:${step.id}`,
            'decisionWithoutCoApproval',
            step.lead,
            `办件 ${state.caseNumber} 在${missing.join('、')}未答复并联审批时就作出了决定。`
          )
        );
      }
    }
  }
  // A joint annual inspection's departments each pre-review with any of their staff (authority.ts's joint posts).
  const joint = new Set((definition.annualInspection?.joint ?? []).map(j => j.name));
  state.opinions.forEach((opinion, index) => {
    const step = route.steps.find(s => s.id === opinion.stepId);
    const gate =
      opinion.stepId === 'acceptance' ? route.acceptance : opinion.stepId === 'preReview' ? route.preReview : undefined;
    const role = step && (step.kind === 'review' || step.kind === 'decision') ? step.role : gate?.role;
    const department =
      step && (step.kind === 'review' || step.kind === 'decision') ? step.department : gate?.department;
    if (
      !role ||
      !department ||
      opinion.by.kind !== 'staff' ||
      opinion.verdict === 'correct' ||
      opinion.verdict === 'return'
    )
      return;
    if (opinion.by.department === department && opinion.by.roles.includes(role)) return;
    if (opinion.stepId === 'preReview' && joint.has(opinion.by.department)) return;
    out.push(
      anomaly(
        state,
        `wrongRole:${index}`,
        'wrongRole',
        department,
        `办件 ${state.caseNumber} 的“${opinion.label}”由${opinion.by.department}的${opinion.by.name}办理，该环节应由“${role}”办理。`,
        role
      )
    );
  });
  if (state.refusal && !state.refusal.reasons.trim()) {
    out.push(
      anomaly(
        state,
        'refusalWithoutReasons',
        'refusalWithoutReasons',
        route.acceptance?.department ?? own,
        `办件 ${state.caseNumber} 不予受理却没有说明理由。`
      )
    );
  }
  const expected = expectedLegalDeadline(definition, state, calendar);
  if (expected !== undefined && state.deadlines && state.deadlines.legal !== expected) {
    out.push(
      anomaly(
        state,
        `deadlineMoved:${state.deadlines.legal}`,
        'deadlineMoved',
        own,
        `办件 ${state.caseNumber} 的法定时限被改动，却没有经批准的延期。`
      )
    );
  }
  return out;
}

/**
 * The supervision records the case warrants at `now` that it has not had yet: each rule fires once per case
 * and deadline. Pure: the clock and the calendar come in.
 */
export function supervise(
  definition: Definition,
  state: CaseState,
  now: Instant,
  calendar: EngineCalendar
): SupervisionRecord[] {
  if (state.status === 'archived') return [];
  const raised = new Set(state.raised);
  const fresh = [...deadlineRules(definition, state, now, calendar), ...anomalyRules(definition, state, now, calendar)];
  const seen = new Set<string>();
  return fresh.filter(record => !raised.has(record.key) && !seen.has(record.key) && seen.add(record.key));
}

/** The instants at which `supervise` may find something new: the worker sets timers for them. */
export function supervisionTimers(
  definition: Definition,
  state: CaseState,
  calendar: EngineCalendar
): Array<{ key: string; at: Instant }> {
  if (state.status === 'archived') return [];
  const raised = new Set(state.raised);
  const timers: Array<{ key: string; at: Instant }> = [];
  for (const item of watched(definition, state)) {
    const t = thresholds(definition, calendar, item);
    const candidates: Array<[string, Instant | undefined]> = [
      [`warning:${item.id}:${item.at}`, t.warning],
      [`yellowCard:${item.id}:${item.at}`, t.yellow],
      [`redCard:${item.id}:${item.at}`, t.red],
      [`coApproverLate:${item.id}:${item.at}`, item.kind === 'coApprover' ? item.at : undefined]
    ];
    for (const [key, at] of candidates) if (at !== undefined && !raised.has(key)) timers.push({ key, at });
  }
  const unexplained = overdueUnexplainedAt(state, calendar);
  const key = unexplained && `overdueUnexplained:${unexplained.promised}`;
  if (unexplained && !raised.has(key!)) timers.push({ key: key!, at: unexplained.at });
  return timers;
}
