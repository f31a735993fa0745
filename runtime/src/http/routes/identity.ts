import { z } from 'zod';
import type { Applicant, Staff } from '../../accounts/index.ts';
import {
  documentLabels,
  howToVerify,
  identityOf,
  IdentityDocument,
  levelAllows,
  levelLabels,
  methodLabels
} from '../../accounts/identity.ts';
import { findIdentityAccounts, reclaimAtWindow, verifyAtWindow } from '../../accounts/identity-window.ts';
import { CreditCode, IdNumber, Phone } from '../../accounts/registration.ts';
import type { Services } from '../../cases/index.ts';
import { refuseUnlessAnyWindow } from '../../cases/window.ts';
import { acting } from '../../web/acting.ts';
import { IdParam } from '../../web/schemas.ts';
import { parseWith } from '../../web/validate.ts';
import type { Api } from '../api.ts';
import { shanghaiToday } from './request-helpers.ts';

const AccountView = z.object({
  id: z.string(),
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  login: z.string().describe('身份证号码或统一社会信用代码'),
  contactName: z.string().nullable(),
  phone: z.string().nullable().describe('登记的手机号码（隐去中间四位）'),
  level: z.enum(['registered', 'verified']),
  levelLabel: z.string().describe('已注册 / 已实名核验'),
  verifiedAt: z.string().nullable(),
  verifiedMethod: z.string().nullable(),
  registeredAt: z.string(),
  registeredAtWindow: z.boolean(),
  claimed: z.boolean().describe('窗口注册的账号是否已由本人用短信验证码认领')
});

const DocumentChecked = z.literal(true, { error: '请确认已当面核验证件原件' });
const personName = z.string({ error: '请填写姓名' }).trim().min(2, '姓名至少 2 个字').max(50, '姓名最多 50 个字');

const Verify = z
  .object({
    document: IdentityDocument,
    nameOnDocument: z.string({ error: '请填写证件上的姓名或名称' }).trim().min(2, '请填写证件上的姓名或名称').max(100),
    documentChecked: DocumentChecked
  })
  .strict();

function Reclaim(today: string) {
  return z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('person'),
        idNumber: IdNumber(today),
        name: personName,
        phone: Phone,
        document: IdentityDocument,
        documentChecked: DocumentChecked
      })
      .strict(),
    z
      .object({
        kind: z.literal('organisation'),
        creditCode: CreditCode,
        name: z
          .string({ error: '请填写单位名称' })
          .trim()
          .min(2, '单位名称至少 2 个字')
          .max(100, '单位名称最多 100 个字'),
        contactName: personName,
        phone: Phone,
        document: IdentityDocument,
        documentChecked: DocumentChecked
      })
      .strict()
  ]);
}

/**
 * 实名核验 (seeds/001 第七条: 大厅现场认证窗口; issue 17): the applicant reads their account's level; a window clerk
 * finds an account by its number or phone, verifies it after checking the document in person, or lets the real
 * holder of a number take it over from an unverified account that claimed it. Only window staff (the 窗口 post of
 * some live matter) do either; every step is audited.
 */
export function identityRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/hall/identity',
      group: 'hall',
      access: 'applicant',
      summary: '本人账号的级别（已注册 / 已实名核验）、可办的事和核验方式',
      response: z.object({
        level: z.enum(['registered', 'verified']),
        levelLabel: z.string(),
        verifiedAt: z.string().nullable(),
        method: z.string().nullable(),
        allows: z.array(z.string()),
        howToVerify: z.string().nullable()
      })
    },
    async (c, { principal }) => {
      const applicant = principal as Applicant;
      const identity = await identityOf(s.db, applicant.id);
      return c.json({
        level: identity.level,
        levelLabel: levelLabels[identity.level],
        verifiedAt: identity.verifiedAt,
        method: identity.method ? methodLabels[identity.method] : null,
        allows: levelAllows[identity.level],
        howToVerify: identity.level === 'verified' ? null : howToVerify(applicant.kind)
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/identity/accounts',
      group: 'office',
      access: 'staff',
      summary: '实名核验：按身份证号码、统一社会信用代码或手机号码查找申请人账号',
      query: z.object({ q: z.string().max(40) }),
      response: z.object({ items: z.array(AccountView) })
    },
    async (c, { query, principal }) => {
      const staff = principal as Staff;
      const items = await acting(c, s, staff, 'identity.find', undefined, async () => {
        refuseUnlessAnyWindow(s, staff);
        return findIdentityAccounts(s.db, query.q);
      });
      return c.json({ items });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/identity/accounts/:id/verify',
      group: 'office',
      access: 'staff',
      summary: '实名核验：当面核验证件后，将账号升级为“已实名核验”',
      params: IdParam,
      body: Verify,
      response: AccountView
    },
    async (c, { params, body, principal }) => {
      const staff = principal as Staff;
      const verified = await acting(c, s, staff, 'identity.verify', params.id, async done => {
        refuseUnlessAnyWindow(s, staff);
        return verifyAtWindow(s.db, staff, params.id, body, s.now(), (tx, a) =>
          done(tx, { target: a.id, detail: { method: 'window', document: documentLabels[body.document] } })
        );
      });
      return c.json(verified);
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/identity/reclaims',
      group: 'office',
      access: 'staff',
      summary: '号码找回：证件本人当面核验后，从未核验的账号收回身份证号码或统一社会信用代码，并为本人开立已核验账号',
      body: z.unknown(),
      response: z.object({
        holder: AccountView,
        previous: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() })
      })
    },
    async (c, { body, principal }) => {
      const staff = principal as Staff;
      const reclaimed = await acting(c, s, staff, 'identity.reclaim', undefined, async done => {
        refuseUnlessAnyWindow(s, staff);
        const input = parseWith(Reclaim(shanghaiToday(s.now())), body, '请求');
        return reclaimAtWindow(s.db, staff, input, s.now(), (tx, r) =>
          done(tx, {
            target: r.holder.login,
            detail: { holder: r.holder.id, previous: r.previous.id, document: documentLabels[input.document] }
          })
        );
      });
      return c.json(reclaimed, 201);
    }
  );
}
