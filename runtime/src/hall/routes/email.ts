import type { Hono } from 'hono';
import {
  checkEmailToken,
  confirmEmail,
  EmailAddress,
  removeEmail,
  requestEmailConfirmation
} from '../../accounts/email.ts';
import type { Services } from '../../cases/index.ts';
import { configuredBaseUrl } from '../../documents/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { AppEnv } from '../../web/env.ts';
import { refusalStatus } from '../../web/errors.ts';
import { peerAddress } from '../../web/peer.ts';
import { applicantOrSignIn, formOf, view, viewerOf, type HallContext } from '../render.ts';
import { EmailConfirmPage } from '../views/account/EmailConfirmPage.tsx';
import { renderAccount } from './account.ts';

const confirmPath = '/hall/account/email/confirm';
/** A token as the link carries it (43 base64url characters); anything else is not looked up. */
const tokenOf = (raw: string | undefined) => (raw && /^[A-Za-z0-9_-]{20,100}$/.test(raw) ? raw : '');

/** The site's public address (BANSHI_PUBLIC_URL), else the one the request came to, as for documents' QR codes. */
const baseUrlOf = (c: HallContext) => configuredBaseUrl() ?? new URL(c.req.url).origin;

const statusOf = (refusal: Refusal) => refusalStatus[refusal.kind] as 400 | 404 | 410 | 429;

/**
 * 电子邮箱 on 我的账号 (issue 18): an applicant enters an address (/hall/account/email), a link goes to it, and opening
 * the link signed in shows a button that confirms it (/hall/account/email/confirm); only then do case notices go
 * there. /hall/account/email/remove removes it. Forms only: the pages work without a script.
 */
export function emailRoutes(app: Hono<AppEnv>, s: Services, options: { oidc?: boolean } = {}): void {
  app.post('/hall/account/email', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const typed = (await formOf(c, 1000)).email ?? '';
    const parsed = EmailAddress.safeParse(typed);
    if (!parsed.success)
      return renderAccount(
        c,
        s,
        applicant,
        { oidc: options.oidc ?? false, email: { typed, error: parsed.error.issues[0]!.message } },
        400
      );
    try {
      await requestEmailConfirmation(s.db, applicant, parsed.data, {
        linkTo: token => `${baseUrlOf(c)}${confirmPath}?token=${token}`,
        ip: peerAddress(c),
        now: s.now()
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return renderAccount(
        c,
        s,
        applicant,
        { oidc: options.oidc ?? false, email: { typed, error: error.message } },
        statusOf(error)
      );
    }
    return c.redirect('/hall/account?done=email-sent#email', 303);
  });

  app.post('/hall/account/email/remove', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    await removeEmail(s.db, applicant, { ip: peerAddress(c), now: s.now() });
    return c.redirect('/hall/account?done=email-removed#email', 303);
  });

  app.get(confirmPath, async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    c.header('Referrer-Policy', 'no-referrer');
    const token = tokenOf(c.req.query('token'));
    try {
      const address = await checkEmailToken(s.db, applicant, token, s.now());
      return view(c, EmailConfirmPage, { viewer: viewerOf(c)!, token, address });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return view(c, EmailConfirmPage, { viewer: viewerOf(c)!, token: '', alert: error.message }, statusOf(error));
    }
  });

  app.post(confirmPath, async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const token = tokenOf((await formOf(c, 200)).token);
    try {
      await confirmEmail(s.db, applicant, token, { ip: peerAddress(c), now: s.now() });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return view(c, EmailConfirmPage, { viewer: viewerOf(c)!, token: '', alert: error.message }, statusOf(error));
    }
    return c.redirect('/hall/account?done=email-confirmed#email', 303);
  });
}
