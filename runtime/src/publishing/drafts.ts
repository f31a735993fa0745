import { shanghaiTime } from '@banshi/definition/calendar';
import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { hasDuty, type Staff } from '../accounts/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { assertMayAuthor, editableStates, openStates, stateLabels, type VersionState } from './rules.ts';
import { checkSource, defaultPath, errorsIn } from './sources.ts';
import type { CheckResult } from './check.ts';
import { expectationWarnings, rerunExpectations } from './simulation/expectations.ts';
import { guessCode, type SimulationDeps } from './simulation/simulate.ts';
import { carryMaterialFiles } from './materials/carry-forward.ts';
import {
  guarded,
  iso,
  load,
  lockMatter,
  matterCode,
  mustLoad,
  type RequestMeta,
  type VersionRow,
  versionSummary
} from './version-rows.ts';

/** Drafting a matter change: a check without saving, a new draft, and edits to a draft. */
export async function checkOnly(
  s: SimulationDeps,
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
    const expectations = await withExpectations(s, result);
    return {
      path: result.path,
      ok: errorsIn(result).length === 0,
      diagnostics: result.diagnostics,
      definition: result.definition ?? null,
      expectations
    };
  });
}

/**
 * The matter's saved expectations run again on the checked source; each broken one adds a warning to the
 * diagnostics (a warning: an author may mean the change, so it never blocks submission).
 */
export async function withExpectations(s: SimulationDeps, result: CheckResult) {
  const expectations = await rerunExpectations(s, result.identity.code, result.definition);
  result.diagnostics.push(...expectationWarnings(expectations, result.identity.range, result.definition !== undefined));
  return expectations;
}

export interface DraftInput {
  source: string;
  path?: string | undefined;
  note?: string | undefined;
  /** The revision the editor's text was based on: a save on an older one is refused, not silently applied. */
  baseRevision?: number | undefined;
}

/**
 * Saves a new version of a matter (its code read from the source) as a draft: max + 1. A draft may have errors
 * (the author keeps working on it) but cannot be submitted until it has none.
 */
export async function createDraft(s: SimulationDeps, staff: Staff, input: DraftInput, meta: RequestMeta) {
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
    const row = await insertDraftVersion(
      s,
      staff,
      {
        code,
        department,
        name: result.identity.name ?? '',
        path: result.path,
        source: input.source,
        definition: result.definition ?? null,
        note: input.note ?? ''
      },
      { action: 'studio.draft.create', ip: meta.ip, detail: { errors: errorsIn(result).length } }
    );
    const expectations = await withExpectations(s, result);
    return { ...versionSummary(row), diagnostics: result.diagnostics, expectations };
  });
}

/** What a new version is made of: a new draft's text, or an old version's restored. */
export interface NewVersion {
  code: string;
  department: string;
  name: string;
  path: string;
  source: string;
  definition: unknown;
  note: string;
  /** The version whose materials' templates and samples the draft starts with (default: the live one). */
  filesFrom?: number | undefined;
}

/**
 * Inserts the matter's next version (max + 1) as a draft, refused while another change is in progress (one at a time,
 * so versions are approved in the order they were drafted).
 */
export async function insertDraftVersion(
  s: Pick<SimulationDeps, 'db' | 'now'>,
  staff: Staff,
  fields: NewVersion,
  audited: { action: string; ip?: string | undefined; detail?: Record<string, unknown> }
): Promise<VersionRow> {
  const { code } = fields;
  const now = iso(s.now());
  return s.db.transaction(async tx => {
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
      `insert into matter_versions (code, version, state, department, name, path, source, definition, author_id, note, created_at, updated_at, saved_at)
       values ($1, $2, 'draft', $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $10, $10)`,
      [
        code,
        version,
        fields.department,
        fields.name,
        fields.path,
        fields.source,
        fields.definition === null ? null : JSON.stringify(fields.definition),
        staff.id,
        fields.note,
        now
      ]
    );
    await carryMaterialFiles(tx, code, version, fields.filesFrom);
    await audit(tx, {
      actor: staff,
      action: audited.action,
      outcome: 'ok',
      target: `${code}@${version}`,
      ip: audited.ip,
      detail: audited.detail
    });
    return (await load(tx, code, version))!;
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
  s: SimulationDeps,
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
      assertCurrentRevision(locked, input.baseRevision);
      await tx.query(
        `update matter_versions set source = $3, name = $4, definition = $5::jsonb, state = 'draft', note = coalesce($6, note), updated_at = $7,
           author_id = $8, saved_at = $7, revision = revision + 1
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
        detail: { errors: errorsIn(result).length, revision: locked.revision + 1 }
      });
      return (await load(tx, code, version))!;
    });
    const expectations = await withExpectations(s, result);
    return { ...versionSummary(row), diagnostics: result.diagnostics, expectations };
  });
}

/**
 * Two people editing one matter never silently overwrite each other: a save based on an older revision than the
 * stored one is refused with who saved last, when, and the text as it now stands, for the editor to reconcile.
 */
function assertCurrentRevision(row: VersionRow, baseRevision: number | undefined): void {
  if (baseRevision === undefined || baseRevision === row.revision) return;
  const by = row.author_name ?? '其他人员';
  const at = row.saved_at ?? row.updated_at;
  throw new Refusal(
    'conflict',
    'studio.draft-conflict',
    `这份草稿已由${by}于 ${shanghaiTime(at.getTime())} 保存过（第 ${row.revision} 稿），您的修改基于第 ${baseRevision} 稿，没有保存。请先查看对方的修改，合并后再保存。`,
    {
      revision: row.revision,
      savedBy: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
      savedAt: at.toISOString(),
      source: row.source
    }
  );
}

export function assertEditable(row: VersionRow): void {
  if (editableStates.includes(row.state)) return;
  const why =
    row.state === 'submitted'
      ? '已提交审批，不能修改；请等待部门负责人审批，或退回后再修改。'
      : row.state === 'scheduled'
        ? `已批准，定于 ${row.scheduled_at ? shanghaiTime(row.scheduled_at.getTime()) : '预定时间'} 生效，不能修改；如需修改，请部门负责人先撤回定时发布。`
        : row.state === 'published' || row.state === 'approved'
          ? '已批准发布，不能修改；如需变更，请起草新版本。'
          : '已被新版本替代，不能修改。';
  throw new Refusal('conflict', 'studio.not-editable', `事项 ${row.code} 第 ${row.version} 版${why}`, {
    state: row.state
  });
}

export function assertSameMatter(
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
