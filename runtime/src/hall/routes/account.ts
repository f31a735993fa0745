import type { Hono } from 'hono';
import { howToVerify, identityOf, levelAllows, levelLabels, methodLabels } from '../../accounts/identity.ts';
import type { Applicant } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { applicantOrSignIn, doneNotice, view, viewerOf, type HallContext } from '../render.ts';
import { AccountPage } from '../views/account/AccountPage.tsx';
import { emailStatus } from '../../accounts/email.ts';

const doneTexts: Record<string, string> = {
  verified: '您已通过省统一身份认证平台完成身份认证。',
  'email-sent': '确认邮件已发送，请打开邮件中的链接完成确认。',
  'email-confirmed': '电子邮箱已确认，办件通知将发送到该邮箱。',
  'email-removed': '电子邮箱已删除，办件通知不再发送到邮箱。'
};

/** The page of `applicant`'s account, with a refusal or a notice from the identity platform's return. */
export async function renderAccount(
  c: HallContext,
  s: Services,
  applicant: Applicant,
  messages: { alert?: string; notice?: string; oidc?: boolean; email?: { typed: string; error: string } } = {},
  status: 200 | 400 | 403 | 404 | 409 | 410 | 429 | 503 = 200
): Promise<Response> {
  const identity = await identityOf(s.db, applicant.id);
  const email = await emailStatus(s.db, applicant.id, s.now());
  return view(
    c,
    AccountPage,
    {
      viewer: viewerOf(c)!,
      kind: applicant.kind,
      name: applicant.name,
      login: applicant.login,
      level: identity.level,
      levelLabel: levelLabels[identity.level],
      verifiedAt: identity.verifiedAt ? Date.parse(identity.verifiedAt) : undefined,
      method: identity.method ? methodLabels[identity.method] : undefined,
      allows: levelAllows[identity.level],
      howToVerify: howToVerify(applicant.kind),
      // Whoever reached the identity platform's return has it configured.
      oidc: messages.oidc ?? messages.alert !== undefined,
      alert: messages.alert,
      notice: messages.notice,
      email: {
        csrf: viewerOf(c)?.csrf,
        confirmed: email.confirmed && { address: email.confirmed.address, at: Date.parse(email.confirmed.at) },
        pending: email.pending && { address: email.pending.address, expiresAt: Date.parse(email.pending.expiresAt) },
        typed: messages.email?.typed,
        error: messages.email?.error
      }
    },
    status
  );
}

/**
 * 我的账号 (/hall/account): the account's level (已注册 or 已实名核验, seeds/001 第七条), what it allows, and how to
 * get verified: at a window, or through the provincial identity platform when it is configured (`oidc`). Only
 * applicants have one.
 */
export function accountRoutes(app: Hono<AppEnv>, s: Services, options: { oidc?: boolean } = {}): void {
  app.get('/hall/account', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    return renderAccount(c, s, applicant, {
      oidc: options.oidc ?? false,
      notice: doneNotice(doneTexts, c.req.query('done'))
    });
  });
}
