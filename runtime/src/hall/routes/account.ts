import type { Hono } from 'hono';
import { howToVerify, identityOf, levelAllows, levelLabels, methodLabels } from '../../accounts/identity.ts';
import type { Applicant } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { applicantOrSignIn, view, viewerOf, type HallContext } from '../render.ts';
import { AccountPage } from '../views/account/AccountPage.tsx';

/** The page of `applicant`'s account, with a refusal or a notice from the identity platform's return. */
export async function renderAccount(
  c: HallContext,
  s: Services,
  applicant: Applicant,
  messages: { alert?: string; notice?: string; oidc?: boolean } = {},
  status: 200 | 400 | 403 | 409 | 503 = 200
): Promise<Response> {
  const identity = await identityOf(s.db, applicant.id);
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
      notice: messages.notice
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
      notice: c.req.query('done') === 'verified' ? '您已通过省统一身份认证平台完成身份认证。' : undefined
    });
  });
}
