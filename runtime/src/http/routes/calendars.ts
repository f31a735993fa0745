import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import type { Principal, Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import {
  approveCalendarDraft,
  checkCalendar,
  createCalendarDraft,
  listCalendars,
  readCalendarDraft,
  rejectCalendarDraft,
  submitCalendarDraft,
  updateCalendarDraft,
  usesStudio
} from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { Text } from '../../web/schemas.ts';
import { CalendarCheck, CalendarDraftAnswer, CalendarDraftView, CalendarList } from './studio-schemas.ts';

const noNul = (text: string) => !text.includes('\u0000');
const Source = z.string().max(50_000, '工作日历不能超过 5 万个字符').refine(noNul, '工作日历不能包含空字符');
const Note = z.string().trim().max(500, '说明不能超过 500 个字').refine(noNul, '说明不能包含空字符');
const Comment = Text(2000).refine(noNul, '意见不能包含空字符');
const Id = z.object({ id: z.string().uuid('草稿编号无效') });

/**
 * 工作日历 (`/api/studio/calendars`): the reform office drafts a year's calendar in the Matter language, checks it
 * (with how it differs from the provisional rule), submits it; the reform office's head approves it, which
 * publishes it to every process at once and has the running cases' deadlines recounted.
 */
export function calendarRoutes(api: Api, s: Services): void {
  const gate = async (
    c: { env: unknown; req: { path: string } },
    principal: Principal
  ): Promise<{ staff: Staff; meta: { ip?: string | undefined } }> => {
    const staff = principal as Staff;
    const meta = { ip: ip(c) };
    if (!usesStudio(staff)) {
      await audit(s.db, {
        actor: staff,
        action: 'calendar.access',
        outcome: 'denied',
        target: c.req.path,
        ip: meta.ip
      });
      throw forbidden('工作日历由审改办维护。');
    }
    return { staff, meta };
  };

  api.route(
    {
      method: 'get',
      path: '/api/studio/calendars',
      group: 'studio',
      access: 'staff',
      summary: '工作日历：各年度已发布或暂定，及草稿',
      response: CalendarList
    },
    async (c, { principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await listCalendars(s, staff, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/calendars/check',
      group: 'studio',
      access: 'staff',
      summary: '检查工作日历源文件：诊断信息；无错误时给出与暂定日历的差异',
      body: z.object({ source: Source }).strict(),
      response: CalendarCheck
    },
    async (c, { body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await checkCalendar(s, staff, body.source, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/calendars/drafts',
      group: 'studio',
      access: 'staff',
      summary: '起草某年工作日历（有错误也可保存，但不能提交）',
      body: z.object({ source: Source, note: Note.optional() }).strict(),
      response: CalendarDraftAnswer
    },
    async (c, { body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await createCalendarDraft(s, staff, body, meta), 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/calendars/drafts/:id',
      group: 'studio',
      access: 'staff',
      summary: '工作日历草稿',
      params: Id,
      response: CalendarDraftView
    },
    async (c, { params, principal }) => {
      const { staff } = await gate(c, principal);
      return c.json(await readCalendarDraft(s, staff, params.id));
    }
  );

  api.route(
    {
      method: 'put',
      path: '/api/studio/calendars/drafts/:id',
      group: 'studio',
      access: 'staff',
      summary: '修改工作日历草稿（或被退回的）',
      params: Id,
      body: z.object({ source: Source, note: Note.optional() }).strict(),
      response: CalendarDraftAnswer
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await updateCalendarDraft(s, staff, params.id, body, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/calendars/drafts/:id/submit',
      group: 'studio',
      access: 'staff',
      summary: '提交审改办负责人批准（须无错误）',
      params: Id,
      body: z.object({}).strict(),
      response: CalendarDraftView
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await submitCalendarDraft(s, staff, params.id, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/calendars/drafts/:id/approve',
      group: 'studio',
      access: 'staff',
      summary: '审改办负责人批准：立即发布，在办件的期限按公布的安排重新计算',
      params: Id,
      body: z.object({ comment: Comment.optional() }).strict(),
      response: CalendarDraftView
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await approveCalendarDraft(s, staff, params.id, body.comment, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/calendars/drafts/:id/reject',
      group: 'studio',
      access: 'staff',
      summary: '审改办负责人退回修改（须写明意见）',
      params: Id,
      body: z.object({ comment: Comment }).strict(),
      response: CalendarDraftView
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await rejectCalendarDraft(s, staff, params.id, body.comment, meta));
    }
  );
}
