import type { ValidationAcceptor } from 'langium';
import type { CorrectionDeadline, Department, Eligibility, Matter, Place } from '../generated/ast.js';
import { limitValue } from '../policy.js';
import { resultKind, submissionMode } from '../vocabulary.js';
import { report } from './report.js';

/**
 * Checks of the guide elements that say what an applicant meets besides the form and the materials: eligibility
 * rules, the correction deadline, appointments, several results, a department's own office hours.
 */

export function checkEligibility(eligibility: Eligibility, accept: ValidationAcceptor): void {
  if (eligibility.rules.length === 0) {
    report(
      accept,
      'warning',
      'eligibility.empty',
      '“申请条件”里没有写任何条件：每行写一条，如 `年满十八周岁: 年龄 >= 18 说明 "申请人须年满 18 周岁"`。',
      eligibility
    );
  }
  const seen = new Set<string>();
  for (const rule of eligibility.rules) {
    if (seen.has(rule.name)) {
      report(accept, 'error', 'eligibility.duplicate', `申请条件“${rule.name}”重复：每条申请条件的名称不同。`, rule, {
        property: 'name'
      });
    }
    seen.add(rule.name);
  }
}

export function checkCorrectionDeadline(correction: CorrectionDeadline, accept: ValidationAcceptor): void {
  const limit = limitValue(correction.limit);
  if (!limit) return;
  if (limit.unit === 'hours' || limit.amount === 0) {
    report(
      accept,
      'error',
      'correction.limit-invalid',
      '补正期限是申请人准备和提交补正材料的时间，应写若干工作日或日，如 `补正期限 30 日`，不能是当日或小时。',
      correction,
      { property: 'limit' }
    );
  }
}

export function checkAppointment(matter: Matter, accept: ValidationAcceptor): void {
  if (!matter.appointment || matter.submission.length === 0) return;
  if (!matter.submission.some(mode => submissionMode(mode) === 'onSite')) {
    report(
      accept,
      'warning',
      'appointment.no-window',
      '写了“预约 支持”，但递交方式中没有“现场”：预约是预约到窗口办理，请在“递交”中加上“现场”。',
      matter.appointment,
      { property: 'supported' }
    );
  }
}

/** 每证限办: a whole number of times, at least once. */
export function checkRepeatLimit(matter: Matter, accept: ValidationAcceptor): void {
  const rule = matter.repeatLimit;
  if (!rule || rule.max === undefined) return;
  if (!Number.isInteger(rule.max) || rule.max < 1) {
    report(
      accept,
      'error',
      'repeat.max-invalid',
      `每证限办 ${rule.max} 次：次数应为正整数，如 \`每证限办 2 次 证照 ${rule.licence ?? '…'}\`。`,
      rule,
      { property: 'max' }
    );
  }
}

/** Several results are fine (a decision letter besides the licence); the same name twice is a slip. */
export function checkResults(matter: Matter, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const result of matter.results) {
    const key = `${resultKind(result.kind) ?? result.kind}:${result.name}`;
    if (seen.has(key)) {
      report(accept, 'error', 'result.duplicate', `结果“${result.name}”写了不止一次。`, result, { property: 'name' });
    }
    seen.add(key);
  }
}

const minutes = (time: string | undefined) => {
  const [h, m] = (time ?? '').split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** A department's (or one place's) office hours: each range forward, in order, no overlap. */
export function checkDepartmentOfficeHours(department: Department | Place, accept: ValidationAcceptor): void {
  let previousEnd = -1;
  for (const range of department.officeHours) {
    const from = minutes(range.from);
    const to = minutes(range.to);
    if (from >= to || from < previousEnd || to > 24 * 60) {
      report(
        accept,
        'error',
        'department.office-hours',
        `办公时间 ${range.from}-${range.to} 不对：每段的开始要早于结束，各段按时间先后写且不重叠。`,
        range,
        { property: 'to' }
      );
    }
    previousEnd = to;
  }
}
