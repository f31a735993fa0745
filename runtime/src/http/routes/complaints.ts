import { z } from 'zod';
import { acting } from '../../web/acting.ts';
import type { Applicant, Staff } from '../../accounts/index.ts';
import { decideComplaint, listComplaints, publicComplaints, resolveComplaint, complain } from '../../requests/index.ts';
import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { IdParam, MatterCode, Page, Text, Uuid } from '../../web/schemas.ts';
import { Department, creating, departmentOf } from './request-helpers.ts';
import { Complaint, Complaints, PublicComplaints } from './requests-schemas.ts';

/** Complaints (投诉) over HTTP: applicants complain, the department decides and resolves, the public reads summaries. */
export function complaintRoutes(api: Api, s: Services): void {
  const now = () => s.now();

  api.route(
    {
      method: 'post',
      path: '/api/hall/complaints',
      response: Complaint,
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
      response: Complaints,
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
      response: PublicComplaints,
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
      response: Complaints,
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
      response: Complaint,
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
      response: Complaint,
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
}
