import { z } from 'zod';
import type { WorkCalendar } from '@banshi/definition/calendar';
import type { Limit } from '@banshi/definition';
import type { Context } from 'hono';
import type { Staff } from '../../accounts/index.ts';
import { statusLabels, type Services } from '../../cases/index.ts';
import { InboxFilter, inboxCount, inboxPage, type Holder, type InboxLine } from '../../cases/inbox.ts';
import { deleteView, saveView, viewsOf } from '../../cases/inbox-views.ts';
import { levels } from '../../cases/inbox-waits.ts';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import { complaintStatusLabels, consultationStatusLabels } from '../../requests/labels.ts';
import type { Api } from '../api.ts';
import type { AppEnv } from '../../web/env.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { IdParam, Text } from '../../web/schemas.ts';

const Due = z.object({
  at: z.string(),
  /** Workdays (or office hours, for a matter counted in hours) left; negative once passed; null beyond the calendar. */
  remaining: z.number().nullable(),
  unit: z.enum(['workdays', 'days', 'hours']),
  overdue: z.boolean()
});
const LimitOut = z.object({ amount: z.number(), unit: z.enum(['workdays', 'days', 'hours']) });

const InboxItem = z.object({
  kind: z.enum(['case', 'consultation', 'complaint', 'rating']),
  id: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  matterCode: z.string().nullable(),
  matter: z.string().nullable(),
  applicant: z.string().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  step: z.string(),
  channel: z.enum(['online', 'express', 'onSite']).nullable(),
  due: z.object({ step: Due.nullable(), promised: Due.nullable(), legal: Due.nullable() }),
  level: z.enum(levels),
  coApproval: z.boolean(),
  paused: z
    .object({
      reason: z.enum(['correction', 'specialProcedure']),
      reasonLabel: z.string(),
      since: z.string().nullable(),
      /** What remains of each limit when the clock starts again. */
      remaining: z.object({ step: LimitOut.nullable(), promised: LimitOut.nullable(), legal: LimitOut.nullable() }),
      /** A special procedure's kind, its reason and expected length. */
      procedure: z.object({ kind: z.string(), reason: z.string(), expected: LimitOut }).nullable(),
      /** The applicant's deadline to correct, when the matter sets one. */
      correctionDue: z.string().nullable()
    })
    .nullable()
});

const InboxPage = z.object({ items: z.array(InboxItem), next: z.string().optional() });

const InboxView = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  department: z.string(),
  ownerName: z.string(),
  mine: z.boolean(),
  filters: InboxFilter,
  count: z.number()
});

const Query = InboxFilter.omit({ coApproval: true }).extend({
  coApproval: z.enum(['true', 'false']).optional(),
  view: z.uuid({ error: '视图编号格式不正确' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional()
});

const requestStatus: Record<string, string> = {
  ...consultationStatusLabels,
  ...complaintStatusLabels,
  pending: '待整改'
};

function holder(staff: Staff): Holder & { id: string } {
  if (!staff.department) throw forbidden('您的账号没有所属部门，没有待办。');
  if (staff.roles.length === 0)
    throw forbidden('您在本部门没有办理岗位（如窗口、承办人），没有待办。', { code: 'auth.no-post' });
  return { id: staff.id, department: staff.department, roles: staff.roles };
}

function due(calendar: WorkCalendar, now: number, at: Date | null, unit: Limit['unit']): z.infer<typeof Due> | null {
  if (!at) return null;
  const t = at.getTime();
  return { at: at.toISOString(), remaining: remainingOf(calendar, now, t, unit), unit, overdue: t < now };
}

/** Workdays (or office hours) left until `t`, negative once passed; null beyond the published calendar. */
function remainingOf(calendar: WorkCalendar, now: number, t: number, unit: Limit['unit']): number | null {
  try {
    return t >= now
      ? calendar.remaining(now, t, unit).amount
      : -(unit === 'hours' ? calendar.officeHoursBetween(t, now) : calendar.workdaysBetweenInstants(t, now));
  } catch {
    return null;
  }
}

function item(s: Services, now: number, r: InboxLine): z.infer<typeof InboxItem> {
  const definition = r.matterCode ? s.registry.live(r.matterCode)?.definition : undefined;
  const unit = r.kind === 'case' ? (definition?.limits.promised.unit ?? 'workdays') : 'workdays';
  const calendar = s.calendar();
  const left = r.paused?.remaining as Record<string, Limit | undefined> | undefined;
  return {
    kind: r.kind,
    id: r.id,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    matterCode: r.matterCode,
    matter: definition?.name ?? null,
    applicant: r.applicant,
    status: r.status,
    statusLabel:
      r.kind === 'case' ? (statusLabels as Record<string, string>)[r.status]! : (requestStatus[r.status] ?? r.status),
    step: r.stepLabel,
    channel: r.channel as 'online' | 'express' | 'onSite' | null,
    due: {
      step: due(calendar, now, r.stepDue, unit),
      promised: due(calendar, now, r.promisedDue, unit),
      legal: due(calendar, now, r.legalDue, definition?.limits.legal.unit ?? unit)
    },
    level: levels[r.level] ?? 'none',
    coApproval: r.coApproval,
    paused: r.pausedReason
      ? {
          reason: r.pausedReason,
          reasonLabel:
            r.pausedReason === 'correction' ? '补正中（申请人补正材料期间不计时）' : '特殊程序（期间不计入办理时限）',
          since: r.paused ? new Date(r.paused.since).toISOString() : null,
          remaining: { step: left?.step ?? null, promised: left?.promised ?? null, legal: left?.legal ?? null },
          // The state's procedure also holds its start (epoch ms), which `since` already gives as an instant.
          procedure:
            r.pausedReason === 'specialProcedure' && r.procedure
              ? { kind: r.procedure.kind, reason: r.procedure.reason, expected: r.procedure.expected }
              : null,
          correctionDue: r.correctionDue ? new Date(r.correctionDue).toISOString() : null
        }
      : null
  };
}

/** The query's filters, or the saved view's when `view` names one this member may use. */
async function filtersOf(s: Services, me: Holder & { id: string }, q: z.infer<typeof Query>): Promise<InboxFilter> {
  const { view, limit: _l, cursor: _c, coApproval, ...rest } = q;
  const own = { ...rest, ...(coApproval ? { coApproval: coApproval === 'true' } : {}) };
  if (!view) return own;
  const saved = (await viewsOf(s.db, me)).find(v => v.id === view);
  if (!saved) throw new Refusal('notFound', 'inbox.view-not-found', '找不到这个视图。');
  return { ...saved.filters, ...own };
}

async function audited<T>(
  c: Context<AppEnv>,
  s: Services,
  staff: Staff,
  action: string,
  target: string | undefined,
  work: () => Promise<T>
): Promise<T> {
  try {
    const result = await work();
    await audit(s.db, { actor: staff, action, outcome: 'ok', target, ip: ip(c) });
    return result;
  } catch (error) {
    if (error instanceof Refusal)
      await audit(s.db, { actor: staff, action, outcome: 'denied', target, ip: ip(c), detail: { code: error.code } });
    throw error;
  }
}

/** "My work": the inbox of the signed-in member of staff, and the views they save over it. */
export function officeInboxRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/office/inbox',
      group: 'office',
      access: 'staff',
      summary:
        '我的待办：等待本人岗位办理的办件（含本部门待答复的并联审批）与咨询、投诉、差评整改，逾期在前，按环节、承诺、法定时限剩余工作日排序',
      query: Query,
      response: InboxPage
    },
    async (c, { query, principal }) => {
      const me = holder(principal as Staff);
      const filter = await filtersOf(s, me, query);
      const now = s.now();
      // No total here: counting every waiting item costs more than the page itself (the bench's 100,000 cases); the
      // views list (/inbox/views) gives the counts, "全部" included.
      const page = await inboxPage(s.db, me, filter, { cursor: query.cursor, limit: query.limit });
      const body = { items: page.items.map(r => item(s, now, r)), ...(page.next ? { next: page.next } : {}) };
      return c.json(body);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/inbox/views',
      group: 'office',
      access: 'staff',
      summary: '我的待办视图（本人的与本部门共享的），各含当前件数',
      response: z.object({ all: z.number(), items: z.array(InboxView) })
    },
    async (c, { principal }) => {
      const me = holder(principal as Staff);
      const views = await viewsOf(s.db, me);
      const counts = await Promise.all([{}, ...views.map(v => v.filters)].map(f => inboxCount(s.db, me, f)));
      return c.json({
        all: counts[0]!,
        items: views.map((v, i) => ({
          id: v.id,
          name: v.name,
          shared: v.shared,
          department: v.department,
          ownerName: v.ownerName,
          mine: v.mine,
          filters: v.filters,
          count: counts[i + 1]!
        }))
      });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/inbox/views',
      group: 'office',
      access: 'staff',
      summary: '保存待办视图（仅本人可见，或在本部门共享）',
      body: z
        .object({
          name: Text(50),
          shared: z.boolean(),
          department: z.string().max(50).optional(),
          filters: InboxFilter
        })
        .strict(),
      response: InboxView
    },
    async (c, { body, principal }) => {
      const staff = principal as Staff;
      const me = holder(staff);
      const saved = await audited(c, s, staff, 'inbox.view.save', body.department, () =>
        saveView(s.db, me, body, s.now())
      );
      const count = await inboxCount(s.db, me, saved.filters);
      const { ownerId: _o, createdAt: _c, ...rest } = saved;
      return c.json({ ...rest, count }, 201);
    }
  );

  api.route(
    {
      method: 'delete',
      path: '/api/office/inbox/views/:id',
      group: 'office',
      access: 'staff',
      summary: '删除本人保存的待办视图',
      params: IdParam,
      response: z.object({ deleted: z.literal(true) })
    },
    async (c, { params, principal }) => {
      const staff = principal as Staff;
      const me = holder(staff);
      await audited(c, s, staff, 'inbox.view.delete', params.id, () => deleteView(s.db, me, params.id));
      return c.json({ deleted: true as const });
    }
  );
}
