import { randomUUID } from 'node:crypto';
import type { WorkCalendar } from '@banshi/definition/calendar';
import { notifyInbox } from '../platform/notify.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import { type RecordedGround, groundLabels, recordGround } from './grounds.ts';

/**
 * Nobody puts an applicant on the blacklist alone (security-audit §1.9, office-audit problem 5; seeds/001 第二十五条
 * asks that such conduct be 查实): a handler (承办人) of the department that decides proposes, with the evidence; a
 * section chief (处室负责人) of that department, not the proposer, confirms it, and only then is the ground recorded
 * and the applicant told. For false materials the deciding department is the case's lead, and its window clerk (窗口),
 * who checks the paper against the upload, may propose too (issue 15), to the same section chief: a co-approving
 * department may only report what it found, and a handler of the lead takes the report up (or not). For a complaint
 * found untrue it is the department complained against, and no one who handled the case complained about takes part.
 */
export const proposalPosts = {
  propose: '承办人',
  proposeFalseMaterials: ['承办人', '窗口'],
  confirm: '处室负责人'
} as const;

/**
 * What a member of staff may do about false materials in a case, from the part their department takes in it
 * (`partInCase`) and their posts: in the lead, a handler or the window clerk proposes; any other department taking
 * part, from any post, reports to the lead; otherwise nothing.
 */
export function falseMaterialsPart(
  part: string | undefined,
  roles: readonly string[]
): 'propose' | 'report' | undefined {
  if (!part || roles.length === 0) return undefined;
  if (part !== 'lead') return 'report';
  return proposalPosts.proposeFalseMaterials.some(p => roles.includes(p)) ? 'propose' : undefined;
}

export type ProposalKind = 'falseMaterials' | 'falseComplaint';
export type ProposalStatus = 'reported' | 'proposed' | 'confirmed' | 'rejected';

export const proposalStatusLabels: Record<ProposalStatus, string> = {
  reported: '协办部门已报告，待牵头部门承办人提出',
  proposed: '已提出，待处室负责人确认',
  confirmed: '已确认，已记入网上办事黑名单',
  rejected: '处室负责人不予确认'
};

/** Who acts: a member of staff of a department, with their posts. */
export interface Acting {
  staffId: string;
  department: string;
  roles: readonly string[];
}

export interface ProposalView {
  id: string;
  kind: ProposalKind;
  kindLabel: string;
  subjectId: string;
  caseId: string | null;
  caseNumber: string | null;
  department: string;
  status: ProposalStatus;
  statusLabel: string;
  materials: string[];
  reason: string;
  evidence: string;
  reportedByDepartment: string | null;
  reportedAt: string | null;
  proposedAt: string | null;
  decidedAt: string | null;
  decision: string | null;
  createdAt: string;
  /** The ground's outcome once confirmed: a restriction, when this ground brought one. */
  restriction?: RecordedGround['restriction'];
}

interface Row {
  id: string;
  kind: ProposalKind;
  subject_id: string;
  user_id: string;
  case_id: string | null;
  case_number: string | null;
  department: string;
  status: ProposalStatus;
  materials: string[];
  reason: string;
  evidence: string;
  reported_by: string | null;
  reported_by_department: string | null;
  reported_at: Date | null;
  proposed_by: string | null;
  proposed_at: Date | null;
  decided_at: Date | null;
  decision: string | null;
  created_at: Date;
}

const select = `select p.*, c.case_number from restriction_proposals p left join cases c on c.case_id = p.case_id`;

const view = (r: Row): ProposalView => ({
  id: r.id,
  kind: r.kind,
  kindLabel: groundLabels[r.kind],
  subjectId: r.subject_id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  department: r.department,
  status: r.status,
  statusLabel: proposalStatusLabels[r.status],
  materials: r.materials,
  reason: r.reason,
  evidence: r.evidence,
  reportedByDepartment: r.reported_by_department,
  reportedAt: isoOrNull(r.reported_at),
  proposedAt: isoOrNull(r.proposed_at),
  decidedAt: isoOrNull(r.decided_at),
  decision: r.decision,
  createdAt: iso(r.created_at)
});

async function one(sql: Sql, id: string): Promise<ProposalView> {
  const [row] = await sql.query<Row>(`${select} where p.id = $1`, [id]);
  return view(row!);
}

function mustHold(actor: Acting, post: string | readonly string[], doing: string): void {
  const posts: readonly string[] = typeof post === 'string' ? [post] : post;
  if (!posts.some(p => actor.roles.includes(p)))
    throw new Refusal(
      'forbidden',
      'restriction.wrong-post',
      `${doing}须由${posts.join('或')}办理，您在本部门没有${posts.length > 1 ? '这些岗位' : '这个岗位'}。`,
      { post: posts.join('、') }
    );
}

async function refuseIfOpen(tx: Sql, kind: ProposalKind, subjectId: string): Promise<void> {
  const [open] = await tx.query<{ status: ProposalStatus }>(
    `select status from restriction_proposals where kind = $1 and subject_id = $2 and status in ('reported', 'proposed')`,
    [kind, subjectId]
  );
  if (open)
    throw new Refusal(
      'conflict',
      'restriction.proposal-open',
      `这件事已有一项认定正在办理（${proposalStatusLabels[open.status]}），不能重复提出。`
    );
  const [recorded] = await tx.query(`select 1 from restriction_grounds where kind = $1 and subject_id = $2`, [
    kind,
    subjectId
  ]);
  if (recorded)
    throw new Refusal(
      'conflict',
      'restriction.already-recorded',
      kind === 'falseMaterials'
        ? '这个办件已经记录过提供虚假材料，不能重复记录。'
        : '这件投诉已经认定与事实不符，不能重复认定。'
    );
}

/**
 * A department taking part in a case says its applicant gave false materials or information: a handler or the window
 * clerk of the lead department proposes it; a co-approving (or other taking-part) department reports it to the lead.
 * Nothing counts against the applicant until a section chief of the lead confirms.
 */
export async function proposeFalseMaterials(
  db: Db,
  input: Acting & { caseId: string; materials: readonly string[]; reason: string; evidence: string },
  now: number,
  extra: Extra<ProposalView> = noExtra
): Promise<ProposalView> {
  return db.transaction(async tx => {
    const [row] = await tx.query<{ applicant_id: string; part: string | null; lead: string | null }>(
      `select c.applicant_id, d.part, (select l.department from case_departments l where l.case_id = c.case_id and l.part = 'lead' limit 1) as lead
       from cases c left join case_departments d on d.case_id = c.case_id and d.department = $2 where c.case_id = $1 for update of c`,
      [input.caseId, input.department]
    );
    if (!row || !row.part) throw new Refusal('notFound', 'case.not-found', '找不到这个办件，或您所在部门不参与办理。');
    if (input.roles.length === 0)
      throw new Refusal(
        'forbidden',
        'auth.no-post',
        '您在本部门没有办理岗位（如窗口、承办人），不能认定办件材料虚假。'
      );
    const leads = row.part === 'lead';
    if (leads) mustHold(input, proposalPosts.proposeFalseMaterials, '提出申请材料虚假的认定');
    await refuseIfOpen(tx, 'falseMaterials', input.caseId);
    const id = randomUUID();
    await tx.query(
      `insert into restriction_proposals (id, kind, subject_id, user_id, case_id, department, status, materials, reason, evidence,
         reported_by, reported_by_department, reported_at, proposed_by, proposed_at, created_at)
       values ($1, 'falseMaterials', $2, $3, $2, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        input.caseId,
        row.applicant_id,
        leads ? input.department : (row.lead ?? input.department),
        leads ? 'proposed' : 'reported',
        JSON.stringify(input.materials),
        input.reason,
        input.evidence,
        leads ? null : input.staffId,
        leads ? null : input.department,
        leads ? null : iso(now),
        leads ? input.staffId : null,
        leads ? iso(now) : null,
        iso(now)
      ]
    );
    const created = await one(tx, id);
    await extra(tx, created);
    return created;
  });
}

/** Staff who gave a command on the case a complaint is about: the complaint is about them, so they step aside. */
export async function complaintSubjects(sql: Sql, complaintId: string): Promise<Set<string>> {
  const rows = await sql.query<{ actor_id: string }>(
    `select distinct e.actor_id from complaints p join case_events e on e.case_id = p.case_id join users u on u.id::text = e.actor_id and u.kind = 'staff'
     where p.id = $1`,
    [complaintId]
  );
  return new Set(rows.map(r => r.actor_id));
}

export async function refuseIfComplainedAbout(sql: Sql, complaintId: string, staffId: string): Promise<void> {
  if ((await complaintSubjects(sql, complaintId)).has(staffId)) {
    throw new Refusal(
      'forbidden',
      'complaint.subject',
      '您经办了被投诉的办件，依照回避原则不能处理这件投诉，请由本部门其他人员处理。'
    );
  }
}

/** A handler of the department complained against proposes, when refusing or resolving it, that a complaint is untrue. */
export async function proposeUntrueComplaint(
  tx: Sql,
  input: Acting & { complaintId: string; userId: string; caseId: string | null; reason: string; evidence: string },
  now: number
): Promise<void> {
  mustHold(input, proposalPosts.propose, '提出投诉与事实不符的认定');
  await refuseIfOpen(tx, 'falseComplaint', input.complaintId);
  await tx.query(
    `insert into restriction_proposals (id, kind, subject_id, user_id, case_id, department, status, reason, evidence, proposed_by, proposed_at, created_at)
     values ($1, 'falseComplaint', $2, $3, $4, $5, 'proposed', $6, $7, $8, $9, $9)`,
    [
      randomUUID(),
      input.complaintId,
      input.userId,
      input.caseId,
      input.department,
      input.reason,
      input.evidence,
      input.staffId,
      iso(now)
    ]
  );
}

async function ofDepartment(tx: Sql, id: string, department: string): Promise<Row> {
  const [row] = await tx.query<Row>(`${select} where p.id = $1 and p.department = $2 for update of p`, [
    id,
    department
  ]);
  if (!row)
    throw new Refusal('notFound', 'restriction.proposal-not-found', '找不到这项认定，或它不由您所在的部门办理。');
  return row;
}

/** A handler of the lead department takes a co-approver's report up as a proposal, with their own reasons and evidence. */
export async function adoptReport(
  db: Db,
  input: Acting & { id: string; materials?: readonly string[] | undefined; reason: string; evidence: string },
  now: number,
  extra: Extra<ProposalView> = noExtra
): Promise<ProposalView> {
  return db.transaction(async tx => {
    const row = await ofDepartment(tx, input.id, input.department);
    mustHold(input, proposalPosts.propose, '提出申请材料虚假的认定');
    if (row.status !== 'reported')
      throw new Refusal(
        'conflict',
        'restriction.proposal-wrong-status',
        `这项认定${proposalStatusLabels[row.status]}，不能再提出。`,
        { status: row.status }
      );
    await tx.query(
      `update restriction_proposals set status = 'proposed', materials = $2::jsonb, reason = $3, evidence = $4, proposed_by = $5, proposed_at = $6 where id = $1`,
      [row.id, JSON.stringify(input.materials ?? row.materials), input.reason, input.evidence, input.staffId, iso(now)]
    );
    const adopted = await one(tx, row.id);
    await extra(tx, adopted);
    return adopted;
  });
}

/**
 * A section chief of the deciding department confirms a proposal (the ground is recorded: false materials restrict
 * at once, an untrue complaint counts towards four) or rejects it (a report may be rejected without a proposal).
 * The proposer cannot confirm their own proposal, nor can anyone who handled the case complained about.
 */
export async function decideProposal(
  db: Db,
  input: Acting & { id: string; confirm: boolean; reasons: string; calendar?: WorkCalendar },
  now: number,
  extra: Extra<ProposalView> = noExtra
): Promise<ProposalView> {
  return db.transaction(async tx => {
    const row = await ofDepartment(tx, input.id, input.department);
    mustHold(input, proposalPosts.confirm, input.confirm ? '确认认定' : '不予确认');
    const decidable = input.confirm
      ? row.status === 'proposed'
      : row.status === 'proposed' || row.status === 'reported';
    if (!decidable) {
      const why =
        row.status === 'reported'
          ? '协办部门的报告须先由本部门承办人提出认定，才能确认'
          : `这项认定${proposalStatusLabels[row.status]}`;
      throw new Refusal(
        'conflict',
        'restriction.proposal-wrong-status',
        `${why}，不能${input.confirm ? '确认' : '不予确认'}。`,
        { status: row.status }
      );
    }
    if (row.proposed_by === input.staffId)
      throw new Refusal(
        'forbidden',
        'restriction.own-proposal',
        '认定须由提出人以外的处室负责人确认，不能确认自己提出的认定。'
      );
    if (row.kind === 'falseComplaint') await refuseIfComplainedAbout(tx, row.subject_id, input.staffId);
    await tx.query(
      `update restriction_proposals set status = $2, decided_by = $3, decided_at = $4, decision = $5 where id = $1`,
      [row.id, input.confirm ? 'confirmed' : 'rejected', input.staffId, iso(now), input.reasons]
    );
    let restriction: RecordedGround['restriction'];
    if (input.confirm) {
      const occurredAt =
        row.kind === 'falseComplaint'
          ? ((
              await tx.query<{ created_at: Date }>('select created_at from complaints where id = $1', [row.subject_id])
            )[0]?.created_at.getTime() ?? now)
          : now;
      const recorded = await recordGround(
        tx,
        {
          userId: row.user_id,
          kind: row.kind,
          subjectId: row.subject_id,
          caseId: row.case_id,
          department: row.department,
          reason: row.reason,
          materials: row.materials,
          evidence: row.evidence,
          recordedBy: row.proposed_by,
          confirmedBy: input.staffId,
          occurredAt
        },
        now,
        input.calendar ? { calendar: input.calendar } : {}
      );
      restriction = recorded.restriction;
      if (row.kind === 'falseComplaint') {
        await notifyInbox(
          tx,
          {
            userId: row.user_id,
            caseId: row.case_id,
            subject: `【网上投诉】${row.department}认定您的投诉与事实不符`,
            body: `经核实，您的投诉与事实不符。\n理由：${row.reason}\n依据：${row.evidence}\n根据网上办事管理规定，12 个月内提出与事实不符的投诉超过 3 次的，将被列入网上办事黑名单，限制使用网上办事申请功能。`,
            payload: { complaintId: row.subject_id, kind: 'complaintFoundUntrue' }
          },
          now
        );
      }
    }
    const decided = { ...(await one(tx, row.id)), ...(restriction ? { restriction } : {}) };
    await extra(tx, decided);
    return decided;
  });
}

/** The false-materials proposals and reports about one case, oldest first: what the case page shows of them. */
export async function caseFalseMaterials(sql: Sql, caseId: string): Promise<ProposalView[]> {
  const rows = await sql.query<Row>(
    `${select} where p.kind = 'falseMaterials' and p.subject_id = $1 order by p.created_at, p.id`,
    [caseId]
  );
  return rows.map(view);
}

/** The proposals a department decides, newest first, optionally of one status. */
export async function listProposals(
  sql: Sql,
  query: { department: string; status?: ProposalStatus | undefined },
  page: PageRequest
) {
  const [at, cursorId] = cursorParams(page);
  const rows = await sql.query<Row>(
    `${select} where p.department = $1 and ($2::text is null or p.status = $2)
       and ($3::timestamptz is null or (p.created_at, p.id) < ($3::timestamptz, $4::uuid))
     order by p.created_at desc, p.id desc limit $5`,
    [query.department, query.status ?? null, at, cursorId, page.limit]
  );
  const items = rows.map(view);
  return { items, next: nextCursor(items, page.limit, p => ({ at: p.createdAt, id: p.id })) };
}
