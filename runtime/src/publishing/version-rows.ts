import { isDenial, Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { type Staff } from '../accounts/index.ts';
import type { Services } from '../cases/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { stateLabels, type VersionState } from './rules.ts';

/** Matter versions as rows: loading, locking a matter's versions, and the audited guard every studio action runs in. */
export type StudioDeps = Pick<Services, 'db' | 'registry' | 'now'>;
/** Where the request came from, for the audit log. */
export interface RequestMeta {
  ip?: string | undefined;
}

export const matterCode = /^[0-9A-Z]{33}$/;

export interface VersionRow {
  code: string;
  version: number;
  state: VersionState;
  department: string;
  name: string;
  path: string;
  source: string;
  definition: unknown;
  author_id: string | null;
  author_name: string | null;
  note: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  scheduled_at: Date | null;
  superseded_at: Date | null;
  /** The text's revision: one more on each save. */
  revision: number;
  saved_at: Date | null;
}

export const columns = `v.code, v.version, v.state, v.department, v.name, v.path, v.source, v.definition, v.author_id, u.name as author_name,
  v.note, v.created_at, v.updated_at, v.published_at, v.scheduled_at, v.superseded_at, v.revision, v.saved_at`;

/** A version as lists show it (no source, no definition). */
export function versionSummary(r: VersionRow) {
  return {
    code: r.code,
    version: r.version,
    state: r.state,
    stateLabel: stateLabels[r.state],
    name: r.name,
    department: r.department,
    path: r.path,
    note: r.note,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
    scheduledAt: r.scheduled_at?.toISOString() ?? null,
    revision: r.revision,
    compiled: r.definition !== null
  };
}

export async function load(sql: Sql, code: string, version: number, lock = false): Promise<VersionRow | undefined> {
  const rows = await sql.query<VersionRow>(
    `select ${columns} from matter_versions v left join users u on u.id = v.author_id where v.code = $1 and v.version = $2${lock ? ' for update of v' : ''}`,
    [code, version]
  );
  return rows[0];
}

export async function mustLoad(sql: Sql, code: string, version: number): Promise<VersionRow> {
  const row = await load(sql, code, version);
  if (!row)
    throw new Refusal('notFound', 'studio.version-not-found', `找不到事项 ${code} 的第 ${version} 版。`, {
      code,
      version
    });
  return row;
}

/** Serialises every change to one matter's versions across processes (the lock ends with the transaction). */
export const lockMatter = (tx: Sql, code: string) =>
  tx.query('select pg_advisory_xact_lock(7021, hashtext($1))', [code]);

/** Runs a studio action; a refusal is written to the audit log (denied or rejected) before it propagates. */
export async function guarded<T>(
  s: StudioDeps,
  staff: Staff,
  action: string,
  target: string | undefined,
  meta: RequestMeta,
  fn: () => Promise<T>
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Refusal) {
      const outcome = isDenial(error) ? 'denied' : 'rejected';
      await audit(s.db, { actor: staff, action, outcome, target, ip: meta.ip, detail: { code: error.code } });
    }
    throw error;
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();
