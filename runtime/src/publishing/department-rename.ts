import { language } from './language.ts';
import type { Definition } from '@banshi/definition';
import type { Staff } from '../accounts/index.ts';
import { withCurrentNames } from '../catalog/index.ts';
import type { Sql } from '../platform/db/db.ts';
import type { CatalogueBase } from './catalogue-base.ts';
import { writtenName, type DepartmentForm } from './department-source.ts';
import { carryMaterialFiles } from './materials/carry-forward.ts';
import { openStates } from './rules.ts';
import { iso, lockMatter } from './version-rows.ts';

/**
 * Renaming a department (机构改革: 市住房和建设局 → 市住房和城乡建设局). The catalogue keeps the old name among the
 * department's 曾用名; every live matter that names it gets a new version naming it anew, approved with the rename by
 * the member of the reform office who confirms it and filed with the reform office (004 第十四、十六条; 002: the
 * reform office confirms each department's items); versions in progress are rewritten in place; the tables that
 * queues, access and supervision read move to the new name. Cases keep their version: the registry answers it with
 * today's names (catalog/department-names.ts).
 */

/** A change that renames: its department's name before and after. */
export interface Rename {
  from: string;
  to: string;
}

export const renameOf = (
  previousName: string | null | undefined,
  name: string | null | undefined
): Rename | undefined => (previousName && name && previousName !== name ? { from: previousName, to: name } : undefined);

/** The reason every version the rename publishes carries, as the head's reason does on a submitted change. */
export const renameReason = (r: Rename) => `部门更名：${r.from} → ${r.to}`;

/** The form with the old name among its former names (once), as the new block writes it. */
export function withFormerName(form: DepartmentForm, r: Rename): DepartmentForm {
  const former = (form.formerNames ?? []).filter(n => n !== r.to);
  return { ...form, formerNames: former.includes(r.from) ? former : [...former, r.from] };
}

const folder = '/catalog';

/**
 * The files that reference the department `from`, rewritten to name `to`: the language's own references (Langium's
 * `References.findReferences`, which its rename provider uses), each reference's text replaced where it stands — a
 * matter's department, a step's, a parallel step's lead and co-approvers, a first review, a joint inspection, an
 * e-licence's issuer, another department's parent — never a text that merely contains the name (a guide's wording).
 * The declaration itself is left for the new block. Only changed files are returned, by path.
 */
export async function renameReferences(files: Record<string, string>, r: Rename): Promise<Record<string, string>> {
  const paths = Object.keys(files).sort();
  const { loadWorkspace } = await language();
  const workspace = await loadWorkspace(paths.map(p => ({ uri: `file://${folder}/${p}`, text: files[p]! })));
  const target = workspace.documents
    .flatMap(d => (d.parseResult.value.elements ?? []) as unknown as Array<{ $type: string; name?: unknown }>)
    .find(e => e.$type === 'Department' && e.name === r.from);
  if (!target) return {};
  const segments = new Map<string, Array<{ offset: number; end: number }>>();
  const references = workspace.services.references.References.findReferences(target as never, {
    includeDeclaration: false
  });
  for (const ref of references) {
    const path = decodeURIComponent(ref.sourceUri.path).slice(folder.length + 1);
    segments.set(path, [...(segments.get(path) ?? []), { offset: ref.segment.offset, end: ref.segment.end }]);
  }
  const written = writtenName(r.to);
  const changed: Record<string, string> = {};
  for (const [path, list] of segments) {
    let text = files[path]!;
    for (const s of list.sort((a, b) => b.offset - a.offset))
      text = text.slice(0, s.offset) + written + text.slice(s.end);
    changed[path] = text;
  }
  return changed;
}

/** The live catalogue with every reference to the department renamed (its own block still under the old name). */
export async function renamedBase(base: CatalogueBase, r: Rename): Promise<{ base: CatalogueBase; matters: string[] }> {
  const changed = await renameReferences({ ...base.sources, ...base.matters }, r);
  const sources = { ...base.sources };
  const matters = { ...base.matters };
  for (const [path, text] of Object.entries(changed)) {
    if (path in matters) matters[path] = text;
    else sources[path] = text;
  }
  return { base: { ...base, sources, matters }, matters: Object.keys(changed).filter(p => p in base.matters) };
}

/**
 * In the transaction that publishes the renaming catalogue version (lock 7012 held): a new published version of
 * every live matter the rename rewrote, versions in progress rewritten, and the stored department names moved.
 */
export async function publishRename(
  tx: Sql,
  input: {
    rename: Rename;
    staff: Staff;
    now: number;
    catalogVersion: number;
    /** The catalogue's files before the rename (its departments under their old names): drafts are read against it. */
    before: CatalogueBase;
    /** The rewritten live matters by path, and the compiled catalogue's definitions by code. */
    matters: Record<string, string>;
    definitions: Definition[];
  }
): Promise<Array<{ code: string; version: number }>> {
  const { rename: r, staff, now } = input;
  const at = iso(now);
  const reason = renameReason(r);
  const published: Array<{ code: string; version: number }> = [];
  const live = await tx.query<{ code: string; version: number; path: string; name: string }>(
    `select code, version, path, name from matter_versions where state = 'published' and path = any($1::text[]) order by code`,
    [Object.keys(input.matters)]
  );
  for (const row of live) {
    const definition = input.definitions.find(d => d.code === row.code);
    if (!definition) throw new Error(`renamed matter ${row.code} did not compile`);
    await lockMatter(tx, row.code);
    const [next] = await tx.query<{ n: number }>(
      'select coalesce(max(version), 0)::int + 1 as n from matter_versions where code = $1',
      [row.code]
    );
    const version = next!.n;
    await tx.query(
      `update matter_versions set state = 'superseded', superseded_at = $3, updated_at = $3 where code = $1 and version = $2`,
      [row.code, row.version, at]
    );
    await tx.query(
      `insert into matter_versions (code, version, state, department, name, path, source, definition, author_id, note,
         created_at, updated_at, saved_at, published_at)
       values ($1, $2, 'published', $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $10, $10, $10)`,
      [
        row.code,
        version,
        definition.department.name,
        definition.name,
        row.path,
        input.matters[row.path],
        JSON.stringify(definition),
        staff.id,
        reason,
        at
      ]
    );
    // The templates and samples stay with the matter: the rename changes nothing else in it.
    await carryMaterialFiles(tx, row.code, version, row.version);
    const filing = `审改办${staff.name}确认${reason}，随目录第 ${input.catalogVersion} 版发布，报审改办备案（替代第 ${row.version} 版）。`;
    await tx.query(
      `insert into matter_approvals (code, version, actor_id, decision, comment, at)
       values ($1, $2, $3, 'submit', $4, $6), ($1, $2, $3, 'approve', $4, $6), ($1, $2, $3, 'publish', '', $6),
              ($1, $2, $3, 'file', $5, $6)`,
      [row.code, version, staff.id, reason, filing, at]
    );
    published.push({ code: row.code, version });
  }
  await rewriteInProgress(tx, input.before, r, at);
  await moveStoredNames(tx, r);
  return published;
}

/**
 * Versions in progress (draft, sent back, awaiting the head, scheduled) that name the department are rewritten in
 * place, so none goes live naming a department the catalogue no longer has: the source by the language's references,
 * the stored Definition by the same mapping the registry applies to running cases. The revision moves on, so an
 * editor still open on the old text is told to reload rather than overwrite the rename.
 */
async function rewriteInProgress(tx: Sql, before: CatalogueBase, r: Rename, at: string): Promise<void> {
  const open = await tx.query<{ code: string; version: number; path: string; source: string; definition: unknown }>(
    `select code, version, path, source, definition from matter_versions
     where state = any($1::text[]) and position($2 in source) > 0 order by code`,
    [openStates, r.from]
  );
  const names = new Map([[r.from, r.to]]);
  for (const row of open) {
    const changed = await renameReferences({ ...before.sources, [row.path]: row.source }, r);
    const source = changed[row.path];
    if (source === undefined) continue;
    const definition = row.definition ? withCurrentNames(row.definition as Definition, names) : null;
    await lockMatter(tx, row.code);
    await tx.query(
      `update matter_versions set source = $3, definition = $4::jsonb, revision = revision + 1, updated_at = $5, saved_at = $5
       where code = $1 and version = $2`,
      [row.code, row.version, source, definition ? JSON.stringify(definition) : null, at]
    );
  }
}

/**
 * The department's name where it is stored as a column that queues, access and supervision filter on. Each names
 * the same department as before; the case's events, its state, supervision records' snapshots and messages sent are
 * the archive of what was true then and keep the old name (002: opinions recorded at every step; archives unaltered).
 */
async function moveStoredNames(tx: Sql, r: Rename): Promise<void> {
  const moves = [
    // Staff accounts: who acts for the department, its administrator's scope, the studio's read scope.
    `update users set department = $2 where kind = 'staff' and department = $1`,
    // Every version of its matters: the studio's lists, the head's approvals and the filings' department filter.
    `update matter_versions set department = $2 where department = $1`,
    // The case's implementing department: the department's case lists and queues (cases_department_status).
    `update cases set department = $2 where department = $1`,
    // Who may see a case and in whose queue it is: lead, co-approver, first review, joint inspection.
    `update case_departments set department = $2 where department = $1`,
    // Supervision lists and performance figures group warnings and cards by department.
    `update supervision_events set department = $2 where department = $1`,
    // Consultations, complaints and evaluations: the department's queues, deadlines and access.
    `update consultations set department = $2 where department = $1`,
    `update complaints set department = $2 where department = $1`,
    `update evaluations set department = $2 where department = $1`,
    // Blacklist grounds and proposals: the section chief of the department confirms them.
    `update restriction_grounds set department = $2 where department = $1`,
    `update restriction_proposals set department = $2 where department = $1`,
    `update restriction_proposals set reported_by_department = $2 where reported_by_department = $1`
  ];
  for (const statement of moves) await tx.query(statement, [r.from, r.to]);
}
