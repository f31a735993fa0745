import type { Hono } from 'hono';
import { howToVerify, identityOf, levelAllows, levelLabels, methodLabels } from '../../accounts/identity.ts';
import type { Services } from '../../cases/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { applicantOrSignIn, view, viewerOf } from '../render.ts';
import { AccountPage } from '../views/account/AccountPage.tsx';

/**
 * 我的账号 (/hall/account): the account's level (已注册 or 已实名核验, seeds/001 第七条), what it allows, and how to
 * get verified. Only applicants have one.
 */
export function accountRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/account', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const identity = await identityOf(s.db, applicant.id);
    return view(c, AccountPage, {
      viewer: viewerOf(c)!,
      kind: applicant.kind,
      name: applicant.name,
      login: applicant.login,
      level: identity.level,
      levelLabel: levelLabels[identity.level],
      verifiedAt: identity.verifiedAt ? Date.parse(identity.verifiedAt) : undefined,
      method: identity.method ? methodLabels[identity.method] : undefined,
      allows: levelAllows[identity.level],
      howToVerify: howToVerify(applicant.kind)
    });
  });
}
