import { z } from 'zod';
import {
  resubmitApplication,
  submitApplication,
  withdrawApplication,
  trackCase,
  casesOfApplicant
} from '../../cases/index.ts';
import { type Applicant, inboxPage, markRead } from '../../accounts/index.ts';
import { identityOf, unverifiedRefusal } from '../../accounts/identity.ts';
import { audit } from '../../platform/audit.ts';
import type { Services } from '../../cases/index.ts';
import { idempotencyKey } from '../../platform/idempotency.ts';
import type { Api } from '../api.ts';
import { readCase } from './case-detail.ts';
import { cursorTime, inboxCursor } from '../../web/cursors.ts';
import { ApiError, notFound } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { Definition } from '@banshi/definition';
import { CaseDetail, CaseView, Departments, Inbox, MatterList, MyCases, Ok, Tracked } from './case-schemas.ts';
import { Answers, CaseNumber, IdParam, MatterCode, Page, Uuid } from '../../web/schemas.ts';

const SubmitBody = z
  .object({
    matterCode: MatterCode,
    channel: z.enum(['online', 'express', 'onSite']),
    answers: Answers.default({}),
    materials: z
      .array(z.object({ material: z.string().min(1).max(100), fileId: Uuid }).strict())
      .max(200)
      .default([]),
    inspectionMode: z.enum(['written', 'onSite']).optional(),
    commitmentSigned: z.boolean().optional(),
    delivery: z.enum(['onSite', 'express', 'online']).optional(),
    // Held licences (GET /api/hall/licences) the applicant consents to have taken from the e-licence library.
    licences: z
      .array(z.object({ material: z.string().min(1).max(100), licenceId: Uuid }).strict())
      .max(20)
      .optional()
  })
  .strict();

const WithdrawBody = z.object({ reason: z.string().max(500).optional() }).strict();

const ResubmitBody = z
  .object({
    answers: Answers.optional(),
    materials: z
      .array(z.object({ material: z.string().min(1).max(100), fileId: Uuid }).strict())
      .max(200)
      .optional()
  })
  .strict();

/** The hall's API: public guides and tracking; an applicant's own cases, files and inbox. */
export function hallRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/hall/matters',
      group: 'hall',
      access: 'public',
      summary: '已发布事项列表（可按名称、部门检索）',
      query: z.object({ q: z.string().max(50).optional(), department: z.string().max(50).optional() }),
      response: MatterList
    },
    (c, { query }) => {
      const items = s.registry
        .all()
        .filter(m => !query.q || m.definition.name.includes(query.q))
        .filter(m => !query.department || m.definition.department.name === query.department)
        .map(m => ({
          code: m.code,
          version: m.version,
          name: m.definition.name,
          type: m.definition.type,
          department: m.definition.department.name,
          level: m.definition.level
        }));
      return c.json({ items });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/matters/:code',
      group: 'hall',
      access: 'public',
      summary: '事项的现行定义（办事指南的数据）',
      params: z.object({ code: MatterCode }),
      response: z.object({ version: z.number().int(), definition: Definition })
    },
    (c, { params }) => {
      const live = s.registry.live(params.code);
      if (!live)
        throw new ApiError(404, 'matter.not-found', `没有编码为“${params.code}”的已发布事项。`, { code: params.code });
      return c.json({ version: live.version, definition: live.definition });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/departments',
      group: 'hall',
      access: 'public',
      summary: '实施部门、地区与咨询投诉电话',
      response: Departments
    },
    c => {
      const catalog = s.registry.catalog();
      return c.json({
        departments: catalog.departments.map(d => ({
          name: d.name,
          code: d.code,
          level: d.level,
          region: d.region,
          phones: d.phones
        })),
        regions: catalog.regions
      });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/cases',
      group: 'hall',
      access: 'applicant',
      summary: '提交申请（须为已实名核验的账号；支持 Idempotency-Key）',
      body: SubmitBody,
      idempotent: true,
      response: CaseView
    },
    async (c, { body, principal }) => {
      // Only a verified account applies online (seeds/001 第七条; accounts/identity.ts).
      if ((await identityOf(s.db, principal.id)).level !== 'verified') {
        await audit(s.db, {
          actor: principal,
          action: 'case.submit',
          outcome: 'denied',
          target: body.matterCode,
          ip: ip(c),
          detail: { code: 'identity.unverified' }
        });
        throw unverifiedRefusal((principal as Applicant).kind);
      }
      const result = await submitApplication(
        s,
        principal as Applicant,
        body,
        idempotencyKey(c.req.header('idempotency-key')),
        ip(c)
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as object, result.status as 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/cases',
      group: 'hall',
      access: 'applicant',
      summary: '我的办件',
      query: Page,
      response: MyCases
    },
    async (c, { query, principal }) => {
      const rows = await casesOfApplicant(s.db, principal.id, { before: cursorTime(query.cursor), limit: query.limit });
      const items = rows.map(r => ({
        id: r.caseId,
        caseNumber: r.caseNumber,
        matterCode: r.matterCode,
        matter: s.registry.live(r.matterCode)?.definition.name,
        status: r.status,
        receivedAt: r.receivedAt.toISOString()
      }));
      return c.json({ items, next: rows.length === query.limit ? rows.at(-1)!.receivedAt.toISOString() : undefined });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/cases/:id',
      group: 'hall',
      access: 'signedIn',
      summary: '办件详情与进度（申请人本人，或有权限的工作人员）',
      params: IdParam,
      response: CaseDetail
    },
    async (c, { params, principal }) => {
      return c.json(await readCase(c, s, principal, params.id));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/cases/:id/resubmit',
      group: 'hall',
      access: 'applicant',
      idempotent: true,
      summary: '补正后重新提交',
      params: IdParam,
      body: ResubmitBody,
      response: CaseView
    },
    async (c, { params, body, principal }) => {
      const result = await resubmitApplication(
        s,
        principal as Applicant,
        params.id,
        body,
        idempotencyKey(c.req.header('idempotency-key')),
        ip(c)
      );
      return c.json(result.body as object, 200);
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/cases/:id/withdraw',
      group: 'hall',
      access: 'applicant',
      idempotent: true,
      summary: '撤回申请',
      params: IdParam,
      body: WithdrawBody,
      response: CaseView
    },
    async (c, { params, body, principal }) => {
      const result = await withdrawApplication(
        s,
        principal as Applicant,
        params.id,
        body.reason,
        idempotencyKey(c.req.header('idempotency-key')),
        ip(c)
      );
      return c.json(result.body as object, 200);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/track',
      group: 'hall',
      access: 'public',
      summary: '凭办件编号与申请人证件号查询进度',
      query: z.object({
        number: CaseNumber,
        holder: z
          .string()
          .trim()
          .toUpperCase()
          .pipe(z.string().regex(/^[0-9A-Z]{18}$/, '请填写申请人的身份证号码或统一社会信用代码'))
      }),
      response: Tracked
    },
    async (c, { query, principal }) => {
      const tracked = await trackCase(s, query.number, query.holder, principal, ip(c));
      if (!tracked) throw notFound('没有找到与该编号和证件号相符的办件。');
      // Someone's case: kept by no browser or proxy (个人信息保护法 第五十一条).
      return c.json(tracked, 200, { 'cache-control': 'no-store' });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/inbox',
      group: 'hall',
      access: 'signedIn',
      summary: '站内消息',
      query: Page,
      response: Inbox
    },
    async (c, { query, principal }) => {
      const { items, more } = await inboxPage(s.db, principal.id, inboxCursor(query.cursor), query.limit);
      return c.json({ items: items.map(i => ({ ...i, id: Number(i.id) })), next: more ? items.at(-1)!.id : undefined });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/inbox/:id/read',
      group: 'hall',
      access: 'signedIn',
      summary: '标记消息已读',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: Ok
    },
    async (c, { params, principal }) => {
      if (!(await markRead(s.db, principal.id, params.id, s.now()))) throw notFound('找不到这条消息。');
      return c.json({ ok: true });
    }
  );
}
