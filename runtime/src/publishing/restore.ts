import { type Staff } from '../accounts/index.ts';
import { assertMayAuthor } from './rules.ts';
import { checkSource, errorsIn } from './sources.ts';
import type { SimulationDeps } from './simulation/simulate.ts';
import { insertDraftVersion, withExpectations } from './drafts.ts';
import { guarded, mustLoad, type RequestMeta, versionSummary } from './version-rows.ts';

/**
 * An old version restored as a new draft: its text, checked against today's catalogue (it may no longer pass: the
 * author fixes it like any draft), goes the whole road again — submitted, approved, filed. Refused while another
 * change to the matter is in progress.
 */
export async function restoreVersion(
  s: SimulationDeps,
  staff: Staff,
  code: string,
  version: number,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.restore', target, meta, async () => {
    const old = await mustLoad(s.db, code, version);
    const [newest] = await s.db.query<{ department: string; path: string }>(
      'select department, path from matter_versions where code = $1 order by version desc limit 1',
      [code]
    );
    assertMayAuthor(staff, newest!.department);
    const result = await checkSource(s.db, newest!.path, old.source);
    const row = await insertDraftVersion(
      s,
      staff,
      {
        code,
        department: newest!.department,
        name: result.identity.name ?? old.name,
        path: newest!.path,
        source: old.source,
        definition: result.definition ?? null,
        note: `恢复第 ${version} 版`,
        // The restored version's templates and samples come back with its text.
        filesFrom: version
      },
      { action: 'studio.restore', ip: meta.ip, detail: { from: version, errors: errorsIn(result).length } }
    );
    const expectations = await withExpectations(s, result);
    return { ...versionSummary(row), diagnostics: result.diagnostics, expectations };
  });
}
