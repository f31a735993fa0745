import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { applyOidcIdentity, type OidcRelyingParty } from '../../accounts/oidc.ts';
import { isApplicant } from '../../accounts/index.ts';
import { signOut } from '../../accounts/sign-in.ts';
import type { Services } from '../../cases/index.ts';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import { isHttps, setSessionCookie } from '../../web/cookies.ts';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress } from '../../web/peer.ts';
import { sessionToken } from '../../web/session-middleware.ts';
import { safeNext, view, viewerOf, type HallContext } from '../render.ts';
import { LoginPage } from '../views/auth/LoginPage.tsx';
import { renderAccount } from './account.ts';

const flowCookie = 'banshi_oidc';
const flowPath = '/hall/oidc';

const statusOf = (refusal: Refusal) =>
  refusal.kind === 'unavailable' ? 503 : refusal.kind === 'conflict' ? 409 : refusal.kind === 'forbidden' ? 403 : 400;

/**
 * 通过省统一身份认证平台登录/核验 (seeds/001 第七条), present only when the provider is configured (BANSHI_OIDC_*):
 * /hall/oidc/start leaves for the provider with a signed, HttpOnly cookie holding the state, nonce and PKCE verifier;
 * /hall/oidc/callback comes back, verifies the signed-in applicant or signs the visitor in (accounts/oidc.ts).
 */
export function oidcRoutes(app: Hono<AppEnv>, s: Services, rp: OidcRelyingParty): void {
  app.use(`${flowPath}/*`, async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  /** A refusal shown where the person came from: their account page when signed in, else the sign-in page. */
  const refused = async (c: HallContext, refusal: Refusal, next: string | undefined) => {
    const principal = c.get('principal');
    if (isApplicant(principal)) return renderAccount(c, s, principal, { alert: refusal.message }, statusOf(refusal));
    return view(
      c,
      LoginPage,
      { viewer: viewerOf(c), form: { login: '', next, staff: false, errors: {}, alert: refusal.message, oidc: true } },
      statusOf(refusal)
    );
  };

  app.get(`${flowPath}/start`, async c => {
    const raw = c.req.query('next');
    const next = raw && safeNext(raw) === raw ? raw : undefined;
    try {
      const started = await rp.start(next, s.now());
      setCookie(c, flowCookie, started.cookie, {
        httpOnly: true,
        // Lax: the provider sends the browser back with a top-level GET, which carries it.
        sameSite: 'Lax',
        path: flowPath,
        secure: isHttps(c),
        maxAge: 600
      });
      return c.redirect(started.url, 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refused(c, error, next);
    }
  });

  app.get(`${flowPath}/callback`, async c => {
    const ip = peerAddress(c) ?? 'unknown';
    const principal = c.get('principal');
    const cookie = getCookie(c, flowCookie);
    deleteCookie(c, flowCookie, { path: flowPath, httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
    const at = s.now();
    let next: string | undefined;
    try {
      const finished = await rp.finish(new URL(c.req.url).search, cookie, at).catch(async (error: unknown) => {
        if (error instanceof Refusal)
          await audit(s.db, {
            actor: principal,
            action: 'identity.oidc',
            outcome: 'rejected',
            ip,
            detail: { code: error.code, ...error.details }
          });
        throw error;
      });
      next = finished.next;
      const outcome = await applyOidcIdentity(s.db, { principal, asserted: finished.asserted, ip, now: at });
      if (outcome.kind === 'verified') return c.redirect(next ? safeNext(next) : '/hall/account?done=verified', 303);
      // A visitor: any session this browser had (a member of staff's) ends; the holder's begins.
      const old = sessionToken(c);
      if (old?.via === 'cookie') await signOut(s.db, principal, old.token, { ip, now: at });
      setSessionCookie(c, outcome.session, at);
      return c.redirect(safeNext(next ?? '/hall/my'), 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refused(c, error, next);
    }
  });
}
