import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import type { Sql } from '../platform/db/db.ts';
import { type Staff } from '../accounts/index.ts';
import { diffSources } from './diff/index.ts';
import { changesBetween, definitionOf } from './comparison.ts';
import { openCorrections } from './filings.ts';
import { impactOf } from './impact.ts';
import { mayRead } from './rules.ts';
import {
  columns,
  guarded,
  mustLoad,
  type RequestMeta,
  type StudioDeps,
  type VersionRow,
  versionSummary
} from './version-rows.ts';

/**
 * What the department head reads before deciding (004 第十四条): the reason for the change, the version it replaces
 * (its Definition, for the guide before), this version's Definition (the guide after), what changed in Chinese and
 * line by line, and the impact — open cases that stay on the old version, applicants' drafts that would need to
 * change. Authors and heads of the department and the reform office read it.
 */
export async function readReview(s: StudioDeps, staff: Staff, code: string, version: number, meta: RequestMeta) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.review', target, meta, async () => {
    const row = await mustLoad(s.db, code, version);
    if (!mayRead(staff, row.department))
      throw new Refusal('forbidden', 'studio.other-department', `该事项由${row.department}实施，您不能查看它的变更。`);
    const replaced = await replacedVersion(s.db, row);
    const before = definitionOf(replaced);
    const after = definitionOf(row);
    const impact = await impactOf(
      s.db,
      code,
      replaced && before ? { version: replaced.version, definition: before } : null,
      after
    );
    const corrections = await openCorrections(s.db, { code });
    await audit(s.db, { actor: staff, action: 'studio.review', outcome: 'ok', target, ip: meta.ip });
    return {
      version: versionSummary(row),
      reason: await submittedReason(s.db, code, version),
      live: replaced ? { version: replaced.version, definition: before } : null,
      definition: after,
      changes: after ? changesBetween(before, after) : [],
      sourceDiff: diffSources(replaced?.source ?? '', row.source),
      impact,
      lineComments: await lineComments(s.db, code, version),
      correction: corrections.get(code) ?? null
    };
  });
}

/**
 * The version this one replaces: for one that went live, the one live before it; for one not yet live, the one live
 * now.
 */
async function replacedVersion(sql: Sql, row: VersionRow): Promise<VersionRow | undefined> {
  const wentLive = row.state === 'published' || row.state === 'superseded';
  const rows = await sql.query<VersionRow>(
    wentLive
      ? `select ${columns} from matter_versions v left join users u on u.id = v.author_id
         where v.code = $1 and v.version < $2 and v.published_at is not null order by v.version desc limit 1`
      : `select ${columns} from matter_versions v left join users u on u.id = v.author_id
         where v.code = $1 and v.version <> $2 and v.state = 'published'`,
    [row.code, row.version]
  );
  return rows[0];
}

/** The reason (变更理由) the author gave when last submitting the version; null when never submitted. */
export async function submittedReason(sql: Sql, code: string, version: number): Promise<string | null> {
  const [row] = await sql.query<{ comment: string }>(
    `select comment from matter_approvals where code = $1 and version = $2 and decision = 'submit' order by id desc limit 1`,
    [code, version]
  );
  return row ? row.comment : null;
}

/** The comments heads attached to lines of this version's source when sending it back, oldest first. */
export async function lineComments(sql: Sql, code: string, version: number) {
  const rows = await sql.query<{
    id: number;
    approval_id: number;
    line: number;
    text: string;
    actor_id: string;
    actor_name: string | null;
    at: Date;
  }>(
    `select c.id::int as id, c.approval_id::int as approval_id, c.line, c.text, a.actor_id, u.name as actor_name, a.at
     from matter_line_comments c join matter_approvals a on a.id = c.approval_id left join users u on u.id = a.actor_id
     where c.code = $1 and c.version = $2 order by c.id`,
    [code, version]
  );
  return rows.map(r => ({
    id: r.id,
    line: r.line,
    text: r.text,
    by: { id: r.actor_id, name: r.actor_name ?? '' },
    at: r.at.toISOString(),
    sentBackWith: r.approval_id
  }));
}
