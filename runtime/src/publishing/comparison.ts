import { Definition } from '@banshi/definition';
import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { type Staff } from '../accounts/index.ts';
import { diffDefinitions, diffSources, type DefinitionChange } from './diff/index.ts';
import { mayRead } from './rules.ts';
import { guarded, mustLoad, type RequestMeta, type StudioDeps, type VersionRow } from './version-rows.ts';

/**
 * What changed between two versions, in Chinese (the semantic diff) and line by line. A new matter has nothing
 * before it: its one change is that it is added. A version that does not compile has no semantic diff.
 */
export function changesBetween(before: Definition | null, after: Definition | null): DefinitionChange[] {
  if (!after) return [];
  if (!before) return [{ area: '基本信息', kind: 'added', text: `新增事项：${after.name}`, path: [] }];
  return diffDefinitions(before, after);
}

export const definitionOf = (row: Pick<VersionRow, 'definition'> | undefined | null): Definition | null => {
  if (!row || row.definition === null) return null;
  const parsed = Definition.safeParse(row.definition);
  return parsed.success ? parsed.data : null;
};

/** Any two versions of a matter compared: `from` on the left, `to` on the right. */
export async function compareVersions(
  s: StudioDeps,
  staff: Staff,
  code: string,
  from: number,
  to: number,
  meta: RequestMeta
) {
  const target = `${code}@${from}..${to}`;
  return guarded(s, staff, 'studio.compare', target, meta, async () => {
    const left = await mustLoad(s.db, code, from);
    const right = await mustLoad(s.db, code, to);
    if (!mayRead(staff, right.department))
      throw new Refusal(
        'forbidden',
        'studio.other-department',
        `该事项由${right.department}实施，您不能查看它的变更。`
      );
    await audit(s.db, { actor: staff, action: 'studio.compare', outcome: 'ok', target, ip: meta.ip });
    const side = (r: VersionRow) => ({ version: r.version, state: r.state, compiled: r.definition !== null });
    const [before, after] = [definitionOf(left), definitionOf(right)];
    return {
      code,
      from: side(left),
      to: side(right),
      changes: before && after ? diffDefinitions(before, after) : [],
      sourceDiff: diffSources(left.source, right.source)
    };
  });
}
