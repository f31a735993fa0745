import { shanghaiTime } from '@banshi/definition/calendar';
import type { CaseState, SupervisionRecord } from './engine/index.ts';
import type { Wait } from './inbox-waits.ts';
import { iso } from '../platform/time.ts';
import type { Sql } from '../platform/db/db.ts';
import { part, type SqlPart } from '../platform/db/write-statement.ts';

/**
 * A notice to staff: to one person, or to every member of staff holding a post (role '' for any post of the
 * department). Data only: the store (or a request's transaction) writes it to the outbox.
 */
export interface StaffNotice {
  department: string;
  role: string;
  person: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

const cardNames: Record<SupervisionRecord['level'], string> = {
  warning: '预警',
  yellowCard: '黄牌',
  redCard: '红牌',
  anomaly: '异常'
};

/** The section chief of a department, told of every warning, card and anomaly on its cases (seeds/002 §四(二)). */
const sectionChief = '处室负责人';

/** Who a record holds responsible, in words: 陈承办（承办人）, or the post. */
function responsibleText(r: SupervisionRecord['responsible']): string {
  if (r.person) return r.role ? `${r.person.name}（${r.role}）` : r.person.name;
  return r.role ? `${r.role}岗位` : '';
}

const waitKey = (w: Wait, s: Pick<CaseState, 'status' | 'stepId'>) =>
  `${w.department}|${w.role}|${w.coApproval}|${s.status}|${s.stepId ?? ''}`;

/**
 * What staff are told when a case moves: new work for each post the case now waits for and did not wait for in the
 * same status and step before; the warnings, cards and anomalies raised on it, to the person responsible (or, when no
 * one is named, the post) and to the department's section chief, naming whom the record holds responsible (issue 16).
 * Whoever gave the command is not told of the work they just passed on to themselves.
 */
export function staffNotices(
  before: { state: CaseState; waits: Wait[] } | undefined,
  after: { state: CaseState; waits: Wait[] },
  raised: ReadonlyArray<SupervisionRecord>,
  matterName: string
): StaffNotice[] {
  const s = after.state;
  const had = new Set(before ? before.waits.map(w => waitKey(w, before.state)) : []);
  const notices: StaffNotice[] = [];
  for (const w of after.waits) {
    if (had.has(waitKey(w, s))) continue;
    const due = w.stepDue === null ? '' : `，时限 ${shanghaiTime(w.stepDue)}`;
    const what = w.coApproval ? '并联审批答复' : w.stepLabel;
    notices.push({
      department: w.department,
      role: w.role,
      person: null,
      subject: `【待办】${matterName}：${what}`,
      body: w.paused
        ? `办件 ${s.caseNumber}（${s.applicant.name}）${w.paused === 'correction' ? '正在补正' : '正在特殊程序中'}，恢复后由您办理“${what}”。`
        : `办件 ${s.caseNumber}（${s.applicant.name}）待您办理“${what}”${due}。`,
      payload: { kind: 'staffWork', caseNumber: s.caseNumber, stepLabel: w.stepLabel, coApproval: w.coApproval }
    });
  }
  for (const r of raised) {
    const who = responsibleText(r.responsible);
    const notice = {
      department: r.department,
      subject: `【${cardNames[r.level]}】办件 ${s.caseNumber}`,
      body: who ? `${r.message}\n责任人：${who}` : r.message,
      payload: { kind: 'staffSupervision', level: r.level, rule: r.rule, key: r.key, caseNumber: s.caseNumber }
    };
    notices.push({ ...notice, role: r.responsible.role ?? '', person: r.responsible.person?.id ?? null });
    // The chief too, unless told already: no one named and the post is the chief's own, or no post (every post is told).
    if (r.responsible.person || (r.responsible.role && r.responsible.role !== sectionChief))
      notices.push({ ...notice, role: sectionChief, person: null });
  }
  return notices;
}

/**
 * The outbox rows of `notices`: the inbox of each staff account holding the post (or the person named), and an SMS
 * to those with a phone number on their account (sent through the configured gateway, logged where none is). The
 * actor `exclude` is left out. `from` is the SQL naming the case id column (`target t` in a case's statement).
 */
function noticeSql(caseIdFrom: string): string {
  return `insert into outbox (case_id, channel, recipient, subject, body, payload, next_attempt_at, created_at)
    select ${caseIdFrom}, ch.channel, case ch.channel when 'inbox' then u.id::text else u.phone end, n.subject, n.body,
           n.payload || jsonb_build_object('userId', u.id), $2, $2
    from jsonb_to_recordset($1::jsonb) as n(department text, role text, person text, subject text, body text, payload jsonb)
    join users u on u.kind = 'staff' and u.disabled_at is null and u.id::text <> $3
      and ((n.person is not null and u.id::text = n.person)
        or (n.person is null and u.department = n.department and jsonb_array_length(u.roles) > 0
            and (n.role = '' or u.roles @> jsonb_build_array(n.role))))
    cross join (values ('inbox'), ('sms')) as ch(channel)
    where ch.channel = 'inbox' or u.phone is not null`;
}

/** The notices as a part of a case's write statement (written only if the case moved). */
export function staffNoticePart(notices: StaffNotice[], now: number, exclude: string | undefined): SqlPart {
  return part(
    noticeSql('t.case_id').replace('from jsonb_to_recordset', 'from target t, jsonb_to_recordset'),
    JSON.stringify(notices),
    iso(now),
    exclude ?? ''
  );
}

/** Tells the staff holding a post of new work outside a case's commands (a consultation, a complaint, a bad rating). */
export async function notifyPost(
  tx: Sql,
  notice: StaffNotice & { caseId?: string | null },
  now: number,
  exclude?: string
): Promise<void> {
  const { caseId, ...rest } = notice;
  await tx.query(noticeSql('$4::uuid'), [JSON.stringify([rest]), iso(now), exclude ?? '', caseId ?? null]);
}
