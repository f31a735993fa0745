import { administrationScope, assertAdministers, type Staff } from '../accounts/index.ts';
import { audit } from '../platform/audit.ts';
import { Refusal } from '../platform/refusal.ts';
import { catalogueBase } from './catalogue-base.ts';
import { changeQuery, changeView, checkDepartmentChange, type ChangeRow } from './department-changes.ts';
import { departmentBlock, formOf, levelLabels, type DepartmentForm } from './department-source.ts';
import { guarded, type RequestMeta, type StudioDeps } from './version-rows.ts';

/** Reading departments for the administration pages: the live catalogue's, with their pending changes and history. */

/** The departments the actor administers, as the live catalogue has them, with what is pending on each. */
export async function listDepartments(s: StudioDeps, staff: Staff, meta: RequestMeta) {
  return guarded(s, staff, 'department.list', undefined, meta, async () => {
    const scope = administrationScope(staff);
    if (!scope) assertAdministers(staff, null);
    const catalog = s.registry.catalog();
    const shown = catalog.departments.filter(d => scope === 'all' || d.name === scope);
    const staffCounts = await s.db.query<{ department: string; n: number }>(
      `select department, count(*)::int as n from users where kind = 'staff' and disabled_at is null and department is not null group by department`
    );
    const matterCounts = await s.db.query<{ department: string; n: number }>(
      `select department, count(*)::int as n from matter_versions where state = 'published' group by department`
    );
    const pending = await s.db.query<ChangeRow>(`${changeQuery} where c.state = 'pending' order by c.created_at`);
    const pendingOf = (name: string) =>
      pending.find(p => p.kind === 'department' && (p.previous_name ?? p.department) === name);
    return {
      scope,
      departments: shown.map(d => ({
        ...formOf(d),
        levelLabel: d.level ? levelLabels[d.level] : null,
        staff: staffCounts.find(c => c.department === d.name)?.n ?? 0,
        matters: matterCounts.find(c => c.department === d.name)?.n ?? 0,
        pending: (() => {
          const p = pendingOf(d.name);
          return p ? changeView(p) : null;
        })()
      })),
      // New departments and imported catalogue files waiting for the reform office (who alone may make them).
      proposed: scope === 'all' ? pending.filter(p => p.kind === 'import' || !p.previous_name).map(changeView) : [],
      regions: catalog.regions.map(r => ({ name: r.name, level: r.level ?? null })),
      // Any department of the catalogue may be a parent (上级部门), also one the actor does not administer.
      parents: catalog.departments.map(d => ({ name: d.name, level: d.level ?? null, region: d.region ?? null })),
      levels: Object.entries(levelLabels).map(([value, label]) => ({ value, label }))
    };
  });
}

/** One department: its form, its block as the catalogue has it now, and every change to it, newest first. */
export async function readDepartment(s: StudioDeps, staff: Staff, name: string, meta: RequestMeta) {
  return guarded(s, staff, 'department.read', name, meta, async () => {
    assertAdministers(staff, name);
    const found = s.registry.catalog().departments.find(d => d.name === name);
    if (!found) throw new Refusal('notFound', 'department.not-found', `目录中没有“${name}”这个部门。`);
    const history = await s.db.query<ChangeRow>(
      `${changeQuery} where c.kind = 'department' and (c.department = $1 or c.previous_name = $1) order by c.created_at desc`,
      [name]
    );
    const form = formOf(found);
    return { form, source: departmentBlock(form).text, history: history.map(changeView) };
  });
}

/** Checks what the form would publish, with the whole catalogue; nothing is stored. */
export async function checkDepartment(
  s: StudioDeps,
  staff: Staff,
  input: { form: DepartmentForm; previousName?: string | undefined },
  meta: RequestMeta
) {
  return guarded(s, staff, 'department.check', input.previousName ?? input.form.name, meta, async () => {
    if (input.previousName) assertAdministers(staff, input.previousName);
    else if (administrationScope(staff) !== 'all')
      throw new Refusal('forbidden', 'department.create-not-allowed', '新建部门由审改办或系统管理员办理。');
    const live = input.previousName
      ? s.registry.catalog().departments.find(d => d.name === input.previousName)
      : undefined;
    if (input.previousName && !live)
      throw new Refusal('notFound', 'department.not-found', `目录中没有“${input.previousName}”这个部门。`);
    const checked = await checkDepartmentChange(
      await catalogueBase(s.db),
      live ? formOf(live) : undefined,
      input.form,
      input.previousName
    );
    await audit(s.db, {
      actor: staff,
      action: 'department.check',
      outcome: 'ok',
      target: input.form.name,
      ip: meta.ip,
      detail: { problems: checked.problems.length }
    });
    return { ok: checked.ok, source: checked.source, problems: checked.problems, summary: checked.summary };
  });
}
