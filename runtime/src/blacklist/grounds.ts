import { randomUUID } from 'node:crypto';
import { WorkCalendar, dateOf, dayMs, shanghaiTime } from '@banshi/definition/calendar';
import type { CalendarYear } from '@banshi/definition';
import { notifyInbox } from '../platform/notify.ts';
import { iso } from '../platform/time.ts';
import type { Sql } from '../platform/db/db.ts';

/**
 * The online-service blacklist (网上办事黑名单), after the Nanhai rules (seeds/001, 第二十五条): an applicant who
 * gave false materials or information, missed appointments more than three times, or made complaints found
 * untrue more than three times is restricted from applying online; they are notified, and may appeal within 30
 * workdays of the notice; the management office lifts the restriction when the conduct proves unintentional.
 *
 * What the rules leave open is decided here (see `restrictionPolicy`): counts run over the last 12 months; a
 * restriction lasts one year for false materials (as the Administrative Licensing Law, Art. 78, bars a new
 * application for a year) and six months for no-shows or untrue complaints; a ground counts towards one
 * restriction only, so the count starts afresh after one.
 */
export const restrictionPolicy = {
  /** More than this many no-shows or untrue complaints restrict; false materials restrict at once. */
  threshold: 3,
  /** No-shows and untrue complaints count when they happened within this many days. */
  windowDays: 365,
  durationDays: { falseMaterials: 365, noShow: 180, falseComplaint: 180 },
  /** 自收到处理决定通知书之日起 30 个工作日内提出申诉. */
  appealWorkdays: 30
} as const;

export type GroundKind = 'falseMaterials' | 'noShow' | 'falseComplaint';
export type AppealStatus = 'pending' | 'lifted' | 'upheld';

export const groundLabels: Record<GroundKind, string> = {
  falseMaterials: '提供虚假申请材料或信息',
  noShow: '预约后失约',
  falseComplaint: '提出与事实不符的投诉'
};
export const appealStatusLabels: Record<AppealStatus, string> = {
  pending: '正在核实',
  lifted: '申诉成立，已解除限制',
  upheld: '申诉不成立，维持限制'
};

/** The page where an applicant sees a restriction and appeals. */
export const appealUrl = '/hall/restriction';

/** The Shanghai day on which a period that ends at `end` (an exclusive instant, as deadlines are) last runs. */
export const lastDay = (end: number) => {
  const [y, m, d] = dateOf(end - 1)
    .split('-')
    .map(Number);
  return `${y}年${m}月${d}日`;
};

export interface GroundInput {
  userId: string;
  kind: GroundKind;
  /** The case (false materials), appointment (no-show) or complaint (untrue): each counts once. */
  subjectId: string;
  /** When the conduct happened: the appointment's slot, the complaint's filing, the finding. */
  occurredAt: number;
  caseId?: string | null;
  department?: string | null;
  reason?: string | null;
  materials?: readonly string[];
  /** What shows it (false materials, untrue complaints): kept with the ground and shown to the applicant. */
  evidence?: string | null;
  recordedBy?: string | null;
  /** The section chief who confirmed a handler's proposal. */
  confirmedBy?: string | null;
}

export interface RecordedGround {
  /** False when this subject had already been recorded (nothing changed). */
  recorded: boolean;
  /** How many grounds of this kind now count (not yet part of a restriction, within the window). */
  counted: number;
  /** The restriction decided on this ground, if one was. */
  restriction?: { id: string; summary: string; endsAt: string; appealBy: string };
}

/**
 * Records a ground against an applicant, in the caller's transaction, and decides the restriction it brings:
 * false materials at once, the fourth no-show or untrue complaint within 12 months. The applicant is told in the
 * inbox (and warned at the third). Grounds of one applicant are recorded one at a time (an advisory lock), so two
 * no-shows fired together cannot both miss the fourth.
 */
export async function recordGround(
  tx: Sql,
  ground: GroundInput,
  now: number,
  options: { calendar?: WorkCalendar } = {}
): Promise<RecordedGround> {
  await tx.query('select pg_advisory_xact_lock(7021, hashtext($1::text))', [ground.userId]);
  const inserted = await tx.query(
    `insert into restriction_grounds (id, user_id, kind, subject_id, case_id, department, reason, materials, recorded_by, occurred_at, recorded_at, evidence, confirmed_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13) on conflict (kind, subject_id) do nothing returning 1`,
    [
      randomUUID(),
      ground.userId,
      ground.kind,
      ground.subjectId,
      ground.caseId ?? null,
      ground.department ?? null,
      ground.reason ?? null,
      JSON.stringify(ground.materials ?? []),
      ground.recordedBy ?? null,
      iso(ground.occurredAt),
      iso(now),
      ground.evidence ?? null,
      ground.confirmedBy ?? null
    ]
  );
  if (inserted.length === 0) return { recorded: false, counted: 0 };
  const counting = await tx.query<{ id: string }>(
    `select id from restriction_grounds
     where user_id = $1 and kind = $2 and restriction_id is null and (kind = 'falseMaterials' and subject_id = $4 or kind <> 'falseMaterials' and occurred_at > $3)
     order by occurred_at`,
    [ground.userId, ground.kind, iso(now - restrictionPolicy.windowDays * dayMs), ground.subjectId]
  );
  const counted = counting.length;
  const restricts = ground.kind === 'falseMaterials' || counted > restrictionPolicy.threshold;
  if (!restricts) {
    if (counted === restrictionPolicy.threshold) await warn(tx, ground, now);
    return { recorded: true, counted };
  }
  const calendar = options.calendar ?? (await publishedCalendar(tx));
  const id = randomUUID();
  const endsAt = now + restrictionPolicy.durationDays[ground.kind] * dayMs;
  const appealBy = appealDeadline(calendar, now);
  const summary = await summaryOf(tx, ground, counted);
  await tx.query(
    `insert into restrictions (id, user_id, ground, summary, started_at, ends_at, appeal_by) values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, ground.userId, ground.kind, summary, iso(now), iso(endsAt), iso(appealBy)]
  );
  await tx.query('update restriction_grounds set restriction_id = $1 where id = any($2::uuid[])', [
    id,
    counting.map(r => r.id)
  ]);
  await notifyInbox(
    tx,
    {
      userId: ground.userId,
      caseId: ground.caseId ?? null,
      subject: '【网上办事黑名单】您已被限制使用网上办事申请功能',
      body:
        `原因：${summary}。\n限制期间：${shanghaiTime(now)} 至 ${shanghaiTime(endsAt)}，期间不能在网上提出办事申请，仍可到服务大厅窗口办理。\n` +
        `如有异议，请于${lastDay(appealBy)}前（收到本通知之日起 ${restrictionPolicy.appealWorkdays} 个工作日内）在“网上办事黑名单”页面（${appealUrl}）提出申诉；能证实并非故意的，经核实后解除限制。`,
      payload: { kind: 'restrictionStarted', restrictionId: id }
    },
    now
  );
  return { recorded: true, counted, restriction: { id, summary, endsAt: iso(endsAt), appealBy: iso(appealBy) } };
}

async function summaryOf(tx: Sql, ground: GroundInput, counted: number): Promise<string> {
  const months = Math.round(restrictionPolicy.windowDays / 30.4);
  switch (ground.kind) {
    case 'noShow':
      return `${months} 个月内预约后失约 ${counted} 次，超过 ${restrictionPolicy.threshold} 次`;
    case 'falseComplaint':
      return `${months} 个月内提出与事实不符的投诉 ${counted} 次，超过 ${restrictionPolicy.threshold} 次`;
    case 'falseMaterials': {
      const [row] = ground.caseId
        ? await tx.query<{ case_number: string }>('select case_number from cases where case_id = $1', [ground.caseId])
        : [];
      return `办理事项时提供虚假申请材料或信息（${ground.department ?? '经办部门'}认定${row ? `，办件编号 ${row.case_number}` : ''}）`;
    }
  }
}

async function warn(tx: Sql, ground: GroundInput, now: number): Promise<void> {
  if (ground.kind === 'falseMaterials') return;
  const what = ground.kind === 'noShow' ? '预约后失约' : '提出与事实不符的投诉';
  await notifyInbox(
    tx,
    {
      userId: ground.userId,
      subject: `【网上办事提醒】12 个月内您已${what} ${restrictionPolicy.threshold} 次`,
      body:
        `根据网上办事管理规定，${what}超过 ${restrictionPolicy.threshold} 次的，将被列入网上办事黑名单，限制使用网上办事申请功能。` +
        (ground.kind === 'noShow' ? '不能按时到场的，请在预约时段开始前取消预约。' : ''),
      payload: { kind: 'restrictionWarning', ground: ground.kind }
    },
    now
  );
}

/** The calendar of the newest published catalogue (the worker has no Services). */
async function publishedCalendar(tx: Sql): Promise<WorkCalendar> {
  const [row] = await tx.query<{ calendars: CalendarYear[] | null }>(
    `select catalog->'calendars' as calendars from catalog_versions order by version desc limit 1`
  );
  return new WorkCalendar(row?.calendars ?? []);
}

/**
 * 30 workdays from the notice (the day of the notice not counted), on the provisional rule in a year whose
 * calendar is not yet published; publishing it may move the date later, never earlier (see recount).
 */
export function appealDeadline(calendar: WorkCalendar, noticeAt: number): number {
  return calendar.deadline(noticeAt, { amount: restrictionPolicy.appealWorkdays, unit: 'workdays' });
}
