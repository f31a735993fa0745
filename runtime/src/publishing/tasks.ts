import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { hasDuty, type Staff } from '../accounts/index.ts';
import { openCorrections, pendingFilings } from './filings.ts';
import { usesStudio } from './rules.ts';
import { guarded, type RequestMeta, type StudioDeps } from './version-rows.ts';

export type TaskKind = 'correction' | 'sentBack' | 'approval' | 'filing';

export const taskKindLabels: Record<TaskKind, string> = {
  correction: '按审改办意见改正',
  sentBack: '修改被退回的变更',
  approval: '审批事项变更',
  filing: '审查事项变更备案'
};

export interface Task {
  kind: TaskKind;
  kindLabel: string;
  code: string;
  version: number;
  name: string;
  department: string;
  /** Since when it waits. */
  since: string;
  /** What to do, in Chinese. */
  detail: string;
  /** For a correction or a filing to review: the filing it concerns. */
  filingId: number | null;
}

/**
 * What waits for the person asking: for authors, corrections the reform office ordered on their department's matters
 * and changes sent back; for heads, their department's changes awaiting approval (not those they wrote); for the
 * reform office, filings to review. Each sees their own department's only (the reform office's work is every
 * department's filings).
 */
export async function listTasks(s: StudioDeps, staff: Staff, meta: RequestMeta): Promise<{ items: Task[] }> {
  return guarded(s, staff, 'studio.tasks', undefined, meta, async () => {
    if (!usesStudio(staff))
      throw new Refusal('forbidden', 'studio.no-scope', '只有事项编写人员、部门负责人和审改办有事项变更的待办。');
    const items: Task[] = [];
    const department = staff.department;
    if (hasDuty(staff, 'author') && department) {
      const corrections = await openCorrections(s.db, { department });
      const names = await namesOf(s, [...corrections.keys()]);
      for (const c of corrections.values())
        items.push({
          kind: 'correction',
          kindLabel: taskKindLabels.correction,
          code: c.code,
          version: c.version,
          name: names.get(c.code) ?? c.code,
          department,
          since: c.orderedAt,
          detail: `审改办${c.orderedBy.name}责令改正第 ${c.version} 版：${c.reasons}`,
          filingId: c.filingId
        });
      for (const r of await versionsIn(s, department, 'rejected'))
        items.push(versionTask(r, 'sentBack', `第 ${r.version} 版被部门负责人退回修改。`));
    }
    if (hasDuty(staff, 'head') && department) {
      for (const r of await versionsIn(s, department, 'submitted'))
        if (r.authorId !== staff.id) items.push(versionTask(r, 'approval', `第 ${r.version} 版待您审批。`));
    }
    if (hasDuty(staff, 'reformOffice')) {
      for (const f of await pendingFilings(s.db))
        items.push({
          kind: 'filing',
          kindLabel: taskKindLabels.filing,
          code: f.code,
          version: f.version,
          name: f.name,
          department: f.department,
          since: f.at.toISOString(),
          detail: `${f.department}第 ${f.version} 版变更已发布，待备案审查。`,
          filingId: f.id
        });
    }
    await audit(s.db, {
      actor: staff,
      action: 'studio.tasks',
      outcome: 'ok',
      target: department ?? 'all',
      ip: meta.ip
    });
    items.sort((a, b) => a.since.localeCompare(b.since));
    return { items };
  });
}

type VersionWaiting = Awaited<ReturnType<typeof versionsIn>>[number];

const versionTask = (r: VersionWaiting, kind: 'sentBack' | 'approval', detail: string): Task => ({
  kind,
  kindLabel: taskKindLabels[kind],
  code: r.code,
  version: r.version,
  name: r.name,
  department: r.department,
  since: r.since,
  detail,
  filingId: null
});

async function versionsIn(s: StudioDeps, department: string, state: 'submitted' | 'rejected') {
  const rows = await s.db.query<{
    code: string;
    version: number;
    name: string;
    department: string;
    updated_at: Date;
    author_id: string | null;
  }>(
    `select code, version, name, department, updated_at, author_id from matter_versions
     where department = $1 and state = $2 order by updated_at`,
    [department, state]
  );
  return rows.map(r => ({
    code: r.code,
    version: r.version,
    name: r.name,
    department: r.department,
    since: r.updated_at.toISOString(),
    authorId: r.author_id
  }));
}

async function namesOf(s: StudioDeps, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await s.db.query<{ code: string; name: string }>(
    `select distinct on (code) code, name from matter_versions where code = any($1::text[]) order by code, version desc`,
    [codes]
  );
  return new Map(rows.map(r => [r.code, r.name]));
}
