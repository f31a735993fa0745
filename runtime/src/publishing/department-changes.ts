import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { assertAdministers, administrationScope, hasDuty, type Staff } from '../accounts/index.ts';
import { publishedChannel } from '../catalog/index.ts';
import { audit } from '../platform/audit.ts';
import type { Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { catalogueBase, type CatalogueBase } from './catalogue-base.ts';
import { checkCatalogueFiles, problemLine, type CatalogueProblem } from './catalogue-check.ts';
import { departmentBlock, describeChange, formOf, type BlockField, type DepartmentForm } from './department-source.ts';
import { publishRename, renamedBase, renameOf, withFormerName } from './department-rename.ts';
import { guarded, type RequestMeta, type StudioDeps } from './version-rows.ts';

/**
 * Changes to a department, published like matters: an administrator writes it (the studio's form becomes one
 * department block in the Matter language), the whole catalogue is checked with it, and it waits as a pending
 * catalogue change until a member of the reform office who did not write it approves it (002: the reform office
 * confirms each department's items; 004 第十六条: no configuration change without approval). Approval publishes a
 * new catalogue version that every process reads at once (NOTIFY), as the calendar's does.
 */

export type ChangeState = 'pending' | 'published' | 'rejected';
export const changeStateLabels: Record<ChangeState, string> = {
  pending: '待审改办确认',
  published: '已发布',
  rejected: '已退回'
};

/** A problem of a proposed change: on a field of the form when it is in the department's block, else by file:line. */
export interface FieldProblem extends CatalogueProblem {
  field?: BlockField;
}

export interface ChangeRow {
  id: string;
  kind: 'department' | 'import';
  state: ChangeState;
  department: string | null;
  previous_name: string | null;
  source: string | null;
  files: Record<string, string> | null;
  summary: unknown;
  note: string;
  author_id: string;
  author_name: string | null;
  decided_by: string | null;
  decided_name: string | null;
  comment: string | null;
  base_version: number;
  catalog_version: number | null;
  created_at: Date;
  decided_at: Date | null;
}

const changeColumns = `c.id, c.kind, c.state, c.department, c.previous_name, c.source, c.files, c.summary, c.note,
  c.author_id, a.name as author_name, c.decided_by, d.name as decided_name, c.comment, c.base_version,
  c.catalog_version, c.created_at, c.decided_at`;
export const changeQuery = `select ${changeColumns} from catalog_changes c left join users a on a.id = c.author_id left join users d on d.id = c.decided_by`;

export function changeView(r: ChangeRow) {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    stateLabel: changeStateLabels[r.state],
    department: r.department,
    previousName: r.previous_name,
    source: r.source,
    files: r.files ? Object.keys(r.files).sort() : [],
    summary: z.array(z.string()).parse(r.summary),
    note: r.note,
    author: { id: r.author_id, name: r.author_name ?? '' },
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_name ?? '' } : null,
    comment: r.comment,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    catalogVersion: r.catalog_version
  };
}
export type ChangeView = ReturnType<typeof changeView>;

/** The file that takes new departments: the one holding most of them, else `departments.matter`. */
function departmentsFile(places: Array<{ path: string }>): string {
  const counts = new Map<string, number>();
  for (const p of places) counts.set(p.path, (counts.get(p.path) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'departments.matter';
}

/**
 * The catalogue's non-matter files with the department's block in place of the one named `replaces` (or added),
 * and the line the block starts on in its file.
 */
async function withBlock(
  base: CatalogueBase,
  block: string,
  replaces: string | undefined
): Promise<{ sources: Record<string, string>; path: string; startLine: number }> {
  const located = await checkCatalogueFiles(base.sources);
  const place = replaces ? located.departments.find(d => d.name === replaces) : undefined;
  if (replaces && !place)
    throw new Refusal('notFound', 'department.not-found', `目录中没有“${replaces}”这个部门。`, {
      department: replaces
    });
  const sources = { ...base.sources };
  if (place) {
    const text = sources[place.path]!;
    sources[place.path] = text.slice(0, place.start) + block + text.slice(place.end);
    return { sources, path: place.path, startLine: text.slice(0, place.start).split('\n').length - 1 };
  }
  const path = departmentsFile(located.departments);
  const text = (sources[path] ?? '').replace(/\s*$/, '');
  const joined = text ? `${text}\n\n` : '';
  sources[path] = `${joined}${block}\n`;
  return { sources, path, startLine: joined.split('\n').length - 1 };
}

export interface CheckedChange {
  ok: boolean;
  source: string;
  problems: FieldProblem[];
  summary: string[];
  sources: Record<string, string>;
  catalog: Awaited<ReturnType<typeof checkCatalogueFiles>>['catalog'];
}

/** The whole catalogue checked with the department written from `form` (in place of `previousName`'s, if given). */
export async function checkDepartmentChange(
  live: CatalogueBase,
  current: DepartmentForm | undefined,
  written: DepartmentForm,
  previousName: string | undefined
): Promise<CheckedChange> {
  // A rename: the old name joins the former names, and the catalogue is checked with every reference renamed.
  const rename = renameOf(previousName, written.name);
  const form = rename ? withFormerName(written, rename) : written;
  const base = rename ? (await renamedBase(live, rename)).base : live;
  const { text, lines } = departmentBlock(form);
  const placed = await withBlock(base, text, previousName);
  const checked = await checkCatalogueFiles({ ...placed.sources, ...base.matters });
  const problems: FieldProblem[] = checked.errors.map(p => {
    const inBlock = p.file === placed.path ? p.line - 1 - placed.startLine : -1;
    const field = inBlock >= 0 && inBlock < lines.length ? lines[inBlock] : undefined;
    return field ? { ...p, field } : p;
  });
  return {
    ok: problems.length === 0,
    source: text,
    problems,
    summary: describeChange(current, form),
    sources: placed.sources,
    catalog: checked.catalog
  };
}

const mayConfirm = (staff: Staff) => hasDuty(staff, 'reformOffice');

async function loadChange(sql: Sql, id: string, lock = false): Promise<ChangeRow> {
  const rows = /^[0-9a-f-]{36}$/i.test(id)
    ? await sql.query<ChangeRow>(`${changeQuery} where c.id = $1${lock ? ' for update of c' : ''}`, [id])
    : [];
  if (!rows[0]) throw new Refusal('notFound', 'catalog-change.not-found', '找不到这项目录变更。');
  return rows[0];
}

/** A department's live form, read from the live catalogue. */
function liveForm(s: StudioDeps, name: string): DepartmentForm | undefined {
  const found = s.registry.catalog().departments.find(d => d.name === name);
  return found ? formOf(found) : undefined;
}

/**
 * Proposes a department change: a new department (the reform office and system administrators only) or a change
 * to one the actor administers, checked with the whole catalogue; with an error nothing is stored.
 */
export async function proposeDepartmentChange(
  s: StudioDeps,
  staff: Staff,
  input: { form: DepartmentForm; previousName?: string | undefined; note?: string | undefined },
  meta: RequestMeta
): Promise<ChangeView> {
  const target = input.previousName ?? input.form.name;
  return guarded(s, staff, 'department.propose', target, meta, async () => {
    if (input.previousName) assertAdministers(staff, input.previousName);
    else if (administrationScope(staff) !== 'all')
      throw new Refusal(
        'forbidden',
        'department.create-not-allowed',
        '新建部门由审改办或系统管理员办理；部门管理员只能修改本部门。'
      );
    if (input.previousName && input.previousName !== input.form.name) assertAdministers(staff, input.previousName);
    const current = input.previousName ? liveForm(s, input.previousName) : undefined;
    if (input.previousName && !current)
      throw new Refusal('notFound', 'department.not-found', `目录中没有“${input.previousName}”这个部门。`);
    if (!input.previousName && liveForm(s, input.form.name))
      throw new Refusal('conflict', 'department.exists', `目录中已有“${input.form.name}”这个部门。`, {
        field: 'name'
      });
    const base = await catalogueBase(s.db);
    const checked = await checkDepartmentChange(base, current, input.form, input.previousName);
    if (!checked.ok)
      throw new Refusal(
        'invalid',
        'department.has-errors',
        `部门信息有 ${checked.problems.length} 处问题，改正后才能提交：${problemLine(checked.problems[0]!)}`,
        { problems: checked.problems }
      );
    if (checked.summary.length === 0) throw new Refusal('invalid', 'department.unchanged', '部门信息没有变化。');
    const id = randomUUID();
    const at = new Date(s.now()).toISOString();
    await s.db.transaction(async tx => {
      await tx.query('select pg_advisory_xact_lock(7031)');
      const open = await tx.query<{ id: string }>(
        `select id from catalog_changes where state = 'pending' and kind = 'department'
           and (department = any($1::text[]) or previous_name = any($1::text[])) limit 1`,
        [[input.form.name, target]]
      );
      if (open[0])
        throw new Refusal(
          'conflict',
          'department.change-pending',
          '该部门已有一项变更待审改办确认，请等它确认或退回后再修改。',
          { id: open[0].id }
        );
      await tx.query(
        `insert into catalog_changes (id, kind, state, department, previous_name, source, summary, note, author_id, base_version, created_at)
         values ($1, 'department', 'pending', $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
        [
          id,
          input.form.name,
          input.previousName ?? null,
          checked.source,
          JSON.stringify(checked.summary),
          input.note ?? '',
          staff.id,
          base.version,
          at
        ]
      );
      await audit(tx, {
        actor: staff,
        action: 'department.propose',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { change: id, summary: checked.summary }
      });
    });
    return changeView(await loadChange(s.db, id));
  });
}

/** The changes the actor may see: every one for the reform office and system administrators, else their department's. */
export async function listChanges(s: StudioDeps, staff: Staff, department: string | undefined, meta: RequestMeta) {
  return guarded(s, staff, 'catalog-change.list', department, meta, async () => {
    const scope = administrationScope(staff);
    if (!scope) assertAdministers(staff, department ?? null);
    const only = scope === 'all' ? department : scope;
    const rows = await s.db.query<ChangeRow>(
      `${changeQuery} ${only ? 'where c.department = $1 or c.previous_name = $1' : ''} order by c.created_at desc limit 200`,
      only ? [only] : []
    );
    return rows.map(changeView);
  });
}

export async function readChange(s: StudioDeps, staff: Staff, id: string, meta: RequestMeta) {
  return guarded(s, staff, 'catalog-change.read', id, meta, async () => {
    const row = await loadChange(s.db, id);
    const scope = administrationScope(staff);
    if (scope !== 'all' && (!scope || (row.department !== scope && row.previous_name !== scope)))
      throw new Refusal('notFound', 'catalog-change.not-found', '找不到这项目录变更。');
    return changeView(row);
  });
}

function assertConfirms(staff: Staff, row: ChangeRow): void {
  if (!mayConfirm(staff))
    throw new Refusal('forbidden', 'catalog-change.not-reform-office', '目录变更须由审改办确认后发布。');
  if (row.author_id === staff.id)
    throw new Refusal(
      'forbidden',
      'catalog-change.own-change',
      '不能确认自己提出的目录变更，请由审改办其他工作人员确认。'
    );
}

/**
 * The reform office confirms a change: it is applied to the catalogue as it is now (another change may have been
 * published since it was written), the whole catalogue checked again, and published as a new version at once.
 */
export async function approveChange(
  s: StudioDeps,
  staff: Staff,
  id: string,
  comment: string | undefined,
  meta: RequestMeta
): Promise<ChangeView> {
  return guarded(s, staff, 'catalog-change.approve', id, meta, async () => {
    assertConfirms(staff, await loadChange(s.db, id));
    const at = new Date(s.now()).toISOString();
    await s.db.transaction(async tx => {
      await tx.query('select pg_advisory_xact_lock(7012)');
      const row = await loadChange(tx, id, true);
      if (row.state !== 'pending')
        throw new Refusal('conflict', 'catalog-change.decided', `这项目录变更${changeStateLabels[row.state]}。`);
      const base = await catalogueBase(tx);
      const applied = await applyChange(base, row);
      const { sources, catalog, problems } = applied;
      if (!catalog)
        throw new Refusal(
          'invalid',
          'catalog-change.has-errors',
          `按现行目录检查，这项变更有 ${problems.length} 处问题，不能发布：${problems.slice(0, 3).map(problemLine).join('；')}`,
          { problems }
        );
      const next = base.version + 1;
      await tx.query(
        'insert into catalog_versions (version, catalog, sources, published_at) values ($1, $2::jsonb, $3::jsonb, $4)',
        [next, JSON.stringify(catalog), JSON.stringify(sources), at]
      );
      const rename = row.kind === 'department' ? renameOf(row.previous_name, row.department) : undefined;
      const renamed = rename
        ? await publishRename(tx, {
            rename,
            staff,
            now: s.now(),
            catalogVersion: next,
            before: base,
            matters: applied.matters,
            definitions: applied.definitions
          })
        : [];
      await tx.query(
        `update catalog_changes set state = 'published', decided_by = $2, comment = $3, decided_at = $4, catalog_version = $5 where id = $1`,
        [id, staff.id, comment ?? null, at, next]
      );
      await audit(tx, {
        actor: staff,
        action: 'catalog-change.approve',
        outcome: 'ok',
        target: row.department ?? id,
        ip: meta.ip,
        detail: { change: id, kind: row.kind, catalogVersion: next, renamed }
      });
      await tx.query(`select pg_notify($1, 'catalog')`, [publishedChannel]);
    });
    // This process reads the new catalogue before answering, so the answer and the next request agree.
    await s.registry.reload();
    return changeView(await loadChange(s.db, id));
  });
}

/**
 * The catalogue's files with the change applied, checked and compiled; for a rename, also the live matters it
 * rewrote (by path), which publish as new versions with the catalogue.
 */
async function applyChange(live: CatalogueBase, row: ChangeRow) {
  if (row.kind === 'import') {
    const sources = row.files ?? {};
    const checked = await checkCatalogueFiles({ ...sources, ...live.matters });
    return { sources, catalog: checked.catalog, problems: checked.errors, definitions: [], matters: {} };
  }
  const rename = renameOf(row.previous_name, row.department);
  const renamed = rename ? await renamedBase(live, rename) : undefined;
  const base = renamed?.base ?? live;
  const block = row.source ?? '';
  const replaces = row.previous_name ?? undefined;
  const placed = await withBlock(base, block, replaces);
  const checked = await checkCatalogueFiles({ ...placed.sources, ...base.matters });
  const matters = Object.fromEntries((renamed?.matters ?? []).map(p => [p, base.matters[p]!]));
  return {
    sources: placed.sources,
    catalog: checked.catalog,
    problems: checked.errors,
    definitions: checked.definitions,
    matters
  };
}

/** Sends a change back: a member of the reform office, or its author withdrawing it; a reason is required. */
export async function rejectChange(
  s: StudioDeps,
  staff: Staff,
  id: string,
  comment: string,
  meta: RequestMeta
): Promise<ChangeView> {
  return guarded(s, staff, 'catalog-change.reject', id, meta, async () => {
    await s.db.transaction(async tx => {
      const row = await loadChange(tx, id, true);
      if (!mayConfirm(staff) && row.author_id !== staff.id)
        throw new Refusal('forbidden', 'catalog-change.not-reform-office', '目录变更由审改办确认或退回。');
      if (row.state !== 'pending')
        throw new Refusal('conflict', 'catalog-change.decided', `这项目录变更${changeStateLabels[row.state]}。`);
      await tx.query(
        `update catalog_changes set state = 'rejected', decided_by = $2, comment = $3, decided_at = $4 where id = $1`,
        [id, staff.id, comment, new Date(s.now()).toISOString()]
      );
      await audit(tx, {
        actor: staff,
        action: 'catalog-change.reject',
        outcome: 'ok',
        target: row.department ?? id,
        ip: meta.ip,
        detail: { change: id }
      });
    });
    return changeView(await loadChange(s.db, id));
  });
}
