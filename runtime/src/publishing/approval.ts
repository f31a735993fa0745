import { shanghaiTime } from '@banshi/definition/calendar';
import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { type Staff } from '../accounts/index.ts';
import { Definition } from '@banshi/definition';
import { publishedChannel, scheduleNotice } from '../catalog/index.ts';
import { assertMayApprove, assertMayAuthor, stateLabels } from './rules.ts';
import { checkSource, errorsIn } from './sources.ts';
import {
  guarded,
  iso,
  load,
  lockMatter,
  mustLoad,
  type StudioDeps,
  type VersionRow,
  versionSummary,
  type RequestMeta
} from './version-rows.ts';
import { assertEditable, assertSameMatter } from './drafts.ts';
import { publishLocked } from './publication.ts';

/**
 * A draft's road to publication: submitted by its author with the reason for the change (变更理由), approved (live
 * now or at a set time) or sent back by the department head.
 */
export async function submitDraft(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  reason: string,
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
    assertNothingToConfirm(definition);
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
        [code, version, staff.id, reason, now]
      );
      await audit(tx, { actor: staff, action: 'studio.submit', outcome: 'ok', target, ip: meta.ip });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}

/**
 * A value marked 待确认 is one the source guide lacks: the draft checks, previews and simulates with it, but the
 * department head is not asked to approve (004 第十四条) a guide that is not yet known to be true.
 */
function assertNothingToConfirm(definition: Definition): void {
  const marks = definition.toConfirm ?? [];
  if (marks.length === 0) return;
  const places = marks.map(m => `第 ${m.source.line} 行“${m.label}”`).join('；');
  throw new Refusal(
    'invalid',
    'studio.draft-to-confirm',
    `草稿还有 ${marks.length} 处“待确认”，向部门核实并删去“待确认”后才能提交审批：${places}。`,
    { toConfirm: marks }
  );
}

function assertLinesExist(row: VersionRow, lines: readonly LineComment[]): void {
  const count = row.source.split('\n').length;
  const beyond = lines.filter(l => l.line > count);
  if (beyond.length > 0)
    throw new Refusal(
      'invalid',
      'studio.line-out-of-range',
      `意见所指的第 ${beyond.map(l => l.line).join('、')} 行不存在：该版本源文件共 ${count} 行。`,
      { lines: count }
    );
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
 * The head approves (004 第十四条): the version goes live at once, or, with `at`, is scheduled to go live then. A
 * scheduled version keeps the matter's one change-in-progress slot until its time; every process arms a timer for it
 * (scheduler.ts) and one of them publishes it then (publication.ts).
 */
export async function approveVersion(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  input: { comment?: string | undefined; at?: number | undefined },
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  const { comment, at } = input;
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
    const now = s.now();
    if (at !== undefined && at <= now)
      throw new Refusal(
        'invalid',
        'studio.schedule-in-past',
        `定时发布的时间（${shanghaiTime(at)}）须晚于现在（${shanghaiTime(now)}）；如需立即发布，请不填时间。`,
        { at: iso(at), now: iso(now) }
      );
    return s.db.transaction(async tx => {
      await lockMatter(tx, code);
      const locked = (await load(tx, code, version, true))!;
      assertSubmitted(locked);
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'approve', $4, $5)`,
        [code, version, staff.id, comment ?? '', iso(now)]
      );
      let superseded: number | null = null;
      if (at === undefined) {
        ({ superseded } = await publishLocked(tx, locked, staff, now, false));
      } else {
        await tx.query(
          `update matter_versions set state = 'scheduled', scheduled_at = $3, updated_at = $4 where code = $1 and version = $2`,
          [code, version, iso(at), iso(now)]
        );
        await tx.query(
          `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'schedule', $4, $5)`,
          [code, version, staff.id, `定于 ${shanghaiTime(at)} 生效`, iso(now)]
        );
        // Every process re-arms its timer on this.
        await tx.query('select pg_notify($1, $2)', [publishedChannel, `${scheduleNotice}${target}`]);
      }
      await audit(tx, {
        actor: staff,
        action: 'studio.approve',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { superseded, scheduledAt: at === undefined ? null : iso(at) }
      });
      return (await load(tx, code, version))!;
    });
  });
  // Every process reloads on the notification; this one does not wait for it to answer with the new version live.
  if (at === undefined) await s.registry.reload();
  return versionSummary(row);
}

/** A comment the head attaches to one line of the source when sending it back. */
export interface LineComment {
  line: number;
  text: string;
}

/**
 * The head sends a submitted version back with a comment, and comments on lines of its source for the editor to show
 * beside them; the author may edit and submit it again.
 */
export async function rejectVersion(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string,
  lines: readonly LineComment[],
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.reject', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayApprove(staff, current.department, current.author_id);
    assertSubmitted(current);
    assertLinesExist(current, lines);
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertSubmitted((await load(tx, code, version, true))!);
      await tx.query(
        `update matter_versions set state = 'rejected', updated_at = $3 where code = $1 and version = $2`,
        [code, version, now]
      );
      const [decision] = await tx.query<{ id: number }>(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'reject', $4, $5) returning id::int as id`,
        [code, version, staff.id, comment, now]
      );
      if (lines.length > 0)
        await tx.query(
          `insert into matter_line_comments (code, version, approval_id, line, text)
           select $1, $2, $3, l.line, l.text from jsonb_to_recordset($4::jsonb) as l(line int, text text)`,
          [code, version, decision!.id, JSON.stringify(lines)]
        );
      await audit(tx, {
        actor: staff,
        action: 'studio.reject',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { lines: lines.length }
      });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}
