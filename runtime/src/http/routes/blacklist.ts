import { z } from 'zod';
import { hasDuty, type Principal, type Staff } from '../../accounts/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { Services } from '../../cases/index.ts';
import {
  adoptReport,
  decideProposal,
  listProposals,
  proposeFalseMaterials,
  appealRestriction,
  decideAppeal,
  listAppeals,
  restrictionOverview
} from '../../blacklist/index.ts';
import type { Api } from '../api.ts';
import { IdParam, Page, Text, Uuid } from '../../web/schemas.ts';
import { acting } from '../../web/acting.ts';
import { Appeal, Proposal, Proposals, RestrictionOverview, StaffAppeals } from './blacklist-schemas.ts';

/** The blacklist is managed by the online-service management office: the reform office or the supervision bureau. */
function mustManage(principal: Principal): void {
  if (!hasDuty(principal, 'reformOffice') && !hasDuty(principal, 'bureau')) {
    throw new Refusal(
      'forbidden',
      'restriction.not-manager',
      '网上办事黑名单的申诉由审改办或市效能督查局核实处理，您的账号没有这项职责。'
    );
  }
}

/** A member of staff of a department, with a post there: who may take part in deciding a ground. */
function actor(principal: Principal, doing: string): { staffId: string; department: string; roles: string[] } {
  const staff = principal as Staff;
  if (!staff.department) throw new Refusal('forbidden', 'auth.no-department', `您的账号没有所属部门，不能${doing}。`);
  if (staff.roles.length === 0)
    throw new Refusal('forbidden', 'auth.no-post', `您在本部门没有办理岗位（如承办人、处室负责人），不能${doing}。`);
  return { staffId: staff.id, department: staff.department, roles: staff.roles };
}

/**
 * The blacklist (网上办事黑名单) over HTTP: the applicant reads their restriction and appeals; a handler or the window
 * clerk of the lead department proposes false materials, a section chief confirms; the reform office or the supervision bureau decides appeals. Every
 * change is audited in its own transaction; refusals are audited too.
 */
export function blacklistRoutes(api: Api, s: Services): void {
  const now = () => s.now();

  api.route(
    {
      method: 'get',
      path: '/api/hall/restriction',
      response: RestrictionOverview,
      group: 'hall',
      access: 'applicant',
      summary: '我是否被限制网上申请（网上办事黑名单）：原因、期限、申诉'
    },
    async (c, { principal }) => c.json(await restrictionOverview(s.db, principal.id, now()))
  );

  api.route(
    {
      method: 'post',
      path: '/api/hall/restriction/appeal',
      response: Appeal,
      group: 'hall',
      access: 'applicant',
      summary: '对列入网上办事黑名单提出申诉（收到通知之日起 30 个工作日内，每项限制一次）',
      body: z.object({ restrictionId: Uuid, reason: Text(2000) }).strict()
    },
    async (c, { body, principal }) => {
      const appeal = await acting(c, s, principal, 'restriction.appeal', body.restrictionId, done =>
        appealRestriction(
          s.db,
          { userId: principal.id, restrictionId: body.restrictionId, reason: body.reason },
          now(),
          (tx, a) => done(tx, { target: a.restrictionId, detail: { appealId: a.id } })
        )
      );
      return c.json(appeal, 201);
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/cases/:id/false-materials',
      group: 'office',
      access: 'staff',
      summary:
        '提出申请人提供虚假申请材料或信息的认定（牵头部门承办人或窗口提出、处室负责人确认后列入网上办事黑名单；协办部门向牵头部门报告）',
      params: IdParam,
      body: z
        .object({
          materials: z.array(Text(200)).min(1, '请写明哪些材料或信息虚假').max(50),
          reason: Text(2000),
          evidence: Text(4000)
        })
        .strict(),
      response: z.object({ proposal: Proposal })
    },
    async (c, { params, body, principal }) => {
      const proposal = await acting(c, s, principal, 'restriction.falseMaterials', params.id, done =>
        proposeFalseMaterials(
          s.db,
          { ...actor(principal, '认定办件材料虚假'), caseId: params.id, ...body },
          now(),
          (tx, p) =>
            done(tx, { caseId: params.id, detail: { proposalId: p.id, status: p.status, materials: body.materials } })
        )
      );
      return c.json({ proposal }, 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/restriction-proposals',
      response: Proposals,
      group: 'office',
      access: 'staff',
      summary: '本部门待办与已办的黑名单认定（虚假材料、与事实不符的投诉）',
      query: Page.extend({ status: z.enum(['reported', 'proposed', 'confirmed', 'rejected']).optional() })
    },
    async (c, { query, principal }) =>
      c.json(
        await listProposals(
          s.db,
          { department: actor(principal, '查看黑名单认定').department, status: query.status },
          query
        )
      )
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/restriction-proposals/:id/adopt',
      response: Proposal,
      group: 'office',
      access: 'staff',
      summary: '牵头部门承办人就协办部门的报告提出认定（写明理由与依据）',
      params: IdParam,
      body: z
        .object({ materials: z.array(Text(200)).min(1).max(50).optional(), reason: Text(2000), evidence: Text(4000) })
        .strict()
    },
    async (c, { params, body, principal }) =>
      c.json(
        await acting(c, s, principal, 'restriction.adoptReport', params.id, done =>
          adoptReport(s.db, { ...actor(principal, '提出认定'), id: params.id, ...body }, now(), (tx, p) =>
            done(tx, { caseId: p.caseId, detail: { kind: p.kind } })
          )
        )
      )
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/restriction-proposals/:id/decide',
      response: Proposal,
      group: 'office',
      access: 'staff',
      summary: '处室负责人确认（confirm）或不予确认认定，写明理由；确认后记入网上办事黑名单并告知申请人',
      params: IdParam,
      body: z.object({ confirm: z.boolean(), reasons: Text(2000) }).strict()
    },
    async (c, { params, body, principal }) =>
      c.json(
        await acting(c, s, principal, 'restriction.decideProposal', params.id, done =>
          decideProposal(
            s.db,
            {
              ...actor(principal, '确认认定'),
              id: params.id,
              confirm: body.confirm,
              reasons: body.reasons,
              calendar: s.calendar()
            },
            now(),
            (tx, p) =>
              done(tx, {
                caseId: p.caseId,
                detail: { kind: p.kind, confirm: body.confirm, restrictionId: p.restriction?.id }
              })
          )
        )
      )
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/restriction-appeals',
      response: StaffAppeals,
      group: 'office',
      access: 'staff',
      summary: '网上办事黑名单的申诉（审改办、市效能督查局）',
      query: Page.extend({ status: z.enum(['pending', 'lifted', 'upheld']).optional() })
    },
    async (c, { query, principal }) => {
      mustManage(principal);
      return c.json(await listAppeals(s.db, { status: query.status }, query, now()));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/restriction-appeals/:id/decide',
      response: Appeal,
      group: 'office',
      access: 'staff',
      summary: '决定申诉：能证实并非故意的解除限制（lift），否则维持，均须写明理由',
      params: IdParam,
      body: z.object({ lift: z.boolean(), reasons: Text(2000) }).strict()
    },
    async (c, { params, body, principal }) =>
      c.json(
        await acting(c, s, principal, 'restriction.decideAppeal', params.id, done => {
          mustManage(principal);
          return decideAppeal(
            s.db,
            { id: params.id, staffId: principal.id, lift: body.lift, reasons: body.reasons },
            now(),
            (tx, a) => done(tx, { detail: { lift: body.lift, restrictionId: a.restrictionId } })
          );
        })
      )
  );
}
