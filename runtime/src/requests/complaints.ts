import type { RequestTimerKind } from './timers.ts';
import { randomUUID } from 'node:crypto';
import {
  type Acting,
  type ProposalStatus,
  proposeUntrueComplaint,
  refuseIfComplainedAbout
} from '../blacklist/index.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import { cancelTimer, scheduleTimer } from '../platform/worker/schedule.ts';
import { complaintStatusLabels } from './labels.ts';
import { notifyInbox } from '../platform/notify.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import { notifyPost } from '../cases/index.ts';
import { shanghaiTime } from '@banshi/definition/calendar';

export type ComplaintStatus = keyof typeof complaintStatusLabels;

interface Row {
  id: string;
  user_id: string;
  case_id: string | null;
  case_number: string | null;
  matter_code: string | null;
  department: string;
  content: string;
  status: ComplaintStatus;
  reply: string | null;
  public_summary: string | null;
  created_at: Date;
  accept_due: Date;
  closed_at: Date | null;
  found_untrue: boolean;
  untrue_proposal: ProposalStatus | null;
}

export interface ComplaintView {
  id: string;
  department: string;
  caseId: string | null;
  caseNumber: string | null;
  /** The matter the complaint is about, if one was named. */
  matterCode: string | null;
  content: string;
  status: ComplaintStatus;
  statusLabel: string;
  reply: string | null;
  publicSummary: string | null;
  createdAt: string;
  acceptDue: string;
  closedAt: string | null;
  /** Found untrue (与事实不符), proposed by a handler and confirmed by a section chief: counts towards the blacklist. */
  foundUntrue: boolean;
  /** Where the newest proposal to find it untrue stands, if one was made. */
  untrueProposal: ProposalStatus | null;
}

const select = `select p.id, p.user_id, p.case_id, c.case_number, p.matter_code, p.department, p.content, p.status, p.reply, p.public_summary, p.created_at, p.accept_due, p.closed_at,
    exists (select 1 from restriction_grounds g where g.kind = 'falseComplaint' and g.subject_id = p.id) as found_untrue,
    (select r.status from restriction_proposals r where r.kind = 'falseComplaint' and r.subject_id = p.id order by r.created_at desc limit 1) as untrue_proposal
  from complaints p left join cases c on c.case_id = p.case_id`;

const view = (r: Row): ComplaintView => ({
  id: r.id,
  department: r.department,
  caseId: r.case_id,
  caseNumber: r.case_number,
  matterCode: r.matter_code,
  content: r.content,
  status: r.status,
  statusLabel: complaintStatusLabels[r.status],
  reply: r.reply,
  publicSummary: r.public_summary,
  createdAt: iso(r.created_at),
  acceptDue: iso(r.accept_due),
  closedAt: isoOrNull(r.closed_at),
  foundUntrue: r.found_untrue,
  untrueProposal: r.untrue_proposal
});

async function one(sql: Sql, id: string): Promise<ComplaintView> {
  const [row] = await sql.query<Row>(`${select} where p.id = $1`, [id]);
  return view(row!);
}

/**
 * Files a complaint against a department, optionally about one of the complainant's own cases (in which that
 * department must take part), and starts the 3-workday acceptance timer.
 */
export async function fileComplaint(
  db: Db,
  input: {
    userId: string;
    department: string;
    caseId: string | null;
    matterCode?: string | null;
    content: string;
    acceptDue: number;
  },
  now: number,
  extra: Extra<ComplaintView> = noExtra
): Promise<ComplaintView> {
  return db.transaction(async tx => {
    if (input.caseId) {
      const [owned] = await tx.query<{ applicant_id: string; departments: string[] }>(
        `select c.applicant_id, coalesce((select jsonb_agg(d.department) from case_departments d where d.case_id = c.case_id), '[]'::jsonb) as departments
         from cases c where c.case_id = $1`,
        [input.caseId]
      );
      if (!owned || owned.applicant_id !== input.userId)
        throw new Refusal('notFound', 'case.not-found', '找不到这个办件。只能就本人的办件投诉。');
      if (!owned.departments.includes(input.department)) {
        throw new Refusal(
          'invalid',
          'complaint.department-not-in-case',
          `${input.department}没有参与办理这个办件，请选择经办该办件的部门。`,
          { departments: owned.departments }
        );
      }
    }
    const id = randomUUID();
    await tx.query(
      `insert into complaints (id, user_id, case_id, matter_code, department, content, created_at, accept_due) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        input.userId,
        input.caseId,
        input.matterCode ?? null,
        input.department,
        input.content,
        iso(now),
        iso(input.acceptDue)
      ]
    );
    await notifyPost(
      tx,
      {
        department: input.department,
        role: '',
        person: null,
        subject: '【待办】新的投诉',
        body: `收到一件投诉，请于 ${shanghaiTime(input.acceptDue)} 前决定是否受理。`,
        payload: { kind: 'complaint', id },
        caseId: input.caseId ?? null
      },
      now
    );
    await scheduleTimer<RequestTimerKind>(tx, {
      subjectId: id,
      key: 'accept',
      kind: 'complaintAccept',
      dueAt: input.acceptDue,
      caseId: input.caseId
    });
    const created = await one(tx, id);
    await extra(tx, created);
    return created;
  });
}

/** A complainant's own complaints, or a department's; newest first. */
export async function listComplaints(
  sql: Sql,
  by: { userId: string } | { department: string; status?: ComplaintStatus | undefined },
  page: PageRequest
) {
  const mine = 'userId' in by;
  const [at, id] = cursorParams(page);
  const rows = await sql.query<Row>(
    `${select} where ${mine ? 'p.user_id = $1::uuid' : 'p.department = $1'} and ($2::text is null or p.status = $2)
       and ($3::timestamptz is null or (p.created_at, p.id) < ($3::timestamptz, $4::uuid))
     order by p.created_at desc, p.id desc limit $5`,
    [mine ? by.userId : by.department, mine ? null : (by.status ?? null), at, id, page.limit]
  );
  const items = rows.map(view);
  return { items, next: nextCursor(items, page.limit, c => ({ at: c.createdAt, id: c.id })) };
}

/** The complaint, locked, when it is the department's, in the state the step needs, and the actor not complained about. */
async function ofDepartment(tx: Sql, id: string, actor: Acting, status: ComplaintStatus, doing: string): Promise<Row> {
  const [row] = await tx.query<Row>(`${select} where p.id = $1 and p.department = $2 for update of p`, [
    id,
    actor.department
  ]);
  if (!row) throw new Refusal('notFound', 'complaint.not-found', '找不到这件投诉，或它不由您所在的部门处理。');
  await refuseIfComplainedAbout(tx, row.id, actor.staffId);
  if (row.status !== status)
    throw new Refusal(
      'conflict',
      'complaint.wrong-status',
      `这件投诉${complaintStatusLabels[row.status]}，不能${doing}。`,
      { status: row.status }
    );
  return row;
}

/** What a handler says when proposing that a complaint is untrue: the evidence is required, the reply is the reason. */
export interface UntrueInput {
  untrue?: boolean | undefined;
  evidence?: string | undefined;
}

function untrueEvidence(input: UntrueInput): string | undefined {
  if (!input.untrue) return undefined;
  const evidence = input.evidence?.trim();
  if (!evidence)
    throw new Refusal(
      'invalid',
      'complaint.untrue-evidence',
      '认定投诉与事实不符须写明依据（evidence），例如查阅的监控、记录或证人。'
    );
  return evidence;
}

/**
 * Accepts or refuses an open complaint, with a reply the complainant reads; the acceptance timer stops. No one who
 * handled the case complained about decides. A handler refusing it may propose it untrue (与事实不符), with evidence,
 * when the department's own records contradict it.
 */
export async function decideComplaint(
  db: Db,
  input: Acting & UntrueInput & { id: string; accept: boolean; reply: string },
  now: number,
  extra: Extra<ComplaintView> = noExtra
): Promise<ComplaintView> {
  return db.transaction(async tx => {
    const row = await ofDepartment(tx, input.id, input, 'open', '再作受理决定');
    if (input.untrue && input.accept) {
      throw new Refusal(
        'invalid',
        'complaint.untrue-accepted',
        '受理的投诉不能同时认定为与事实不符；查实后请在办结时认定。'
      );
    }
    const evidence = untrueEvidence(input);
    await tx.query(`update complaints set status = $2, reply = $3, handled_by = $4, closed_at = $5 where id = $1`, [
      row.id,
      input.accept ? 'accepted' : 'refused',
      input.reply,
      input.staffId,
      input.accept ? null : iso(now)
    ]);
    await cancelTimer(tx, row.id, 'accept', now);
    await notifyInbox(
      tx,
      {
        userId: row.user_id,
        caseId: row.case_id,
        subject: `【网上投诉】${row.department}${input.accept ? '已受理' : '决定不予受理'}您的投诉`,
        body: `${input.accept ? '您的投诉已受理，处理结果将另行告知。' : '您的投诉不予受理。'}\n答复：${input.reply}`,
        payload: { complaintId: row.id, kind: 'complaintDecided', accept: input.accept }
      },
      now
    );
    if (evidence) await proposeUntrue(tx, row, input, evidence, now);
    const result = await one(tx, row.id);
    await extra(tx, result);
    return result;
  });
}

/**
 * Resolves an accepted complaint: the reply goes to the complainant, the summary is published in the hall. A handler
 * may propose it untrue (与事实不符), with evidence: confirmed by a section chief, that counts towards the blacklist.
 */
export async function resolveComplaint(
  db: Db,
  input: Acting & UntrueInput & { id: string; reply: string; publicSummary: string },
  now: number,
  extra: Extra<ComplaintView> = noExtra
): Promise<ComplaintView> {
  return db.transaction(async tx => {
    const row = await ofDepartment(tx, input.id, input, 'accepted', '办结');
    const evidence = untrueEvidence(input);
    const [owner] = await tx.query<{ name: string }>('select name from users where id = $1', [row.user_id]);
    checkPublicSummary(input.publicSummary, owner?.name);
    await tx.query(
      `update complaints set status = 'resolved', reply = $2, public_summary = $3, handled_by = $4, closed_at = $5 where id = $1`,
      [row.id, input.reply, input.publicSummary, input.staffId, iso(now)]
    );
    await notifyInbox(
      tx,
      {
        userId: row.user_id,
        caseId: row.case_id,
        subject: `【网上投诉】${row.department}已办结您的投诉`,
        body: `处理结果：${input.reply}`,
        payload: { complaintId: row.id, kind: 'complaintResolved' }
      },
      now
    );
    if (evidence) await proposeUntrue(tx, row, input, evidence, now);
    const result = await one(tx, row.id);
    await extra(tx, result);
    return result;
  });
}

/**
 * Finding a complaint untrue is proposed here, by the handler who answers it, and counts against the complainant only
 * when a section chief confirms it (restriction-proposals.ts); the complainant is told then.
 */
async function proposeUntrue(
  tx: Sql,
  row: Row,
  actor: Acting & { reply: string },
  evidence: string,
  now: number
): Promise<void> {
  await proposeUntrueComplaint(
    tx,
    {
      staffId: actor.staffId,
      department: actor.department,
      roles: actor.roles,
      complaintId: row.id,
      userId: row.user_id,
      caseId: row.case_id,
      reason: actor.reply,
      evidence
    },
    now
  );
}

const personalData: Array<[RegExp, string]> = [
  [/(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/i, '身份证号'],
  [/(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/i, '统一社会信用代码'],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/, '手机号码'],
  [/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/, '电话号码'],
  [/[\w.+-]+@[\w-]+\.[\w.-]+/, '电子邮箱']
];

/** The published summary names no one: no ID or credit code, phone, e-mail, nor the complainant's name. */
export function checkPublicSummary(summary: string, complainantName: string | undefined): void {
  for (const [pattern, what] of personalData) {
    if (pattern.test(summary))
      throw new Refusal(
        'invalid',
        'complaint.summary-personal',
        `公开摘要中不得含有${what}等个人信息，请删去后再提交。`
      );
  }
  if (complainantName && complainantName.length >= 2 && summary.includes(complainantName)) {
    throw new Refusal(
      'invalid',
      'complaint.summary-personal',
      '公开摘要中不得出现投诉人的姓名或名称，请删去后再提交。'
    );
  }
}

export interface PublicComplaint {
  department: string;
  matterCode: string | null;
  /** The day the complaint was resolved, YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  publicSummary: string;
}

/** Resolved complaints as the hall publishes them: department, date and summary; nothing about the person. */
export async function publicComplaints(
  sql: Sql,
  query: { department?: string | undefined; limit: number; offset: number }
): Promise<PublicComplaint[]> {
  const rows = await sql.query<{
    department: string;
    matter_code: string | null;
    closed_at: Date;
    public_summary: string;
  }>(
    `select department, matter_code, closed_at, public_summary from complaints
     where status = 'resolved' and public_summary is not null and ($1::text is null or department = $1)
     order by closed_at desc, id desc limit $2 offset $3`,
    [query.department ?? null, query.limit, query.offset]
  );
  return rows.map(r => ({
    department: r.department,
    matterCode: r.matter_code,
    date: iso(r.closed_at.getTime() + 8 * 3_600_000).slice(0, 10),
    publicSummary: r.public_summary
  }));
}
