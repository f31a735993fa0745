import { holds, type Definition, type Limit } from '@banshi/definition';
import { shanghaiTime } from '@banshi/definition/calendar';
import type { EngineCalendar } from './calendar-port.ts';
import type { CaseState } from './case-state.ts';
import type { Instant } from './types.ts';

/**
 * The written notices the law requires, as data the hall renders and the archive keeps: the receipt on
 * submission, the one-time correction notice, the acceptance receipt or refusal notice, the notice of a special
 * procedure and of an extension, the decision. Pure: times are formatted in Shanghai without a clock.
 */
export interface Notice {
  kind: 'receipt' | 'correction' | 'acceptance' | 'refusal' | 'specialProcedure' | 'extension' | 'overdue' | 'decision';
  title: string;
  caseNumber: string;
  matter: string;
  department: string;
  applicant: string;
  issuedAt: Instant;
  lines: string[];
}

/**
 * A deadline as a notice states it: a limit counted in workdays ends at 00:00 after its last day, which is named
 * with its 24时 ("2027年1月6日24时", as 民法典 art. 203 words the end of a period); one counted in office hours
 * ends at a time of day, which is named with it.
 */
export function deadlineText(at: Instant): string {
  const midnight = (at + 8 * 3_600_000) % 86_400_000 === 0;
  return midnight ? `${shanghaiTime(at - 1).slice(0, -6)}24时` : shanghaiTime(at);
}

/** A calendar date (YYYY-MM-DD) as a notice states it: 2026年12月9日. */
export const dateText = (date: string) => {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/** The sentence that goes with a date counted on a year whose holiday schedule is not yet published. */
export const provisionalSentence = '该日期按法定节假日暂定，国务院办公厅公布该年节假日安排后将据实调整。';

/** A limit as a notice states it: 5 个工作日, 30 日 (calendar days), 2 个小时. */
export const limitText = (l: Limit) =>
  l.unit === 'days' ? `${l.amount} 日` : `${l.amount} 个${l.unit === 'workdays' ? '工作日' : '小时'}`;

/** The results an application gets: every one the matter writes whose condition (a variant) its answers meet. */
export function resultsFor(
  definition: Pick<Definition, 'result' | 'otherResults'>,
  answers: Record<string, unknown>
): NonNullable<Definition['result']>[] {
  return [definition.result, ...(definition.otherResults ?? [])].filter(
    (r): r is NonNullable<Definition['result']> => !!r && (!r.condition || holds(r.condition, answers))
  );
}

/** Art. 32: corrections are notified within 5 workdays, or the application counts as accepted from receipt. */
export const lawCorrectionNotice: Limit = { amount: 5, unit: 'workdays' };

/**
 * Within what the applicant is told of any corrections: the matter's pre-review limit where it promises less than
 * Art. 32's 5 workdays, else those 5 workdays.
 */
export function correctionNoticeLimit(definition: Pick<Definition, 'steps'>): Limit {
  const preReview = definition.steps.find(s => s.kind === 'preReview')?.limit;
  return preReview && preReview.unit === 'workdays' && preReview.amount < lawCorrectionNotice.amount
    ? preReview
    : lawCorrectionNotice;
}

/** 当日, or “N 个工作日内”: how a period to act in reads in a sentence. */
const within = (l: Limit) => (l.amount === 0 && l.unit === 'workdays' ? '当日' : ` ${limitText(l)}内`);

/** The applicant's correction deadline as a sentence: how long, and what happens after it (补正期限). */
function correctionDeadlineLine(correction: NonNullable<Definition['correction']>, due: Instant | undefined): string {
  const when = due !== undefined ? `于 ${deadlineText(due)}前` : `自收到补正通知之日起${within(correction.limit)}`;
  return `请${when}提交补正材料${correction.deemedWithdrawn ? '；逾期未补正的，视为撤回申请' : ''}。`;
}

/**
 * The notices a case has had so far, in order. With the calendar, notices name their dates, and a date counted on a
 * year whose schedule is not yet published carries the sentence saying so.
 */
export function notices(
  definition: Definition,
  state: CaseState,
  calendar?: Pick<EngineCalendar, 'deadline' | 'isProvisional'>
): Notice[] {
  const base = {
    caseNumber: state.caseNumber,
    matter: definition.name,
    department: definition.department.name,
    applicant: state.applicant.name
  };
  const noticeLimit = correctionNoticeLimit(definition);
  const noticeBy = calendar?.deadline(state.receivedAt, noticeLimit);
  // Art. 32: past the law's 5 workdays without a notice, the application counts as accepted; the receipt gives the day.
  const lawBy = calendar?.deadline(state.receivedAt, lawCorrectionNotice);
  const correction = definition.correction;
  const out: Notice[] = [
    {
      ...base,
      kind: 'receipt',
      title: '申请材料收件回执',
      issuedAt: state.receivedAt,
      lines: [
        `您的申请已于 ${shanghaiTime(state.receivedAt)} 收到，统一审批编码为 ${state.caseNumber}，凭此编码可查询办理进度。`,
        `收到材料：${state.materials.length ? state.materials.join('、') : '（网上填报）'}。`,
        `申请材料不齐全或者不符合法定形式的，将在${within(noticeLimit)}${noticeBy !== undefined ? `（${deadlineText(noticeBy)}前）` : ''}一次告知需要补正的全部内容；${noticeLimit === lawCorrectionNotice ? '逾期不告知的' : `${limitText(lawCorrectionNotice)}内${lawBy !== undefined ? `（${deadlineText(lawBy)}前）` : ''}未告知的`}，自收到申请之日起即为受理。`,
        ...(correction
          ? [
              `收到补正通知后，请在${within(correction.limit)}提交补正材料${correction.deemedWithdrawn ? '；逾期未补正的，视为撤回申请' : ''}。`
            ]
          : []),
        ...(noticeBy !== undefined && calendar!.isProvisional(state.receivedAt, noticeBy) ? [provisionalSentence] : [])
      ]
    }
  ];
  for (const opinion of state.opinions) {
    if (opinion.verdict === 'correct') {
      out.push({
        ...base,
        kind: 'correction',
        title: '补正材料通知书',
        issuedAt: opinion.at,
        lines: [
          '请一次性补正以下全部内容后重新提交：',
          ...opinion.text.split('；').map((item, i) => `${i + 1}. ${item}`),
          ...(correction ? [correctionDeadlineLine(correction, calendar?.deadline(opinion.at, correction.limit))] : [])
        ]
      });
    }
  }
  if (state.acceptedAt !== undefined && state.deadlines) {
    out.push({
      ...base,
      kind: 'acceptance',
      title: '受理通知书',
      issuedAt: state.acceptedAt,
      lines: [
        state.deemed
          ? `依《中华人民共和国行政许可法》第三十二条，您的申请自 ${shanghaiTime(state.acceptedFrom!)} 起即为受理。`
          : `您的申请已于 ${shanghaiTime(state.acceptedAt)} 受理。`,
        `承诺办结时限 ${limitText(definition.limits.promised)}，法定办结时限 ${limitText(definition.limits.legal)}。`,
        ...(calendar?.isProvisional(state.receivedAt, state.deadlines.legal)
          ? [`办结期限跨越的年度节假日安排尚未公布，期限按法定节假日暂定；公布后据实调整，并另行告知。`]
          : [])
      ]
    });
  }
  if (state.refusal) {
    out.push({
      ...base,
      kind: 'refusal',
      title: '不予受理通知书',
      issuedAt: state.refusal.at,
      lines: [`理由：${state.refusal.reasons}`, '如不服本决定，可以依法申请行政复议或者提起行政诉讼。']
    });
  }
  // Every procedure's notice, ended ones too: an issued notice stays with the case under its number (hall-audit 3).
  for (const p of state.procedures ?? (state.specialProcedure ? [state.specialProcedure] : [])) {
    out.push({
      ...base,
      kind: 'specialProcedure',
      title: '特殊程序告知书',
      issuedAt: p.startedAt,
      lines: [
        `因${p.reason}，需进行${definition.specialProcedures.find(s => s.kind === p.kind)?.label ?? p.kind}，预计需要 ${limitText(p.expected)}。`,
        '所需时间不计入办理时限。'
      ]
    });
  }
  if (state.extension) {
    out.push({
      ...base,
      kind: 'extension',
      title: '延长办理期限告知书',
      issuedAt: state.extension.at,
      lines: [
        `经本机关负责人批准，办理期限延长 ${limitText(state.extension.amount)}。`,
        `理由：${state.extension.reason}`
      ]
    });
  }
  // seeds/003 §四: each time the case ran past its promised limit, why, and the date it is now to be decided by.
  for (const o of state.overdueExplanations ?? []) {
    out.push({
      ...base,
      kind: 'overdue',
      title: '超期办理说明',
      issuedAt: o.at,
      lines: [
        `您的申请已超过承诺办结时限${state.deadlines ? `（${deadlineText(state.deadlines.promised)}）` : ''}。`,
        `原因：${o.reason}`,
        `重新确定的办结时限：${dateText(o.expected)}前。`
      ]
    });
  }
  if (state.decision) {
    const d = state.decision;
    // Every result the matter gives this application: the licence, a decision letter, a variant's own licence.
    const issued = resultsFor(definition, state.answers).map(r => r.name);
    const conclusion = d.conclusion ? { pass: '合格', basicPass: '基本合格', fail: '不合格' }[d.conclusion] : undefined;
    out.push({
      ...base,
      kind: 'decision',
      title: conclusion ? '年检结论通知书' : d.approve ? '准予行政许可决定书' : '不予行政许可决定书',
      issuedAt: d.at,
      lines: [
        conclusion
          ? `年检结论：${conclusion}。`
          : d.approve
            ? `准予许可${issued.length ? `，颁发${issued.join('、')}` : ''}。`
            : '不予许可。',
        ...(d.reasons ? [`理由：${d.reasons}`] : []),
        ...(!d.approve ? ['如不服本决定，可以依法申请行政复议或者提起行政诉讼。'] : [])
      ]
    });
  }
  return out.sort((a, b) => a.issuedAt - b.issuedAt);
}

/**
 * A case number: the implementing body's credit code, the Shanghai date of receipt and a sequence the store
 * draws from a database sequence, so numbers are unique across every runtime process of a deployment.
 */
export function caseNumber(definition: Definition, receivedAt: Instant, sequence: number): string {
  const d = new Date(receivedAt + 8 * 3_600_000);
  const date = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  const body = definition.department.code ?? definition.code.slice(0, 18);
  return `${body}${date}${String(sequence).padStart(6, '0')}`;
}
