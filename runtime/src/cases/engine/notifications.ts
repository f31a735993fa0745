import type { Definition } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { Event } from './events.ts';
import { dateText, deadlineText, provisionalSentence } from './notices.ts';

/** A message to the applicant on one channel; the store fills in the number or address from their account. */
export interface Message {
  channel: 'inbox' | 'email' | 'sms';
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

type Provisional = { isProvisional(from: number, to: number): boolean };

const statusLine: Partial<
  Record<Event['type'], (state: CaseState, event: Event, calendar: Provisional) => string | undefined>
> = {
  Submitted: s => `您的申请已提交，办件编号 ${s.caseNumber}。`,
  CorrectionRequested: (_s, e) =>
    `您的申请需要补正材料，请一次性补正后重新提交：${(e as Extract<Event, { type: 'CorrectionRequested' }>).items.join('；')}。`,
  Accepted: (s, _e, calendar) =>
    `您的申请已受理${s.deemed ? '（依法视为受理）' : ''}${s.deadlines ? `，承诺于 ${deadlineText(s.deadlines.promised)}前办结` : ''}。` +
    (s.deadlines && calendar.isProvisional(s.receivedAt, s.deadlines.promised) ? provisionalSentence : ''),
  DeadlinesRecounted: (_s, e) => {
    const r = e as Extract<Event, { type: 'DeadlinesRecounted' }>;
    // The applicant hears of the dates they were told: the promised and the legal deadline, and the Art. 32 date.
    const told = r.moves.filter(m => m.key === 'promised' || m.key === 'legal' || m.key === 'deemedAcceptance');
    if (told.length === 0) return undefined;
    return `国务院办公厅公布了 ${r.years.join('、')} 年节假日安排，您办件的${told.map(m => `${m.label}由 ${deadlineText(m.from)} 调整为 ${deadlineText(m.to)}`).join('；')}。`;
  },
  Refused: (_s, e) => `您的申请不予受理。理由：${(e as Extract<Event, { type: 'Refused' }>).reasons}`,
  SpecialProcedureStarted: (_s, e) =>
    `您的申请进入特殊程序（${(e as Extract<Event, { type: 'SpecialProcedureStarted' }>).reason}），所需时间不计入办理时限。`,
  SpecialProcedureEnded: () => '特殊程序已结束，办理时限继续计算。',
  OverdueExplained: (_s, e) => {
    const o = e as Extract<Event, { type: 'OverdueExplained' }>;
    return `您的办件已超过承诺办结时限。原因：${o.reason}。重新确定的办结时限：${dateText(o.expected)}前。`;
  },
  Extended: (s, e) =>
    `经负责人批准，办理期限延长${s.deadlines ? `至 ${deadlineText(s.deadlines.legal)}` : ''}。理由：${(e as Extract<Event, { type: 'Extended' }>).reason}`,
  Decided: (_s, e) => {
    const d = e as Extract<Event, { type: 'Decided' }>;
    return d.conclusion
      ? `年检结论已作出：${{ pass: '合格', basicPass: '基本合格', fail: '不合格' }[d.conclusion]}。`
      : d.approve
        ? '您的申请已准予许可。'
        : `您的申请不予许可。理由：${d.reasons}`;
  },
  Delivered: () => '办理结果已送达。',
  Completed: () => '您的办件已办结，欢迎对本次服务作出评价。',
  Withdrawn: (_s, e) =>
    e.by.kind === 'system'
      ? `您的申请因${(e as Extract<Event, { type: 'Withdrawn' }>).reason}，办件终止；如需办理请重新申请。`
      : '您的申请已撤回。'
};

/**
 * The messages a batch of events sends to the applicant: for each event that concerns them, one per channel.
 * Where the SMS and e-mail go is the store's to fill in from the applicant's account (none without a number or
 * address); the inbox always gets it.
 */
export function notificationsFor(
  definition: Definition,
  state: CaseState,
  events: Event[],
  calendar: Provisional
): Message[] {
  const out: Message[] = [];
  for (const event of events) {
    const line = statusLine[event.type]?.(state, event, calendar);
    if (!line) continue;
    const subject = `【${definition.name}】办件 ${state.caseNumber}`;
    const payload = { caseId: state.id, caseNumber: state.caseNumber, event: event.type };
    out.push({ channel: 'inbox', subject, body: line, payload: { ...payload, userId: state.applicant.id } });
    out.push({ channel: 'sms', subject, body: `${subject}：${line}`, payload });
    out.push({ channel: 'email', subject, body: line, payload });
  }
  return out;
}
