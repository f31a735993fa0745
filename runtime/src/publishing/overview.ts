import { matterTypeLabels, type MatterType } from '@banshi/definition';
import type { Staff } from '../accounts/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { readScope, stateLabels, type VersionState } from './rules.ts';
import { catalogSources } from './sources.ts';
import { openCorrections, type OpenCorrection } from './filings.ts';
import { guarded, type RequestMeta, type StudioDeps } from './version-rows.ts';

/** One matter as the studio's list shows it: its live version and the change in progress, if any. */
export interface MatterOverview {
  code: string;
  name: string;
  department: string;
  path: string;
  /** The matter's type as compiled (行政许可, 公共服务, …), from its newest version that compiled. */
  type: string | null;
  /** The type as people call it: 行政许可, 公共服务, … */
  typeLabel: string | null;
  live: { version: number; publishedAt: string | null } | null;
  open: {
    version: number;
    state: VersionState;
    stateLabel: string;
    updatedAt: string;
    author: string | null;
    /** When a version approved for later goes live. */
    scheduledAt: string | null;
  } | null;
  /** A correction the reform office ordered that is still to be made (责令改正). */
  correction: OpenCorrection | null;
}

interface Row {
  code: string;
  version: number;
  state: VersionState;
  department: string;
  name: string;
  path: string;
  type: string | null;
  published_at: Date | null;
  updated_at: Date;
  scheduled_at: Date | null;
  author: string | null;
}

/**
 * The matters a member of staff may author or read (their department's; all for the reform office), each with its
 * live version and its open change, searched by name or code. A version that is neither live nor open is history.
 */
export async function matterOverview(
  s: StudioDeps,
  staff: Staff,
  query: { q?: string | undefined; department?: string | undefined },
  meta: RequestMeta
): Promise<{ matters: MatterOverview[] }> {
  return guarded(s, staff, 'studio.overview', query.department, meta, async () => {
    const scope = readScope(staff);
    if (!scope)
      throw new Refusal(
        'forbidden',
        'studio.no-scope',
        '只有事项编写人员、部门负责人、审改办和系统管理员可以查看事项。'
      );
    if (scope !== 'all' && query.department && query.department !== scope)
      throw new Refusal('forbidden', 'studio.other-department', '只能查看本部门的事项。');
    const department = scope === 'all' ? (query.department ?? null) : scope;
    const q = query.q?.trim().toLowerCase() || null;
    // position() rather than LIKE: what the person typed is text, never a pattern.
    const rows = await s.db.query<Row>(
      `select v.code, v.version, v.state, v.department, v.name, v.path, v.definition->>'type' as type,
              v.published_at, v.updated_at, v.scheduled_at, u.name as author
       from matter_versions v left join users u on u.id = v.author_id
       where v.state in ('published', 'draft', 'submitted', 'rejected', 'approved', 'scheduled')
         and ($1::text is null or v.department = $1)
         and ($2::text is null or v.code in (
               select code from matter_versions
               where position($2 in lower(name)) > 0 or position($2 in lower(code)) > 0))
       order by v.code, v.version desc`,
      [department, q]
    );
    const byCode = new Map<string, MatterOverview>();
    for (const row of rows) {
      let matter = byCode.get(row.code);
      if (!matter) {
        // The newest version names the matter (a draft may rename it).
        matter = {
          code: row.code,
          name: row.name,
          department: row.department,
          path: row.path,
          type: row.type,
          typeLabel: null,
          live: null,
          open: null,
          correction: null
        };
        byCode.set(row.code, matter);
      }
      matter.type ??= row.type;
      matter.typeLabel = matter.type ? (matterTypeLabels[matter.type as MatterType] ?? matter.type) : null;
      if (row.state === 'published')
        matter.live = {
          version: row.version,
          publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null
        };
      else if (!matter.open)
        matter.open = {
          version: row.version,
          state: row.state,
          stateLabel: stateLabels[row.state],
          updatedAt: new Date(row.updated_at).toISOString(),
          author: row.author,
          scheduledAt: row.scheduled_at ? new Date(row.scheduled_at).toISOString() : null
        };
    }
    const corrections = await openCorrections(s.db, { department });
    for (const matter of byCode.values()) matter.correction = corrections.get(matter.code) ?? null;
    await audit(s.db, {
      actor: staff,
      action: 'studio.overview',
      outcome: 'ok',
      target: department ?? 'all',
      ip: meta.ip
    });
    const matters = [...byCode.values()].sort((a, b) =>
      a.department === b.department
        ? a.name.localeCompare(b.name, 'zh-CN')
        : a.department.localeCompare(b.department, 'zh-CN')
    );
    return { matters };
  });
}

/**
 * The whole catalogue as the studio's language server needs it to link names across files: departments, regions,
 * calendars, supervision defaults, and every matter's live text (public already: the hall prints its guide).
 */
export async function studioWorkspace(
  s: StudioDeps,
  staff: Staff,
  meta: RequestMeta
): Promise<{ files: Array<{ path: string; text: string }> }> {
  return guarded(s, staff, 'studio.workspace', undefined, meta, async () => {
    if (!readScope(staff))
      throw new Refusal(
        'forbidden',
        'studio.no-scope',
        '只有事项编写人员、部门负责人、审改办和系统管理员可以编写事项。'
      );
    const sources = await catalogSources(s.db);
    const live = await s.db.query<{ path: string; source: string }>(
      `select path, source from matter_versions where state = 'published' order by path`
    );
    const files = [
      ...Object.entries(sources).map(([path, text]) => ({ path, text })),
      ...live.map(r => ({ path: r.path, text: r.source }))
    ];
    return { files };
  });
}
