import { isDenial, Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { hasDuty, type Staff } from '../accounts/index.ts';
import { Definition } from '@banshi/definition';
import type { Services } from '../cases/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { publishedChannel } from '../catalog/index.ts';
import type { StudioDiagnostic } from './check.ts';
import {
  assertMayApprove,
  assertMayAuthor,
  editableStates,
  mayRead,
  openStates,
  readScope,
  stateLabels,
  type VersionState
} from './rules.ts';
import { checkSource, defaultPath, errorsIn } from './sources.ts';

export type StudioDeps = Pick<Services, 'db' | 'registry' | 'now'>;
/** Where the request came from, for the audit log. */
export interface RequestMeta {
  ip?: string | undefined;
}

const matterCode = /^[0-9A-Z]{33}$/;

interface VersionRow {
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
}

const columns = `v.code, v.version, v.state, v.department, v.name, v.path, v.source, v.definition, v.author_id, u.name as author_name,
  v.note, v.created_at, v.updated_at, v.published_at`;

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
    compiled: r.definition !== null
  };
}

async function load(sql: Sql, code: string, version: number, lock = false): Promise<VersionRow | undefined> {
  const rows = await sql.query<VersionRow>(
    `select ${columns} from matter_versions v left join users u on u.id = v.author_id where v.code = $1 and v.version = $2${lock ? ' for update of v' : ''}`,
    [code, version]
  );
  return rows[0];
}

async function mustLoad(sql: Sql, code: string, version: number): Promise<VersionRow> {
  const row = await load(sql, code, version);
  if (!row)
    throw new Refusal('notFound', 'studio.version-not-found', `找不到事项 ${code} 的第 ${version} 版。`, {
      code,
      version
    });
  return row;
}

/** Serialises every change to one matter's versions across processes (the lock ends with the transaction). */
const lockMatter = (tx: Sql, code: string) => tx.query('select pg_advisory_xact_lock(7021, hashtext($1))', [code]);

/** Runs a studio action; a refusal is written to the audit log (denied or rejected) before it propagates. */
async function guarded<T>(
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

const iso = (ms: number) => new Date(ms).toISOString();

export interface ListQuery {
  code?: string | undefined;
  state?: VersionState | undefined;
  department?: string | undefined;
  limit: number;
  /** `<code>.<version>` of the last item of the previous page. */
  cursor?: string | undefined;
}

/** Versions of matters, newest first per matter: the department's own, or all of them for the reform office. */
export async function listVersions(s: StudioDeps, staff: Staff, query: ListQuery, meta: RequestMeta) {
  return guarded(s, staff, 'studio.list', query.department, meta, async () => {
    const scope = readScope(staff);
    if (!scope)
      throw new Refusal(
        'forbidden',
        'studio.no-scope',
        '只有事项编写人员、部门负责人、审改办和系统管理员可以查看事项版本。'
      );
    if (scope !== 'all' && query.department && query.department !== scope)
      throw new Refusal('forbidden', 'studio.other-department', '只能查看本部门的事项版本。');
    const department = scope === 'all' ? (query.department ?? null) : scope;
    const [afterCode, afterVersion] = parseListCursor(query.cursor);
    const rows = await s.db.query<VersionRow>(
      `select ${columns} from matter_versions v left join users u on u.id = v.author_id
       where ($1::text is null or v.department = $1) and ($2::text is null or v.code = $2) and ($3::text is null or v.state = $3)
         and ($4::text is null or v.code > $4 or (v.code = $4 and v.version < $5))
       order by v.code, v.version desc limit $6`,
      [department, query.code ?? null, query.state ?? null, afterCode, afterVersion, query.limit]
    );
    await audit(s.db, { actor: staff, action: 'studio.list', outcome: 'ok', target: department ?? 'all', ip: meta.ip });
    const last = rows.at(-1);
    return {
      items: rows.map(versionSummary),
      next: rows.length === query.limit && last ? `${last.code}.${last.version}` : null
    };
  });
}

function parseListCursor(cursor: string | undefined): [string | null, number] {
  if (!cursor) return [null, 0];
  const match = /^([0-9A-Z]{33})\.(\d{1,9})$/.exec(cursor);
  if (!match) throw new Refusal('invalid', 'request.invalid', '分页游标无效。');
  return [match[1]!, Number(match[2])];
}

/** One version with its source, its Definition, the approval history and (while editable) its diagnostics. */
export async function readVersion(s: StudioDeps, staff: Staff, code: string, version: number, meta: RequestMeta) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.read', target, meta, async () => {
    const row = await mustLoad(s.db, code, version);
    if (!mayRead(staff, row.department))
      throw new Refusal('forbidden', 'studio.other-department', `该事项由${row.department}实施，您不能查看它的变更。`);
    const approvals = await s.db.query<{
      decision: string;
      actor_id: string;
      actor_name: string | null;
      comment: string;
      at: Date;
    }>(
      `select a.decision, a.actor_id, u.name as actor_name, a.comment, a.at from matter_approvals a left join users u on u.id = a.actor_id
       where a.code = $1 and a.version = $2 order by a.id`,
      [code, version]
    );
    let diagnostics: StudioDiagnostic[] | undefined;
    if (editableStates.includes(row.state)) diagnostics = (await checkSource(s.db, row.path, row.source)).diagnostics;
    await audit(s.db, { actor: staff, action: 'studio.read', outcome: 'ok', target, ip: meta.ip });
    return {
      ...versionSummary(row),
      source: row.source,
      definition: row.definition,
      diagnostics,
      approvals: approvals.map(a => ({
        decision: a.decision,
        decisionLabel: decisionLabels[a.decision] ?? a.decision,
        actor: { id: a.actor_id, name: a.actor_name ?? '' },
        comment: a.comment,
        at: a.at.toISOString()
      }))
    };
  });
}

const decisionLabels: Record<string, string> = {
  submit: '提交审批',
  approve: '部门负责人批准',
  reject: '部门负责人退回',
  publish: '发布',
  file: '报审改办备案'
};

/** Checks a source without storing anything: diagnostics, and the Definition when there is no error. */
export async function checkOnly(
  s: StudioDeps,
  staff: Staff,
  path: string | undefined,
  source: string,
  meta: RequestMeta
) {
  return guarded(s, staff, 'studio.check', path, meta, async () => {
    const result = await checkSource(s.db, path ?? (await defaultPath(s.db, guessCode(source))), source);
    await audit(s.db, {
      actor: staff,
      action: 'studio.check',
      outcome: 'ok',
      target: result.identity.code,
      ip: meta.ip,
      detail: { errors: errorsIn(result).length }
    });
    return {
      path: result.path,
      ok: errorsIn(result).length === 0,
      diagnostics: result.diagnostics,
      definition: result.definition ?? null
    };
  });
}

/** The code as written, read cheaply, to find the matter's file before the real check. */
const guessCode = (source: string) => /(?:编码|code)\s*"\s*([0-9A-Z]{33})\s*"/.exec(source)?.[1];

export interface DraftInput {
  source: string;
  path?: string | undefined;
  note?: string | undefined;
}

/**
 * Saves a new version of a matter (its code read from the source) as a draft: max + 1. A draft may have errors
 * (the author keeps working on it) but cannot be submitted until it has none.
 */
export async function createDraft(s: StudioDeps, staff: Staff, input: DraftInput, meta: RequestMeta) {
  return guarded(s, staff, 'studio.draft.create', undefined, meta, async () => {
    if (!hasDuty(staff, 'author'))
      throw new Refusal('forbidden', 'studio.not-author', '只有事项编写人员可以起草事项变更。');
    const guessed = guessCode(input.source);
    let result = await checkSource(s.db, input.path ?? (await defaultPath(s.db, guessed)), input.source);
    const { code } = result.identity;
    if (!code || !matterCode.test(code)) {
      throw new Refusal(
        'invalid',
        'studio.code-unreadable',
        '无法从草稿中读出有效的事项编码（33 位数字或大写字母），草稿没有保存。',
        { diagnostics: result.diagnostics }
      );
    }
    if (!input.path && code !== guessed) result = await checkSource(s.db, await defaultPath(s.db, code), input.source);
    const existing = await s.db.query<{ department: string }>(
      'select department from matter_versions where code = $1 order by version desc limit 1',
      [code]
    );
    if (existing[0]) assertMayAuthor(staff, existing[0].department);
    const department = result.identity.department;
    if (!department)
      throw new Refusal('invalid', 'studio.department-unreadable', '草稿没有写明实施部门（“部门 …”），草稿没有保存。', {
        diagnostics: result.diagnostics
      });
    assertMayAuthor(staff, department);
    await assertPathFree(s.db, result.path, code);
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      const open = await tx.query<{ version: number; state: VersionState }>(
        `select version, state from matter_versions where code = $1 and state in (${openStates.map(st => `'${st}'`).join(', ')}) order by version desc limit 1`,
        [code]
      );
      if (open[0]) {
        throw new Refusal(
          'conflict',
          'studio.open-version',
          `该事项已有未完成的变更（第 ${open[0].version} 版，${stateLabels[open[0].state]}），请在该版本上继续修改。`,
          { version: open[0].version, state: open[0].state }
        );
      }
      const max = await tx.query<{ n: number }>(
        'select coalesce(max(version), 0)::int as n from matter_versions where code = $1',
        [code]
      );
      const version = (max[0]?.n ?? 0) + 1;
      await tx.query(
        `insert into matter_versions (code, version, state, department, name, path, source, definition, author_id, note, created_at, updated_at)
         values ($1, $2, 'draft', $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $10)`,
        [
          code,
          version,
          department,
          result.identity.name ?? '',
          result.path,
          input.source,
          result.definition ? JSON.stringify(result.definition) : null,
          staff.id,
          input.note ?? '',
          now
        ]
      );
      await audit(tx, {
        actor: staff,
        action: 'studio.draft.create',
        outcome: 'ok',
        target: `${code}@${version}`,
        ip: meta.ip,
        detail: { errors: errorsIn(result).length }
      });
      return (await load(tx, code, version))!;
    });
    return { ...versionSummary(row), diagnostics: result.diagnostics };
  });
}

async function assertPathFree(sql: Sql, path: string, code: string): Promise<void> {
  const taken = await sql.query<{ code: string }>(
    'select code from matter_versions where path = $1 and code <> $2 limit 1',
    [path, code]
  );
  if (taken[0])
    throw new Refusal(
      'conflict',
      'studio.path-taken',
      `路径“${path}”已是事项 ${taken[0].code} 的文件，请换一个路径。`,
      { path, code: taken[0].code }
    );
}

/**
 * Replaces a draft's (or a sent-back version's) source; a sent-back version becomes a draft again. Whoever wrote the
 * text last is its author: the one head who may not approve it.
 */
export async function updateDraft(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  input: Omit<DraftInput, 'path'>,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.draft.update', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayAuthor(staff, current.department);
    assertEditable(current);
    const result = await checkSource(s.db, current.path, input.source);
    assertSameMatter(result.identity, current);
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      const locked = (await load(tx, code, version, true))!;
      assertEditable(locked);
      await tx.query(
        `update matter_versions set source = $3, name = $4, definition = $5::jsonb, state = 'draft', note = coalesce($6, note), updated_at = $7, author_id = $8
         where code = $1 and version = $2`,
        [
          code,
          version,
          input.source,
          result.identity.name ?? current.name,
          result.definition ? JSON.stringify(result.definition) : null,
          input.note ?? null,
          now,
          staff.id
        ]
      );
      await audit(tx, {
        actor: staff,
        action: 'studio.draft.update',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { errors: errorsIn(result).length }
      });
      return (await load(tx, code, version))!;
    });
    return { ...versionSummary(row), diagnostics: result.diagnostics };
  });
}

function assertEditable(row: VersionRow): void {
  if (editableStates.includes(row.state)) return;
  const why =
    row.state === 'submitted'
      ? '已提交审批，不能修改；请等待部门负责人审批，或退回后再修改。'
      : row.state === 'published' || row.state === 'approved'
        ? '已批准发布，不能修改；如需变更，请起草新版本。'
        : '已被新版本替代，不能修改。';
  throw new Refusal('conflict', 'studio.not-editable', `事项 ${row.code} 第 ${row.version} 版${why}`, {
    state: row.state
  });
}

function assertSameMatter(
  identity: { code: string | undefined; department: string | undefined },
  row: VersionRow
): void {
  if (identity.code && identity.code !== row.code) {
    throw new Refusal('invalid', 'studio.code-changed', `事项编码不能修改（原为 ${row.code}）；新事项请另行起草。`, {
      code: row.code
    });
  }
  if (identity.department && identity.department !== row.department) {
    throw new Refusal(
      'forbidden',
      'studio.department-changed',
      `实施部门不能在草稿中改为“${identity.department}”；调整事项的实施部门须经审改办。`,
      { department: row.department }
    );
  }
}

/** Submits a draft to the department head; it must compile without errors against the current catalogue. */
export async function submitDraft(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string | undefined,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.submit', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayAuthor(staff, current.department);
    assertEditable(current);
    const result = await checkSource(s.db, current.path, current.source);
    const errors = errorsIn(result);
    if (errors.length > 0 || !result.definition) {
      throw new Refusal(
        'invalid',
        'studio.draft-has-errors',
        `草稿还有 ${errors.length} 处错误，改正后才能提交审批。`,
        { diagnostics: result.diagnostics }
      );
    }
    assertSameMatter(result.identity, current);
    const definition = result.definition;
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertEditable((await load(tx, code, version, true))!);
      await tx.query(
        `update matter_versions set state = 'submitted', definition = $3::jsonb, name = $4, updated_at = $5 where code = $1 and version = $2`,
        [code, version, JSON.stringify(definition), definition.name, now]
      );
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'submit', $4, $5)`,
        [code, version, staff.id, comment ?? '', now]
      );
      await audit(tx, { actor: staff, action: 'studio.submit', outcome: 'ok', target, ip: meta.ip });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}

function assertSubmitted(row: VersionRow): void {
  if (row.state !== 'submitted') {
    throw new Refusal(
      'conflict',
      'studio.not-submitted',
      `事项 ${row.code} 第 ${row.version} 版当前为“${stateLabels[row.state]}”，不在待审批状态。`,
      { state: row.state }
    );
  }
}

/**
 * The head approves: the version is published at once (the previous one superseded), every runtime process is told
 * in the same transaction, and the change is filed with the reform office.
 */
export async function approveVersion(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string | undefined,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  const row = await guarded(s, staff, 'studio.approve', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayApprove(staff, current.department, current.author_id);
    assertSubmitted(current);
    const parsed = Definition.safeParse(current.definition);
    if (!parsed.success)
      throw new Refusal(
        'conflict',
        'studio.definition-invalid',
        '该版本的编译结果无效，请退回编写人员重新检查后提交。'
      );
    const now = iso(s.now());
    return s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertSubmitted((await load(tx, code, version, true))!);
      const previous = await tx.query<{ version: number }>(
        `update matter_versions set state = 'superseded', updated_at = $2 where code = $1 and state = 'published' returning version`,
        [code, now]
      );
      await tx.query(
        `update matter_versions set state = 'published', published_at = $3, updated_at = $3 where code = $1 and version = $2`,
        [code, version, now]
      );
      const filing = `${current.department}负责人${staff.name}批准并发布，报审改办备案${previous[0] ? `（替代第 ${previous[0].version} 版）` : '（新增事项）'}。`;
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at)
         values ($1, $2, $3, 'approve', $4, $5), ($1, $2, $3, 'publish', '', $5), ($1, $2, $3, 'file', $6, $5)`,
        [code, version, staff.id, comment ?? '', now, filing]
      );
      await tx.query('select pg_notify($1, $2)', [publishedChannel, target]);
      await audit(tx, {
        actor: staff,
        action: 'studio.approve',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { superseded: previous[0]?.version ?? null }
      });
      return (await load(tx, code, version))!;
    });
  });
  // Every process reloads on the notification; this one does not wait for it to answer with the new version live.
  await s.registry.reload();
  return versionSummary(row);
}

/** The head sends a submitted version back with a comment; the author may edit and submit it again. */
export async function rejectVersion(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.reject', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayApprove(staff, current.department, current.author_id);
    assertSubmitted(current);
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertSubmitted((await load(tx, code, version, true))!);
      await tx.query(
        `update matter_versions set state = 'rejected', updated_at = $3 where code = $1 and version = $2`,
        [code, version, now]
      );
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'reject', $4, $5)`,
        [code, version, staff.id, comment, now]
      );
      await audit(tx, { actor: staff, action: 'studio.reject', outcome: 'ok', target, ip: meta.ip });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}

export interface FilingQuery {
  department?: string | undefined;
  limit: number;
  /** The id of the last filing of the previous page. */
  cursor?: number | undefined;
}

/** Changes filed with the reform office, newest first. */
export async function listFilings(s: StudioDeps, staff: Staff, query: FilingQuery, meta: RequestMeta) {
  return guarded(s, staff, 'studio.filings', query.department, meta, async () => {
    if (!hasDuty(staff, 'reformOffice') && !hasDuty(staff, 'admin'))
      throw new Refusal('forbidden', 'studio.not-reform-office', '只有审改办可以查看事项变更备案。');
    const rows = await s.db.query<{
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
      previous: number | null;
    }>(
      `select a.id, a.code, a.version, v.name, v.department, v.note, a.comment, a.at, a.actor_id, u.name as actor_name,
              (select b.comment from matter_approvals b where b.code = a.code and b.version = a.version and b.decision = 'approve' order by b.id desc limit 1) as approval,
              (select max(p.version) from matter_versions p where p.code = a.code and p.version < a.version and p.published_at is not null) as previous
       from matter_approvals a join matter_versions v on v.code = a.code and v.version = a.version left join users u on u.id = a.actor_id
       where a.decision = 'file' and ($1::text is null or v.department = $1) and ($2::bigint is null or a.id < $2)
       order by a.id desc limit $3`,
      [query.department ?? null, query.cursor ?? null, query.limit]
    );
    await audit(s.db, {
      actor: staff,
      action: 'studio.filings',
      outcome: 'ok',
      target: query.department ?? 'all',
      ip: meta.ip
    });
    return {
      items: rows.map(r => ({
        id: r.id,
        code: r.code,
        version: r.version,
        previousVersion: r.previous,
        name: r.name,
        department: r.department,
        note: r.note,
        approvedBy: { id: r.actor_id, name: r.actor_name ?? '' },
        approvalComment: r.approval ?? '',
        filing: r.comment,
        at: r.at.toISOString()
      })),
      next: rows.length === query.limit ? rows.at(-1)!.id : null
    };
  });
}
