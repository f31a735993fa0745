import { randomUUID } from 'node:crypto';
import { WorkCalendar, shanghaiTime } from '@banshi/definition/calendar';
import { notifyInbox } from '../platform/notify.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import {
  appealView,
  groundsOf,
  restrictionView,
  type AppealRow,
  type AppealView,
  type RestrictionRow,
  type RestrictionView
} from './restrictions.ts';
import { appealDeadline, appealStatusLabels, lastDay, restrictionPolicy, type AppealStatus } from './grounds.ts';

/** Appeals against a restriction (30 workdays from its notice), decided by the management office. */

/** The applicant appeals a restriction in force, within 30 workdays of its notice; one appeal per restriction. */
export async function appealRestriction(
  db: Db,
  input: { userId: string; restrictionId: string; reason: string },
  now: number,
  extra: Extra<AppealView> = noExtra
): Promise<AppealView> {
  return db.transaction(async tx => {
    const [r] = await tx.query<RestrictionRow>('select * from restrictions where id = $1 and user_id = $2 for update', [
      input.restrictionId,
      input.userId
    ]);
    if (!r) throw new Refusal('notFound', 'restriction.not-found', '找不到这项限制。');
    if (r.lifted_at || r.ends_at.getTime() <= now)
      throw new Refusal('conflict', 'restriction.not-in-force', '这项限制已经结束，无需申诉。');
    const [existing] = await tx.query<AppealRow>('select * from restriction_appeals where restriction_id = $1', [r.id]);
    if (existing)
      throw new Refusal(
        'conflict',
        'restriction.appeal-exists',
        `您已就这项限制提出过申诉（${appealStatusLabels[existing.status]}），每项限制只能申诉一次。`,
        { appealId: existing.id }
      );
    if (now >= r.appeal_by.getTime()) {
      throw new Refusal(
        'conflict',
        'restriction.appeal-late',
        `申诉期限已于${lastDay(r.appeal_by.getTime())}届满（收到处理决定通知之日起 ${restrictionPolicy.appealWorkdays} 个工作日内），不能再提出申诉。`,
        { appealBy: iso(r.appeal_by) }
      );
    }
    const id = randomUUID();
    await tx.query(
      `insert into restriction_appeals (id, restriction_id, user_id, reason, created_at) values ($1, $2, $3, $4, $5)`,
      [id, r.id, input.userId, input.reason, iso(now)]
    );
    const [row] = await tx.query<AppealRow>('select * from restriction_appeals where id = $1', [id]);
    const created = appealView(row!);
    await extra(tx, created);
    return created;
  });
}

export interface StaffAppealView extends AppealView {
  applicant: { id: string; name: string | null; kind: string | null };
  restriction: Omit<RestrictionView, 'appeal' | 'canAppeal'>;
}

/** Appeals for the reform office and the supervision bureau, newest first, optionally of one status. */
export async function listAppeals(
  sql: Sql,
  query: { status?: AppealStatus | undefined },
  page: PageRequest,
  now: number
) {
  const [at, cursorId] = cursorParams(page);
  const rows = await sql.query<AppealRow & { name: string | null; kind: string | null }>(
    `select a.*, u.name, u.kind from restriction_appeals a left join users u on u.id = a.user_id
     where ($1::text is null or a.status = $1) and ($2::timestamptz is null or (a.created_at, a.id) < ($2::timestamptz, $3::uuid))
     order by a.created_at desc, a.id desc limit $4`,
    [query.status ?? null, at, cursorId, page.limit]
  );
  const ids = rows.map(r => r.restriction_id);
  const restrictions = ids.length
    ? await sql.query<RestrictionRow>('select * from restrictions where id = any($1::uuid[])', [ids])
    : [];
  const grounds = await groundsOf(sql, ids);
  const items: StaffAppealView[] = rows.map(a => {
    const r = restrictions.find(x => x.id === a.restriction_id)!;
    const { appeal: _a, canAppeal: _c, ...restriction } = restrictionView(r, grounds.get(r.id) ?? [], a, now);
    return { ...appealView(a), applicant: { id: a.user_id, name: a.name, kind: a.kind }, restriction };
  });
  return { items, next: nextCursor(items, page.limit, a => ({ at: a.createdAt, id: a.id })) };
}

/**
 * Decides a pending appeal: `lift` when the applicant has shown the conduct was not intentional (the restriction
 * ends now), otherwise upheld; the reasons go to the applicant's inbox either way.
 */
export async function decideAppeal(
  db: Db,
  input: { id: string; staffId: string; lift: boolean; reasons: string },
  now: number,
  extra: Extra<AppealView> = noExtra
): Promise<AppealView> {
  return db.transaction(async tx => {
    const [a] = await tx.query<AppealRow>('select * from restriction_appeals where id = $1 for update', [input.id]);
    if (!a) throw new Refusal('notFound', 'appeal.not-found', '找不到这件申诉。');
    if (a.status !== 'pending')
      throw new Refusal(
        'conflict',
        'appeal.decided',
        `这件申诉已经作出决定（${appealStatusLabels[a.status]}），不能再次决定。`,
        { status: a.status }
      );
    const status: AppealStatus = input.lift ? 'lifted' : 'upheld';
    await tx.query(
      'update restriction_appeals set status = $2, decision = $3, decided_by = $4, decided_at = $5 where id = $1',
      [a.id, status, input.reasons, input.staffId, iso(now)]
    );
    const [r] = await tx.query<RestrictionRow>('select * from restrictions where id = $1 for update', [
      a.restriction_id
    ]);
    if (input.lift) {
      await tx.query(
        'update restrictions set lifted_at = $2, lifted_by = $3, lift_reason = $4 where id = $1 and lifted_at is null',
        [a.restriction_id, iso(now), input.staffId, input.reasons]
      );
    }
    await notifyInbox(
      tx,
      {
        userId: a.user_id,
        subject: input.lift
          ? '【网上办事黑名单】您的申诉成立，限制已解除'
          : '【网上办事黑名单】您的申诉不成立，维持限制',
        body:
          (input.lift
            ? '经核实，您的申诉成立，已将您从网上办事黑名单中除名，可以继续在网上提出办事申请。'
            : `经核实，您的申诉不成立，限制维持至 ${shanghaiTime(r!.ends_at.getTime())}。`) +
          `\n理由：${input.reasons}`,
        payload: { kind: 'restrictionAppealDecided', appealId: a.id, restrictionId: a.restriction_id, lift: input.lift }
      },
      now
    );
    const [row] = await tx.query<AppealRow>('select * from restriction_appeals where id = $1', [a.id]);
    const decided = appealView(row!);
    await extra(tx, decided);
    return decided;
  });
}

/**
 * After a calendar is published, an appeal period still open is counted again from its notice on the calendar now
 * in force. It binds the applicant, so it only ever moves later, never earlier than what the notice told them; a
 * later date is told to them. Idempotent: run it again and nothing moves. Returns how many periods moved.
 */
export async function extendAppealPeriods(db: Db, calendar: WorkCalendar, now: number): Promise<number> {
  const open = await db.query<{ id: string; user_id: string; started_at: Date; appeal_by: Date }>(
    `select r.id, r.user_id, r.started_at, r.appeal_by from restrictions r
     where r.lifted_at is null and r.appeal_by > $1 and not exists (select 1 from restriction_appeals a where a.restriction_id = r.id)`,
    [iso(now)]
  );
  let moved = 0;
  for (const row of open) {
    const recounted = appealDeadline(calendar, row.started_at.getTime());
    if (recounted <= row.appeal_by.getTime()) continue;
    await db.transaction(async tx => {
      const changed = await tx.query(
        'update restrictions set appeal_by = $2 where id = $1 and appeal_by < $2 returning id',
        [row.id, iso(recounted)]
      );
      if (changed.length === 0) return;
      moved++;
      await notifyInbox(
        tx,
        {
          userId: row.user_id,
          subject: '【网上办事黑名单】申诉期限顺延',
          body: `国务院办公厅公布了节假日安排，按公布的安排重新计算，您的申诉期限由${lastDay(row.appeal_by.getTime())}顺延至${lastDay(recounted)}。`,
          payload: { kind: 'restrictionAppealExtended', restrictionId: row.id }
        },
        now
      );
    });
  }
  return moved;
}
