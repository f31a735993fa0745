import { shanghaiTime } from '@banshi/definition/calendar';
import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import type { Sql } from '../platform/db/db.ts';
import { type Staff } from '../accounts/index.ts';
import { publishedChannel, scheduleNotice } from '../catalog/index.ts';
import { assertMayApprove, stateLabels } from './rules.ts';
import {
  guarded,
  iso,
  load,
  lockMatter,
  mustLoad,
  type RequestMeta,
  type StudioDeps,
  type VersionRow,
  versionSummary
} from './version-rows.ts';

/**
 * Putting an approved version live: at once when the head approves, or at the time the head set (a new fee from
 * 1 January). Either way the previous version is superseded, the change is filed with the reform office (004 第十四条)
 * and every process is told in the same transaction, so its registry reloads; cases keep the version they started
 * under.
 */
export async function publishLocked(
  tx: Sql,
  row: VersionRow,
  approver: { id: string; name: string },
  now: number,
  scheduled: boolean
): Promise<{ superseded: number | null }> {
  const at = iso(now);
  const previous = await tx.query<{ version: number }>(
    `update matter_versions set state = 'superseded', superseded_at = $2, updated_at = $2
     where code = $1 and state = 'published' returning version`,
    [row.code, at]
  );
  await tx.query(
    `update matter_versions set state = 'published', published_at = $3, updated_at = $3 where code = $1 and version = $2`,
    [row.code, row.version, at]
  );
  const replaced = previous[0]?.version ?? null;
  const how = scheduled ? `批准，于 ${shanghaiTime(now)} 按预定时间发布` : '批准并发布';
  const filing = `${row.department}负责人${approver.name}${how}，报审改办备案${replaced ? `（替代第 ${replaced} 版）` : '（新增事项）'}。`;
  await tx.query(
    `insert into matter_approvals (code, version, actor_id, decision, comment, at)
     values ($1, $2, $3, 'publish', '', $4), ($1, $2, $3, 'file', $5, $4)`,
    [row.code, row.version, approver.id, at, filing]
  );
  await tx.query('select pg_notify($1, $2)', [publishedChannel, `${row.code}@${row.version}`]);
  return { superseded: replaced };
}

/**
 * Publishes every scheduled version whose time has come; any process may call it at any moment (its timer, the
 * worker's pass), and two calling at once publish each version once: the matter's lock serialises them and the
 * second finds the version live already. Returns how many it published.
 */
export async function publishDue(s: StudioDeps, now: number): Promise<number> {
  const due = await s.db.query<{ code: string; version: number }>(
    `select code, version from matter_versions where state = 'scheduled' and scheduled_at <= $1 order by scheduled_at, code`,
    [iso(now)]
  );
  let published = 0;
  for (const { code, version } of due) {
    const done = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      const row = await load(tx, code, version, true);
      if (!row || row.state !== 'scheduled' || !row.scheduled_at || row.scheduled_at.getTime() > now) return false;
      // The head who approved it publishes it: the filing names them, not a machine.
      const [approver] = await tx.query<{ id: string; name: string }>(
        `select a.actor_id as id, coalesce(u.name, '') as name from matter_approvals a left join users u on u.id = a.actor_id
         where a.code = $1 and a.version = $2 and a.decision = 'approve' order by a.id desc limit 1`,
        [code, version]
      );
      if (!approver) throw new Error(`scheduled version ${code}@${version} has no approval`);
      // Published at the time the head set, even when this process comes to it late (it was down, the clock jumped).
      const { superseded } = await publishLocked(tx, row, approver, row.scheduled_at.getTime(), true);
      await audit(tx, {
        actor: { kind: 'system' },
        action: 'studio.publish-scheduled',
        outcome: 'ok',
        target: `${code}@${version}`,
        detail: { superseded, approvedBy: approver.id, at: row.scheduled_at.toISOString() }
      });
      return true;
    });
    if (done) published++;
  }
  if (published > 0) await s.registry.reload();
  return published;
}

/**
 * The head takes a scheduled publication back before its time: the version is again awaiting approval (and may be
 * approved anew or sent back). Recorded, and every process's timer is re-armed.
 */
export async function withdrawSchedule(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string | undefined,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.withdraw', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayApprove(staff, current.department, current.author_id);
    assertScheduledAhead(current, s.now());
    const now = s.now();
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertScheduledAhead((await load(tx, code, version, true))!, now);
      await tx.query(
        `update matter_versions set state = 'submitted', scheduled_at = null, updated_at = $3 where code = $1 and version = $2`,
        [code, version, iso(now)]
      );
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'withdraw', $4, $5)`,
        [code, version, staff.id, comment ?? '', iso(now)]
      );
      await tx.query('select pg_notify($1, $2)', [publishedChannel, `${scheduleNotice}${target}`]);
      await audit(tx, {
        actor: staff,
        action: 'studio.withdraw',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { scheduledAt: current.scheduled_at?.toISOString() ?? null }
      });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}

function assertScheduledAhead(row: VersionRow, now: number): void {
  if (row.state !== 'scheduled')
    throw new Refusal(
      'conflict',
      'studio.not-scheduled',
      `事项 ${row.code} 第 ${row.version} 版当前为“${stateLabels[row.state]}”，没有待生效的定时发布可以撤回。`,
      { state: row.state }
    );
  if (row.scheduled_at && row.scheduled_at.getTime() <= now)
    throw new Refusal(
      'conflict',
      'studio.schedule-due',
      `事项 ${row.code} 第 ${row.version} 版已到预定的生效时间（${shanghaiTime(row.scheduled_at.getTime())}），不能再撤回；如需变更，请起草新版本。`,
      { scheduledAt: row.scheduled_at.toISOString() }
    );
}
