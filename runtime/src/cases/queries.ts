import type { Sql } from '../platform/db/db.ts';

/** A line of a list of cases: what the applicant's and the office's lists show. */
export interface CaseLine {
  caseId: string;
  caseNumber: string;
  matterCode: string;
  status: string;
  receivedAt: Date;
  promisedDeadline: Date | null;
}

const line = (r: {
  case_id: string;
  case_number: string;
  matter_code: string;
  status: string;
  received_at: Date;
  promised_deadline: Date | null;
}): CaseLine => ({
  caseId: r.case_id,
  caseNumber: r.case_number,
  matterCode: r.matter_code,
  status: r.status,
  receivedAt: r.received_at,
  promisedDeadline: r.promised_deadline
});

/** An applicant's cases, newest first, received before `before` (an ISO instant; null for the first page). */
export async function casesOfApplicant(
  sql: Sql,
  applicantId: string,
  page: { before: string | null; limit: number }
): Promise<CaseLine[]> {
  const rows = await sql.query<Parameters<typeof line>[0]>(
    `select case_id, case_number, matter_code, status, received_at, promised_deadline from cases
     where applicant_id = $1 and ($2::timestamptz is null or received_at < $2) order by received_at desc limit $3`,
    [applicantId, page.before, page.limit]
  );
  return rows.map(line);
}

/** The office's queue: the cases a department takes part in (and which part), newest first. */
export async function departmentCases(
  sql: Sql,
  department: string,
  filter: { status: string | null; before: string | null; limit: number }
): Promise<Array<CaseLine & { part: string }>> {
  const rows = await sql.query<Parameters<typeof line>[0] & { part: string }>(
    `select c.case_id, c.case_number, c.matter_code, c.status, c.received_at, c.promised_deadline, d.part
     from case_departments d join cases c on c.case_id = d.case_id
     where d.department = $1 and ($2::text is null or c.status = $2) and ($3::timestamptz is null or c.received_at < $3)
     order by c.received_at desc limit $4`,
    [department, filter.status, filter.before, filter.limit]
  );
  return rows.map(r => ({ ...line(r), part: r.part }));
}

/** A file an applicant uploaded to their case. */
export interface CaseFile {
  id: string;
  name: string;
  material: string | null;
  pages: number | null;
}

/** The files the owner uploaded to a case, in the order they came. */
export async function filesOfCase(sql: Sql, caseId: string, ownerId: string): Promise<CaseFile[]> {
  return sql.query<CaseFile>(
    'select id, name, material, pages from files where case_id = $1 and owner_id = $2 order by created_at',
    [caseId, ownerId]
  );
}

/** The codes of the matters most applied for since `since`, most first (ten at most). */
export async function mostUsedMatters(sql: Sql, since: number): Promise<string[]> {
  const rows = await sql.query<{ matter_code: string }>(
    'select matter_code from cases where received_at > $1 group by matter_code order by count(*) desc limit 10',
    [new Date(since).toISOString()]
  );
  return rows.map(r => r.matter_code);
}
