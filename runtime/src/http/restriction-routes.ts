import { z } from 'zod';
import { hasDuty, type Principal } from '../auth/principal.ts';
import { Refusal } from '../hall-services/refusal.ts';
import type { Services } from '../services/context.ts';
import { appealRestriction, decideAppeal, listAppeals, recordFalseMaterials, restrictionOverview } from '../services/restrictions.ts';
import type { Api } from './api.ts';
import { IdParam, Page, Text, Uuid } from './schemas.ts';
import { acting, refusing } from './service-routes.ts';

/** The blacklist is managed by the online-service management office: the reform office or the supervision bureau. */
function mustManage(principal: Principal): void {
  if (!hasDuty(principal, 'reformOffice') && !hasDuty(principal, 'bureau')) {
    throw new Refusal('forbidden', 'restriction.not-manager', '网上办事黑名单的申诉由审改办或市效能督查局核实处理，您的账号没有这项职责。');
  }
}

/**
 * The blacklist (网上办事黑名单) over HTTP: the applicant reads their restriction and appeals; the department that
 * handles a case records false materials; the reform office or the supervision bureau decides appeals. Every
 * change is audited in its own transaction; refusals are audited too.
 */
export function restrictionRoutes(api: Api, s: Services): void {
  const route = refusing(api);
  const now = () => s.now();

  route({ method: 'get', path: '/api/hall/restriction', group: 'hall', access: 'applicant', summary: '我是否被限制网上申请（网上办事黑名单）：原因、期限、申诉' }, async (c, { principal }) =>
    c.json(await restrictionOverview(s.db, principal.id, now())));

  route({ method: 'post', path: '/api/hall/restriction/appeal', group: 'hall', access: 'applicant', summary: '对列入网上办事黑名单提出申诉（收到通知之日起 30 个工作日内，每项限制一次）',
    body: z.object({ restrictionId: Uuid, reason: Text(2000) }).strict() }, async (c, { body, principal }) => {
    const appeal = await acting(c, s, principal, 'restriction.appeal', body.restrictionId, done =>
      appealRestriction(s.db, { userId: principal.id, restrictionId: body.restrictionId, reason: body.reason }, now(), (tx, a) => done(tx, { target: a.restrictionId, detail: { appealId: a.id } })));
    return c.json(appeal, 201);
  });

  route({ method: 'post', path: '/api/office/cases/:id/false-materials', group: 'office', access: 'staff', summary: '认定申请人提供虚假申请材料或信息：列入网上办事黑名单（经办部门，写明材料与理由）', params: IdParam,
    body: z.object({ materials: z.array(Text(200)).min(1, '请写明哪些材料或信息虚假').max(50), reason: Text(2000) }).strict() }, async (c, { params, body, principal }) => {
    const recorded = await acting(c, s, principal, 'restriction.falseMaterials', params.id, done => {
      if (principal.kind !== 'staff' || !principal.department) throw new Refusal('forbidden', 'auth.no-department', '您的账号没有所属部门，不能认定办件材料虚假。');
      if (principal.roles.length === 0) throw new Refusal('forbidden', 'auth.no-post', '您在本部门没有办理岗位（如窗口、承办人），不能认定办件材料虚假。');
      return recordFalseMaterials(s.db, { caseId: params.id, department: principal.department, staffId: principal.id, materials: body.materials, reason: body.reason, calendar: s.calendar() }, now(),
        (tx, r) => done(tx, { caseId: params.id, detail: { restrictionId: r.restriction?.id, materials: body.materials } }));
    });
    return c.json({ restriction: recorded.restriction }, 201);
  });

  route({ method: 'get', path: '/api/office/restriction-appeals', group: 'office', access: 'staff', summary: '网上办事黑名单的申诉（审改办、市效能督查局）',
    query: Page.extend({ status: z.enum(['pending', 'lifted', 'upheld']).optional() }) }, async (c, { query, principal }) => {
    mustManage(principal);
    return c.json(await listAppeals(s.db, { status: query.status }, query, now()));
  });

  route({ method: 'post', path: '/api/office/restriction-appeals/:id/decide', group: 'office', access: 'staff', summary: '决定申诉：能证实并非故意的解除限制（lift），否则维持，均须写明理由', params: IdParam,
    body: z.object({ lift: z.boolean(), reasons: Text(2000) }).strict() }, async (c, { params, body, principal }) =>
    c.json(await acting(c, s, principal, 'restriction.decideAppeal', params.id, done => {
      mustManage(principal);
      return decideAppeal(s.db, { id: params.id, staffId: principal.id, lift: body.lift, reasons: body.reasons }, now(), (tx, a) => done(tx, { detail: { lift: body.lift, restrictionId: a.restrictionId } }));
    })));
}
