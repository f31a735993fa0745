import { dayMs, shanghaiTime } from '@banshi/definition/calendar';
import { Refusal } from '../platform/refusal.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import type { Sql } from '../platform/db/db.ts';
import {
  appealStatusLabels,
  appealUrl,
  groundLabels,
  lastDay,
  restrictionPolicy,
  type AppealStatus,
  type GroundKind
} from './grounds.ts';

/** Restrictions in force (an entry on the blacklist from its grounds to its last day), and what the applicant sees of them. */
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

export interface RestrictionRow {
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

export interface AppealRow {
  id: string;
  restriction_id: string;
  user_id: string;
  reason: string;
  status: AppealStatus;
  decision: string | null;
  created_at: Date;
  decided_at: Date | null;
}

export const appealView = (a: AppealRow): AppealView => ({
  id: a.id,
  restrictionId: a.restriction_id,
  reason: a.reason,
  status: a.status,
  statusLabel: appealStatusLabels[a.status],
  decision: a.decision,
  createdAt: iso(a.created_at),
  decidedAt: isoOrNull(a.decided_at)
});

export async function groundsOf(sql: Sql, restrictionIds: string[]): Promise<Map<string, GroundView[]>> {
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

export function restrictionView(
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
