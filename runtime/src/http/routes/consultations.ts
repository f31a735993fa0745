import { z } from 'zod';
import { acting } from '../../web/acting.ts';
import type { Applicant } from '../../accounts/index.ts';
import { answer, forward, listConsultations, askQuestion } from '../../requests/index.ts';
import { knownDepartment } from '../../catalog/index.ts';
import { deadline } from '../../platform/time.ts';
import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { IdParam, MatterCode, Page, Text } from '../../web/schemas.ts';
import { Department, creating, departmentOf } from './request-helpers.ts';
import { Consultation, ConsultationForwarded, Consultations } from './requests-schemas.ts';

/** Consultations (咨询) over HTTP: applicants ask, staff of the department answer or forward. */
export function consultationRoutes(api: Api, s: Services): void {
  const now = () => s.now();

  api.route(
    {
      method: 'post',
      path: '/api/hall/consultations',
      response: Consultation,
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
      response: Consultations,
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
      response: Consultations,
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
      response: Consultation,
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
      response: ConsultationForwarded,
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
}
