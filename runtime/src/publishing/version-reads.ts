import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { type Staff } from '../accounts/index.ts';
import type { StudioDiagnostic } from './check.ts';
import { editableStates, mayRead, readScope, type VersionState } from './rules.ts';
import { checkSource } from './sources.ts';
import { openCorrections } from './filings.ts';
import { lineComments, submittedReason } from './review.ts';
import {
  columns,
  guarded,
  mustLoad,
  type RequestMeta,
  type StudioDeps,
  type VersionRow,
  versionSummary
} from './version-rows.ts';

/** Reading matter versions: the list, and one version with its diagnostics. */
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
    const corrections = await openCorrections(s.db, { code });
    await audit(s.db, { actor: staff, action: 'studio.read', outcome: 'ok', target, ip: meta.ip });
    return {
      ...versionSummary(row),
      source: row.source,
      definition: row.definition,
      diagnostics,
      reason: await submittedReason(s.db, code, version),
      lineComments: await lineComments(s.db, code, version),
      correction: corrections.get(code) ?? null,
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

export const decisionLabels: Record<string, string> = {
  submit: '提交审批',
  approve: '部门负责人批准',
  reject: '部门负责人退回',
  schedule: '定时发布',
  withdraw: '部门负责人撤回定时发布',
  publish: '发布',
  file: '报审改办备案',
  filed: '审改办备案通过',
  correct: '审改办责令改正'
};
