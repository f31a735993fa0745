import { randomUUID } from 'node:crypto';
import { WorkCalendar } from '@banshi/definition/calendar';
import { dateOf, dayMs } from '@banshi/definition/calendar';
import type { CalendarYear } from '@banshi/definition';
import { shanghaiTime } from '@banshi/definition/calendar';
import { notifyInbox } from '../platform/notify.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import type { Db, Sql } from '../platform/db/db.ts';

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

export interface RestrictionInForce {
  restrictionId: string;
  kind: GroundKind;
  label: string;
  since: string;
  until: string;
  appealBy: string;
  appeal: AppealStatus | null;
}

export interface ActiveRestriction {
  /** When the last restriction in force ends. */
  until: string;
  /** The earliest appeal deadline still open (no appeal made yet), or null when none is. */
  appealBy: string | null;
  appealUrl: string;
  grounds: RestrictionInForce[];
}

/** The restrictions in force on an applicant at `now`, or undefined: one read through an index. */
export async function activeRestriction(sql: Sql, userId: string, now: number): Promise<ActiveRestriction | undefined> {
  const rows = await sql.query<{
    id: string;
    ground: GroundKind;
    summary: string;
    started_at: Date;
    ends_at: Date;
    appeal_by: Date;
    appeal: AppealStatus | null;
  }>(
    `select r.id, r.ground, r.summary, r.started_at, r.ends_at, r.appeal_by, a.status as appeal
     from restrictions r left join restriction_appeals a on a.restriction_id = r.id
     where r.user_id = $1 and r.lifted_at is null and r.ends_at > $2 and r.started_at <= $2
     order by r.started_at`,
    [userId, iso(now)]
  );
  if (rows.length === 0) return undefined;
  const open = rows.filter(r => r.appeal === null && r.appeal_by.getTime() > now).map(r => r.appeal_by.getTime());
  return {
    until: iso(Math.max(...rows.map(r => r.ends_at.getTime()))),
    appealBy: open.length ? iso(Math.min(...open)) : null,
    appealUrl,
    grounds: rows.map(r => ({
      restrictionId: r.id,
      kind: r.ground,
      label: r.summary,
      since: iso(r.started_at),
      until: iso(r.ends_at),
      appealBy: iso(r.appeal_by),
      appeal: r.appeal
    }))
  };
}

/**
 * Refuses an online application from a restricted applicant: 403 `applicant.restricted`, naming the grounds, how
 * long the restriction lasts and until when to appeal. Call it from every online submission path.
 */
export async function refuseIfRestricted(sql: Sql, applicant: { id: string }, now: number): Promise<void> {
  const active = await activeRestriction(sql, applicant.id, now);
  if (!active) return;
  const pending = active.grounds.some(g => g.appeal === 'pending');
  const message =
    `您已被列入网上办事黑名单，${shanghaiTime(Date.parse(active.until))}前不能在网上提出办事申请，仍可到服务大厅窗口办理。` +
    `原因：${active.grounds.map(g => g.label).join('；')}。` +
    (active.appealBy
      ? `如有异议，请于${lastDay(Date.parse(active.appealBy))}前在“网上办事黑名单”页面（${appealUrl}）提出申诉。`
      : pending
        ? '您的申诉正在核实，结果将通知您。'
        : '');
  throw new Refusal('forbidden', 'applicant.restricted', message, {
    grounds: active.grounds,
    until: active.until,
    appealBy: active.appealBy,
    appealUrl
  });
}

export interface GroundView {
  kind: GroundKind;
  label: string;
  occurredAt: string;
  department: string | null;
  caseNumber: string | null;
  reason: string | null;
  materials: string[];
  evidence: string | null;
}

export interface AppealView {
  id: string;
  restrictionId: string;
  reason: string;
  status: AppealStatus;
  statusLabel: string;
  decision: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface RestrictionView {
  id: string;
  ground: GroundKind;
  groundLabel: string;
  summary: string;
  startedAt: string;
  endsAt: string;
  appealBy: string;
  state: 'inForce' | 'lifted' | 'ended';
  liftedAt: string | null;
  liftReason: string | null;
  /** In force, not appealed, and the 30 workdays have not run out. */
  canAppeal: boolean;
  grounds: GroundView[];
  appeal: AppealView | null;
}

export interface RestrictionOverview {
  restricted: boolean;
  until: string | null;
  /** The newest first, ended and lifted ones included. */
  restrictions: RestrictionView[];
  /** What counts now towards a restriction: no-shows and untrue complaints in the window, not yet used. */
  counting: { noShows: number; falseComplaints: number; threshold: number; windowDays: number };
}

interface RestrictionRow {
  id: string;
  user_id: string;
  ground: GroundKind;
  summary: string;
  started_at: Date;
  ends_at: Date;
  appeal_by: Date;
  lifted_at: Date | null;
  lift_reason: string | null;
}

interface AppealRow {
  id: string;
  restriction_id: string;
  user_id: string;
  reason: string;
  status: AppealStatus;
  decision: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const appealView = (a: AppealRow): AppealView => ({
  id: a.id,
  restrictionId: a.restriction_id,
  reason: a.reason,
  status: a.status,
  statusLabel: appealStatusLabels[a.status],
  decision: a.decision,
  createdAt: iso(a.created_at),
  decidedAt: isoOrNull(a.decided_at)
});

async function groundsOf(sql: Sql, restrictionIds: string[]): Promise<Map<string, GroundView[]>> {
  const byRestriction = new Map<string, GroundView[]>();
  if (restrictionIds.length === 0) return byRestriction;
  const rows = await sql.query<{
    restriction_id: string;
    kind: GroundKind;
    occurred_at: Date;
    department: string | null;
    case_number: string | null;
    reason: string | null;
    materials: string[];
    evidence: string | null;
  }>(
    `select g.restriction_id, g.kind, g.occurred_at, g.department, c.case_number, g.reason, g.materials, g.evidence
     from restriction_grounds g left join cases c on c.case_id = g.case_id
     where g.restriction_id = any($1::uuid[]) order by g.occurred_at, g.id`,
    [restrictionIds]
  );
  for (const r of rows) {
    const list = byRestriction.get(r.restriction_id) ?? [];
    list.push({
      kind: r.kind,
      label: groundLabels[r.kind],
      occurredAt: iso(r.occurred_at),
      department: r.department,
      caseNumber: r.case_number,
      reason: r.reason,
      materials: r.materials,
      evidence: r.evidence
    });
    byRestriction.set(r.restriction_id, list);
  }
  return byRestriction;
}

function restrictionView(
  r: RestrictionRow,
  grounds: GroundView[],
  appeal: AppealRow | undefined,
  now: number
): RestrictionView {
  const inForce = r.lifted_at === null && r.ends_at.getTime() > now && r.started_at.getTime() <= now;
  return {
    id: r.id,
    ground: r.ground,
    groundLabel: groundLabels[r.ground],
    summary: r.summary,
    startedAt: iso(r.started_at),
    endsAt: iso(r.ends_at),
    appealBy: iso(r.appeal_by),
    state: r.lifted_at ? 'lifted' : inForce ? 'inForce' : 'ended',
    liftedAt: isoOrNull(r.lifted_at),
    liftReason: r.lift_reason,
    canAppeal: inForce && !appeal && now < r.appeal_by.getTime(),
    grounds,
    appeal: appeal ? appealView(appeal) : null
  };
}

/** What an applicant sees on the blacklist page and through the API: their restrictions, appeals and counts. */
export async function restrictionOverview(sql: Sql, userId: string, now: number): Promise<RestrictionOverview> {
  const rows = await sql.query<RestrictionRow>(
    `select id, user_id, ground, summary, started_at, ends_at, appeal_by, lifted_at, lift_reason from restrictions
     where user_id = $1 order by started_at desc, id desc limit 20`,
    [userId]
  );
  const ids = rows.map(r => r.id);
  const grounds = await groundsOf(sql, ids);
  const appeals = ids.length
    ? await sql.query<AppealRow>('select * from restriction_appeals where restriction_id = any($1::uuid[])', [ids])
    : [];
  const [counts] = await sql.query<{ no_shows: number; false_complaints: number }>(
    `select count(*) filter (where kind = 'noShow')::int as no_shows, count(*) filter (where kind = 'falseComplaint')::int as false_complaints
     from restriction_grounds where user_id = $1 and restriction_id is null and kind <> 'falseMaterials' and occurred_at > $2`,
    [userId, iso(now - restrictionPolicy.windowDays * dayMs)]
  );
  const restrictions = rows.map(r =>
    restrictionView(
      r,
      grounds.get(r.id) ?? [],
      appeals.find(a => a.restriction_id === r.id),
      now
    )
  );
  const inForce = restrictions.filter(r => r.state === 'inForce');
  return {
    restricted: inForce.length > 0,
    until: inForce.length ? iso(Math.max(...inForce.map(r => Date.parse(r.endsAt)))) : null,
    restrictions,
    counting: {
      noShows: counts?.no_shows ?? 0,
      falseComplaints: counts?.false_complaints ?? 0,
      threshold: restrictionPolicy.threshold,
      windowDays: restrictionPolicy.windowDays
    }
  };
}

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
