import { z } from 'zod';
import { acting } from '../../web/acting.ts';
import type { Applicant } from '../../accounts/index.ts';
import {
  attend,
  book,
  cancelAppointment,
  checkSlot,
  departmentAppointments,
  myAppointments,
  slotCalendar
} from '../../requests/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { Day, IdParam, MatterCode, Page } from '../../web/schemas.ts';
import { creating, departmentOf, shanghaiToday } from './request-helpers.ts';
import { Appointment, DepartmentAppointments, MyAppointments } from './requests-schemas.ts';

/** Appointments (预约) over HTTP: applicants book and cancel, the window records who came. */
export function appointmentRoutes(api: Api, s: Services): void {
  const now = () => s.now();

  api.route(
    {
      method: 'post',
      path: '/api/hall/appointments',
      response: Appointment,
      group: 'hall',
      access: 'applicant',
      idempotent: true,
      summary: '预约到大厅办理（工作日 9:00–17:00，每 30 分钟一个时段）',
      body: z
        .object({
          matterCode: MatterCode,
          place: z.string().trim().min(1).max(200),
          slotAt: z.iso.datetime({ offset: true, error: '预约时间格式不正确' })
        })
        .strict()
    },
    async (c, { body, principal }) => {
      const live = s.registry.live(body.matterCode);
      if (!live) throw new Refusal('notFound', 'matter.not-found', '该事项未发布或已停办。', { code: body.matterCode });
      const slotAt = Date.parse(body.slotAt);
      return creating(c, s, principal as Applicant, 'appointment.book', body, extra => {
        checkSlot(slotCalendar(s.calendar(), live.definition), slotAt, now());
        return book(
          s.db,
          {
            userId: principal.id,
            matter: { code: live.code, places: live.definition.places },
            place: body.place,
            slotAt
          },
          now(),
          extra
        );
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/appointments',
      response: MyAppointments,
      group: 'hall',
      access: 'applicant',
      summary: '我的预约（含失约次数）',
      query: Page
    },
    async (c, { query, principal }) => c.json(await myAppointments(s.db, principal.id, query))
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/appointments/:id/cancel',
      response: Appointment,
      group: 'hall',
      access: 'applicant',
      summary: '在预约时段开始前取消预约',
      params: IdParam
    },
    async (c, { params, principal }) =>
      c.json(
        await acting(c, s, principal, 'appointment.cancel', params.id, done =>
          cancelAppointment(s.db, { id: params.id, userId: principal.id }, now(), tx => done(tx))
        )
      )
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/appointments',
      response: DepartmentAppointments,
      group: 'office',
      access: 'staff',
      summary: '本部门事项某日的预约（默认今天）',
      query: z.object({ date: Day.optional() })
    },
    async (c, { query, principal }) =>
      c.json({
        items: await departmentAppointments(s.db, departmentOf(principal, false), query.date ?? shanghaiToday(now()))
      })
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/appointments/:id/attend',
      response: Appointment,
      group: 'office',
      access: 'staff',
      summary: '登记预约人已到场',
      params: IdParam
    },
    async (c, { params, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'appointment.attend', params.id, done =>
          attend(s.db, { id: params.id, department }, now(), tx => done(tx))
        )
      );
    }
  );
}
