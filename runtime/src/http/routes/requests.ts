import type { Context } from 'hono';
import { z } from 'zod';
import { acting } from '../../web/acting.ts';
import type { Applicant, Principal, Staff } from '../../accounts/index.ts';
import {
  answer,
  attend,
  book,
  cancelAppointment,
  checkSlot,
  decideComplaint,
  departmentAppointments,
  departmentEvaluations,
  evaluationOf,
  forward,
  listComplaints,
  listConsultations,
  myAppointments,
  publicComplaints,
  rectify,
  resolveComplaint
} from '../../requests/index.ts';
import { knownDepartment } from '../../catalog/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import { deadline } from '../../platform/time.ts';
import { type Extra } from '../../platform/extra.ts';
import type { Services } from '../../cases/index.ts';
import { askQuestion, complain, rateCase } from '../../requests/index.ts';
import { idempotencyKey, once, remember, requestHash, type Stored } from '../../platform/idempotency.ts';
import type { Api } from '../api.ts';
import type { AppEnv } from '../../web/env.ts';
import { forbidden } from '../../web/errors.ts';
import { Day, IdParam, MatterCode, Page, Text, Uuid } from '../../web/schemas.ts';

/** Creates something once per Idempotency-Key: a retry answers the first 201 and creates nothing. */
async function creating<T extends { id: string }>(
  c: Context<AppEnv>,
  s: Services,
  applicant: Applicant,
  action: string,
  body: unknown,
  work: (extra: Extra<T>) => Promise<T>
): Promise<Response> {
  const key = idempotencyKey(c.req.header('idempotency-key'));
  const hash = requestHash({ action, body });
  const result = await once(s.db, applicant.id, key, hash, () =>
    acting(c, s, applicant, action, undefined, async done => {
      let stored: Stored | undefined;
      await work(async (tx, created) => {
        stored = { status: 201, body: created };
        await remember(tx, applicant.id, key, hash, stored);
        await done(tx, { target: created.id });
      });
      return stored!;
    })
  );
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result.body as object, 201);
}

/**
 * The staff member's department; acting on an item (answering, deciding, …) also needs a post in it (窗口, 承办人,
 * …): a department's supervisors and editors may read the lists but not answer for the department.
 */
function departmentOf(principal: Principal, acts: boolean): string {
  const staff = principal as Staff;
  if (!staff.department) throw forbidden('您的账号没有所属部门，不能处理本部门的咨询、投诉、预约或评价。');
  if (acts && staff.roles.length === 0)
    throw forbidden('您在本部门没有办理岗位（如窗口、承办人），只能查看，不能办理。');
  return staff.department;
}

const Department = z.string().trim().min(1, '请选择部门').max(50);
const shanghaiToday = (now: number) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);

/** The hall's services over HTTP: consultations, complaints, appointments and evaluations, for applicants and staff. */
export function requestRoutes(api: Api, s: Services): void {
  const now = () => s.now();

  api.route(
    {
      method: 'post',
      path: '/api/hall/consultations',
      group: 'hall',
      access: 'applicant',
      idempotent: true,
      summary: '网上咨询：向事项所属部门或指定部门提问（3 个工作日内答复）',
      body: z
        .object({ matterCode: MatterCode.optional(), department: Department.optional(), question: Text(2000) })
        .strict()
        .refine(b => b.matterCode || b.department, { message: '请选择咨询的事项或部门', path: ['department'] })
    },
    async (c, { body, principal }) => {
      return creating(c, s, principal as Applicant, 'consultation.ask', body, extra =>
        askQuestion(s, principal as Applicant, body, extra)
      );
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/consultations',
      group: 'hall',
      access: 'applicant',
      summary: '我的咨询',
      query: Page
    },
    async (c, { query, principal }) => c.json(await listConsultations(s.db, { userId: principal.id }, query))
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/consultations',
      group: 'office',
      access: 'staff',
      summary: '本部门收到的咨询',
      query: Page.extend({ status: z.enum(['open', 'answered', 'forwarded']).optional() })
    },
    async (c, { query, principal }) =>
      c.json(await listConsultations(s.db, { department: departmentOf(principal, false), status: query.status }, query))
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/consultations/:id/answer',
      group: 'office',
      access: 'staff',
      summary: '答复咨询',
      params: IdParam,
      body: z.object({ answer: Text(2000) }).strict()
    },
    async (c, { params, body, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'consultation.answer', params.id, done =>
          answer(s.db, { id: params.id, department, staffId: principal.id, answer: body.answer }, now(), tx => done(tx))
        )
      );
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/consultations/:id/forward',
      group: 'office',
      access: 'staff',
      summary: '不属于本部门职责的咨询：告知咨询人并转交其他部门（2 个工作日内）',
      params: IdParam,
      body: z.object({ to: Department, note: Text(500) }).strict()
    },
    async (c, { params, body, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'consultation.forward', params.id, async done => {
          const to = knownDepartment(s.registry, body.to);
          const policy = s.registry.catalog().supervisionDefaults;
          const at = now();
          const due = {
            answer: deadline(s.calendar(), at, policy.consultationReply),
            forward: deadline(s.calendar(), at, policy.consultationForward)
          };
          return forward(
            s.db,
            { id: params.id, department, staffId: principal.id, to, note: body.note, due },
            at,
            (tx, r) => done(tx, { detail: { to, late: r.late, forwardedAs: r.forwardedAs.id } })
          );
        })
      );
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/complaints',
      group: 'hall',
      access: 'applicant',
      idempotent: true,
      summary: '网上投诉（3 个工作日内决定是否受理）',
      body: z
        .object({
          department: Department,
          matterCode: MatterCode.optional(),
          caseId: Uuid.optional(),
          content: Text(2000)
        })
        .strict()
    },
    async (c, { body, principal }) => {
      return creating(c, s, principal as Applicant, 'complaint.file', body, extra =>
        complain(s, principal as Applicant, body, extra)
      );
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/complaints',
      group: 'hall',
      access: 'applicant',
      summary: '我的投诉及处理结果',
      query: Page
    },
    async (c, { query, principal }) => c.json(await listComplaints(s.db, { userId: principal.id }, query))
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/complaints/public',
      group: 'hall',
      access: 'public',
      summary: '投诉处理结果公示（部门、日期、公开摘要；不含个人信息）',
      query: z.object({
        department: z.string().max(50).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        offset: z.coerce.number().int().min(0).max(10_000).default(0)
      })
    },
    async (c, { query }) => c.json({ items: await publicComplaints(s.db, query) })
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/complaints',
      group: 'office',
      access: 'staff',
      summary: '本部门收到的投诉',
      query: Page.extend({ status: z.enum(['open', 'accepted', 'refused', 'resolved']).optional() })
    },
    async (c, { query, principal }) =>
      c.json(await listComplaints(s.db, { department: departmentOf(principal, false), status: query.status }, query))
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/complaints/:id/decide',
      group: 'office',
      access: 'staff',
      summary:
        '受理或不予受理投诉（经办被投诉办件的人员回避；不予受理时承办人可提出与事实不符的认定 untrue，写明依据 evidence，经处室负责人确认后计入网上办事黑名单）',
      params: IdParam,
      body: z
        .object({
          accept: z.boolean(),
          reply: Text(2000),
          untrue: z.boolean().optional(),
          evidence: Text(4000).optional()
        })
        .strict()
    },
    async (c, { params, body, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'complaint.decide', params.id, done =>
          decideComplaint(
            s.db,
            { id: params.id, department, staffId: principal.id, roles: (principal as Staff).roles, ...body },
            now(),
            (tx, r) => done(tx, { caseId: r.caseId, detail: { accept: body.accept, untrue: body.untrue === true } })
          )
        )
      );
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/complaints/:id/resolve',
      group: 'office',
      access: 'staff',
      summary:
        '办结已受理的投诉：答复投诉人并公布处理结果（经查与事实不符的，承办人以 untrue 与依据 evidence 提出认定，经处室负责人确认后计入网上办事黑名单）',
      params: IdParam,
      body: z
        .object({
          reply: Text(2000),
          publicSummary: Text(500),
          untrue: z.boolean().optional(),
          evidence: Text(4000).optional()
        })
        .strict()
    },
    async (c, { params, body, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'complaint.resolve', params.id, done =>
          resolveComplaint(
            s.db,
            { id: params.id, department, staffId: principal.id, roles: (principal as Staff).roles, ...body },
            now(),
            (tx, r) => done(tx, { caseId: r.caseId, detail: { untrue: body.untrue === true } })
          )
        )
      );
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/appointments',
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
        checkSlot(s.calendar(), slotAt, now());
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

  api.route(
    {
      method: 'post',
      path: '/api/hall/cases/:id/evaluation',
      group: 'hall',
      access: 'applicant',
      summary: '对已办结的办件作出服务评价（每件一次；不满意须写明原因）',
      params: IdParam,
      body: z.object({ level: z.number().int().min(1).max(5), reason: z.string().trim().max(500).optional() }).strict()
    },
    async (c, { params, body, principal }) => {
      const evaluation = await acting(c, s, principal, 'evaluation.submit', params.id, done =>
        rateCase(s, principal as Applicant, params.id, body, (tx, e) =>
          done(tx, { caseId: e.caseId, target: e.id, detail: { level: e.level } })
        )
      );
      return c.json(evaluation, 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/cases/:id/evaluation',
      group: 'hall',
      access: 'applicant',
      summary: '我对这个办件的评价',
      params: IdParam
    },
    async (c, { params, principal }) => {
      const evaluation = await evaluationOf(s.db, params.id, principal.id);
      if (!evaluation) throw new Refusal('notFound', 'evaluation.not-found', '您还没有评价这个办件。');
      return c.json(evaluation);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/evaluations',
      group: 'office',
      access: 'staff',
      summary: '对本部门的服务评价（pending=true 只看待整改的差评）',
      query: Page.extend({ pending: z.enum(['true', 'false']).optional() })
    },
    async (c, { query, principal }) =>
      c.json(await departmentEvaluations(s.db, departmentOf(principal, false), query.pending === 'true', query))
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/evaluations/:id/rectify',
      group: 'office',
      access: 'staff',
      summary: '差评整改：记录整改情况并告知评价人',
      params: IdParam,
      body: z.object({ text: Text(2000) }).strict()
    },
    async (c, { params, body, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'evaluation.rectify', params.id, done =>
          rectify(s.db, { id: params.id, department, text: body.text }, now(), (tx, e) =>
            done(tx, { caseId: e.caseId })
          )
        )
      );
    }
  );
}
