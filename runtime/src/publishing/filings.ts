import { Definition } from '@banshi/definition';
import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import type { Sql } from '../platform/db/db.ts';
import { hasDuty, type Staff } from '../accounts/index.ts';
import { assertMayFile } from './rules.ts';
import { changesBetween } from './comparison.ts';
import { guarded, iso, lockMatter, type RequestMeta, type StudioDeps } from './version-rows.ts';

/**
 * Filing (备案): every published change is filed with the reform office (004 第十四条), which reviews it and either
 * files it (备案通过) or orders a correction with reasons (责令改正). A correction order is the department's task, shown
 * on the matter, until a later version of the matter is filed.
 */
export type FilingState = 'pending' | 'filed' | 'correction';

export const filingStateLabels: Record<FilingState, string> = {
  pending: '待备案',
  filed: '已备案',
  correction: '责令改正'
};

interface FilingRow {
  id: number;
  code: string;
  version: number;
  name: string;
  department: string;
  note: string;
  comment: string;
  at: Date;
  actor_id: string;
  actor_name: string | null;
  approval: string | null;
  reason: string | null;
  previous: number | null;
  definition: unknown;
  decision: 'filed' | 'correct' | null;
  decision_comment: string | null;
  decision_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
}

const filingSelect = `select a.id::int as id, a.code, a.version, v.name, v.department, v.note, a.comment, a.at, a.actor_id, u.name as actor_name,
    (select b.comment from matter_approvals b where b.code = a.code and b.version = a.version and b.decision = 'approve' order by b.id desc limit 1) as approval,
    (select b.comment from matter_approvals b where b.code = a.code and b.version = a.version and b.decision = 'submit' order by b.id desc limit 1) as reason,
    (select max(p.version) from matter_versions p where p.code = a.code and p.version < a.version and p.published_at is not null) as previous,
    v.definition, d.decision, d.comment as decision_comment, d.at as decision_at, d.actor_id as decided_by, du.name as decided_by_name
  from matter_approvals a
  join matter_versions v on v.code = a.code and v.version = a.version
  left join users u on u.id = a.actor_id
  left join matter_approvals d on d.code = a.code and d.version = a.version and d.decision in ('filed', 'correct')
  left join users du on du.id = d.actor_id`;

export interface FilingQuery {
  department?: string | undefined;
  state?: FilingState | undefined;
  limit: number;
  /** The id of the last filing of the previous page. */
  cursor?: number | undefined;
}

/** Changes filed with the reform office, newest first, each with its state and what changed. */
export async function listFilings(s: StudioDeps, staff: Staff, query: FilingQuery, meta: RequestMeta) {
  return guarded(s, staff, 'studio.filings', query.department, meta, async () => {
    if (!hasDuty(staff, 'reformOffice') && !hasDuty(staff, 'admin'))
      throw new Refusal('forbidden', 'studio.not-reform-office', '只有审改办可以查看事项变更备案。');
    const decision = query.state ? { pending: 'none', filed: 'filed', correction: 'correct' }[query.state] : null;
    const rows = await s.db.query<FilingRow>(
      `${filingSelect}
       where a.decision = 'file' and ($1::text is null or v.department = $1) and ($2::bigint is null or a.id < $2)
         and ($3::text is null or coalesce(d.decision, 'none') = $3)
       order by a.id desc limit $4`,
      [query.department ?? null, query.cursor ?? null, decision, query.limit]
    );
    await audit(s.db, {
      actor: staff,
      action: 'studio.filings',
      outcome: 'ok',
      target: query.department ?? 'all',
      ip: meta.ip
    });
    return {
      items: await Promise.all(rows.map(r => filingView(s, r))),
      next: rows.length === query.limit ? rows.at(-1)!.id : null
    };
  });
}

async function filingView(s: StudioDeps, r: FilingRow) {
  const before = r.previous === null ? undefined : await s.registry.asWritten(r.code, r.previous);
  const after = Definition.safeParse(r.definition);
  const state: FilingState = r.decision === 'filed' ? 'filed' : r.decision === 'correct' ? 'correction' : 'pending';
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    previousVersion: r.previous,
    name: r.name,
    department: r.department,
    note: r.note,
    reason: r.reason ?? '',
    approvedBy: { id: r.actor_id, name: r.actor_name ?? '' },
    approvalComment: r.approval ?? '',
    filing: r.comment,
    at: r.at.toISOString(),
    state,
    stateLabel: filingStateLabels[state],
    decision:
      r.decision && r.decided_by && r.decision_at
        ? {
            by: { id: r.decided_by, name: r.decided_by_name ?? '' },
            at: r.decision_at.toISOString(),
            text: r.decision_comment ?? ''
          }
        : null,
    changes: after.success ? changesBetween(before ?? null, after.data) : []
  };
}

/** The reform office's decision on one filing: filed (备案通过, an optional note) or a correction ordered with reasons. */
export async function decideFiling(
  s: StudioDeps,
  staff: Staff,
  id: number,
  decision: { kind: 'filed'; note?: string | undefined } | { kind: 'correct'; reasons: string },
  meta: RequestMeta
) {
  const action = decision.kind === 'filed' ? 'studio.filing.accept' : 'studio.filing.correct';
  return guarded(s, staff, action, String(id), meta, async () => {
    assertMayFile(staff);
    const filing = await fileRow(s.db, id);
    const text = decision.kind === 'filed' ? (decision.note ?? '') : decision.reasons;
    const now = iso(s.now());
    await s.db.transaction(async tx => {
      await lockMatter(tx, filing.code);
      const decided = await tx.query<{ decision: string }>(
        `select decision from matter_approvals where code = $1 and version = $2 and decision in ('filed', 'correct')`,
        [filing.code, filing.version]
      );
      if (decided[0])
        throw new Refusal(
          'conflict',
          'studio.filing-decided',
          `事项 ${filing.code} 第 ${filing.version} 版的备案已审查（${decided[0].decision === 'filed' ? '已备案' : '已责令改正'}），不能再次审查。`,
          { state: decided[0].decision === 'filed' ? 'filed' : 'correction' }
        );
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, $4, $5, $6)`,
        [filing.code, filing.version, staff.id, decision.kind, text, now]
      );
      await audit(tx, {
        actor: staff,
        action,
        outcome: 'ok',
        target: `${filing.code}@${filing.version}`,
        ip: meta.ip,
        detail: { filing: id }
      });
    });
    const [row] = await s.db.query<FilingRow>(`${filingSelect} where a.id = $1`, [id]);
    return filingView(s, row!);
  });
}

async function fileRow(sql: Sql, id: number): Promise<{ code: string; version: number }> {
  const [row] = await sql.query<{ code: string; version: number }>(
    `select code, version from matter_approvals where id = $1 and decision = 'file'`,
    [id]
  );
  if (!row) throw new Refusal('notFound', 'studio.filing-not-found', `找不到编号为 ${id} 的备案。`, { id });
  return row;
}

/** A correction the reform office ordered, still to be made: no later version of the matter has been filed. */
export interface OpenCorrection {
  code: string;
  version: number;
  filingId: number;
  reasons: string;
  orderedBy: { id: string; name: string };
  orderedAt: string;
}

/** The open correction orders, by matter code (of one matter, or of a department's, or all). */
export async function openCorrections(
  sql: Sql,
  filter: { code?: string | undefined; department?: string | null | undefined }
): Promise<Map<string, OpenCorrection>> {
  const rows = await sql.query<{
    code: string;
    version: number;
    filing_id: number;
    comment: string;
    actor_id: string;
    actor_name: string | null;
    at: Date;
  }>(
    `select c.code, c.version, c.comment, c.actor_id, u.name as actor_name, c.at,
            (select f.id::int from matter_approvals f where f.code = c.code and f.version = c.version and f.decision = 'file' order by f.id limit 1) as filing_id
     from matter_approvals c join matter_versions v on v.code = c.code and v.version = c.version
     left join users u on u.id = c.actor_id
     where c.decision = 'correct' and ($1::text is null or c.code = $1) and ($2::text is null or v.department = $2)
       and not exists (select 1 from matter_approvals f where f.code = c.code and f.version > c.version and f.decision = 'file')
     order by c.id`,
    [filter.code ?? null, filter.department ?? null]
  );
  const byCode = new Map<string, OpenCorrection>();
  for (const r of rows)
    byCode.set(r.code, {
      code: r.code,
      version: r.version,
      filingId: Number(r.filing_id),
      reasons: r.comment,
      orderedBy: { id: r.actor_id, name: r.actor_name ?? '' },
      orderedAt: r.at.toISOString()
    });
  return byCode;
}

/** Filings the reform office has yet to review. */
export async function pendingFilings(sql: Sql) {
  return sql.query<{ id: number; code: string; version: number; name: string; department: string; at: Date }>(
    `select a.id::int as id, a.code, a.version, v.name, v.department, a.at
     from matter_approvals a join matter_versions v on v.code = a.code and v.version = a.version
     where a.decision = 'file'
       and not exists (select 1 from matter_approvals d where d.code = a.code and d.version = a.version and d.decision in ('filed', 'correct'))
     order by a.id`
  );
}
