import { z } from 'zod';
import { hasDuty, type Principal, type Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import {
  licenceByNumber,
  licenceHistory,
  licencesOfHolder,
  licencesOfIdentifier,
  revokeLicence,
  statusLabels,
  type Licence
} from '../../licences/index.ts';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { Text } from '../../web/schemas.ts';

/** 证照编号: 〈department code〉-〈year〉-〈six digits〉 (migration 025). */
const LicenceNumber = z.string().regex(/^[0-9A-Z]{6,18}-\d{4}-\d{6}$/, '证照编号格式应为“部门代码-年份-六位顺序号”');
/** A citizen's ID number (18) or an organisation's unified social credit code (18). */
const Identifier = z.string().regex(/^[0-9A-Z]{18}$/, '请填写 18 位身份证号码或统一社会信用代码');

const Status = z.enum(['valid', 'changed', 'extended', 'revoked', 'expired']);

const LicenceView = z.object({
  number: z.string(),
  name: z.string(),
  holderName: z.string(),
  holderIdentifier: z.string().optional(),
  department: z.string(),
  caseNumber: z.string(),
  matterCode: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().optional(),
  status: Status,
  statusLabel: z.string(),
  extensions: z.number().int()
});

const ChangeView = z.object({
  at: z.string(),
  status: Status,
  previousStatus: Status.optional(),
  validUntil: z.string().optional(),
  actorName: z.string(),
  reason: z.string(),
  caseNumber: z.string().optional()
});

const view = (l: Licence): z.infer<typeof LicenceView> => ({
  number: l.number,
  name: l.name,
  holderName: l.holderName,
  ...(l.holderIdentifier ? { holderIdentifier: l.holderIdentifier } : {}),
  department: l.department,
  caseNumber: l.caseNumber,
  matterCode: l.matterCode,
  issuedOn: l.issuedOn,
  ...(l.validUntil ? { validUntil: l.validUntil } : {}),
  status: l.status,
  statusLabel: statusLabels[l.status],
  extensions: l.extensions
});

/**
 * The e-licence library over HTTP (seeds/001 第二十条, 第二十一条: shared with other departments' systems): other
 * systems read a licence by number or a holder's licences through the exchange account, every read audited; the
 * issuing department's staff revoke one; an applicant reads their own.
 */
export function licenceRoutes(api: Api, s: Services): void {
  const today = () => s.calendar().dateOf(s.now());
  const gate = async (c: { env: unknown; req: { path: string } }, principal: Principal) => {
    if (!hasDuty(principal, 'exchange') && !hasDuty(principal, 'bureau') && !hasDuty(principal, 'admin')) {
      await audit(s.db, {
        actor: principal,
        action: 'exchange.access',
        outcome: 'denied',
        target: c.req.path,
        ip: ip(c)
      });
      throw forbidden('数据交换接口仅限数据共享接口账号、市效能督查局和系统管理员使用。');
    }
  };

  api.route(
    {
      method: 'get',
      path: '/api/exchange/licences/:number',
      group: 'exchange',
      access: 'staff',
      summary: '按证照编号读取电子证照：持证人、核发部门、有效期、状态（已过期按当日计算）和变更历史',
      params: z.object({ number: LicenceNumber }),
      response: LicenceView.extend({ history: z.array(ChangeView) })
    },
    async (c, { params, principal }) => {
      await gate(c, principal);
      const licence = await licenceByNumber(s.db, params.number, today());
      await audit(s.db, {
        actor: principal,
        action: 'exchange.licence',
        outcome: licence ? 'ok' : 'rejected',
        target: params.number,
        ip: ip(c)
      });
      if (!licence) throw new Refusal('notFound', 'licence.not-found', '没有这个编号的电子证照。');
      const history = await licenceHistory(s.db, licence.licenceId);
      return c.json({
        ...view(licence),
        history: history.map(h => ({
          at: h.at,
          status: h.status,
          ...(h.previousStatus ? { previousStatus: h.previousStatus } : {}),
          ...(h.validUntil ? { validUntil: h.validUntil } : {}),
          actorName: h.actorName,
          reason: h.reason,
          ...(h.caseNumber ? { caseNumber: h.caseNumber } : {})
        }))
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/exchange/licences',
      group: 'exchange',
      access: 'staff',
      summary: '按持证人身份证号码或统一社会信用代码读取其电子证照（最新在前）',
      query: z.object({ holder: Identifier }),
      response: z.object({ items: z.array(LicenceView) })
    },
    async (c, { query, principal }) => {
      await gate(c, principal);
      const items = await licencesOfIdentifier(s.db, query.holder, today());
      await audit(s.db, {
        actor: principal,
        action: 'exchange.licences',
        outcome: 'ok',
        target: query.holder,
        ip: ip(c),
        detail: { licences: items.length }
      });
      return c.json({ items: items.map(view) });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/licences/:number/revoke',
      group: 'office',
      access: 'staff',
      summary: '撤销或吊销本部门核发的电子证照（须写明理由，记入证照历史和审计日志）',
      params: z.object({ number: LicenceNumber }),
      body: z.object({ kind: z.enum(['withdrawal', 'penalty']), reason: Text(500) }).strict(),
      response: LicenceView
    },
    async (c, { params, body, principal }) => {
      const licence = await revokeLicence(s.db, principal as Staff, params.number, body, s.now(), ip(c));
      return c.json(view(licence));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/licences',
      group: 'hall',
      access: 'applicant',
      summary: '我的证照：本人持有的电子证照（最新在前）',
      response: z.object({ items: z.array(LicenceView) })
    },
    async (c, { principal }) => c.json({ items: (await licencesOfHolder(s.db, principal.id, today())).map(view) })
  );
}
