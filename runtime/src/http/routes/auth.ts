import { Hono, type Context } from 'hono';
import QRCode from 'qrcode';
import { z } from 'zod';
import { sessionToken } from '../../web/session-middleware.ts';
import {
  claimLoginAttempt,
  codeMessages,
  confirmEnrolment,
  demoSecretInUse,
  settleLoginAttempt,
  createSession,
  demoPassword,
  demoTotpSecret,
  enrolmentSecret,
  groupedSecret,
  resolveEnrolmentSession,
  SignInRequest,
  OrganisationRegistration,
  PersonRegistration,
  RegistrationCode,
  type ApplicantRegistration,
  confirmRegistration,
  startRegistration,
  changePassword,
  signIn,
  signOut,
  signOutEverywhere,
  revokeSession,
  Password
} from '../../accounts/index.ts';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import { clearSessionCookie, crossSiteMessage, isCrossSite, setSessionCookie } from '../../web/cookies.ts';
import { dateOf } from '@banshi/definition/calendar';
import type { Db } from '../../platform/db/db.ts';
import type { AppEnv } from '../../web/env.ts';
import { ApiError, unauthenticated } from '../../web/errors.ts';
import { jsonBody } from '../../web/validate.ts';
import { peerAddress } from '../../web/peer.ts';

export interface AuthRouteOptions {
  now?: () => number;
  /**
   * The client's address, for throttling and the audit log. By default the socket's peer (Node server); behind a
   * reverse proxy pass one that reads the header the proxy sets.
   */
  clientIp?: (c: Context) => string;
  /** Origins besides the site's own that may post to sign-in and registration (e.g. the studio's dev server). */
  allowedOrigins?: readonly string[];
}

const socketIp = (c: Context) => peerAddress(c) ?? 'unknown';

/**
 * Sign-in, registration (the form, then the code sent by SMS), sign-out and who-am-I; mounted at `/api/auth` behind
 * `sessionMiddleware`. The work is in auth/sign-in.ts and auth/registration-codes.ts, which the hall's pages share.
 */
export function authRoutes(db: Db, options: AuthRouteOptions = {}): Hono<AppEnv> {
  const now = options.now ?? Date.now;
  const clientIp = options.clientIp ?? socketIp;
  const allowed = new Set(options.allowedOrigins ?? []);
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const register = async (c: Context<AppEnv>, schema: z.ZodType<ApplicantRegistration>) => {
    refuseCrossSite(c, allowed);
    const input = await jsonBody(c, schema);
    return c.json(await startRegistration(db, input, { ip: clientIp(c), now: now() }), 202);
  };
  app.post('/register/person', c => register(c, PersonRegistration(dateOf(now()))));
  app.post('/register/organisation', c => register(c, OrganisationRegistration));
  app.post('/register/confirm', async c => {
    refuseCrossSite(c, allowed);
    const body = await jsonBody(c, RegistrationCode);
    const at = now();
    const { principal, session } = await confirmRegistration(db, body, { ip: clientIp(c), now: at });
    setSessionCookie(c, session, at);
    return c.json({ principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }, 201);
  });

  app.post('/login', async c => {
    refuseCrossSite(c, allowed);
    const body = await jsonBody(c, SignInRequest);
    const at = now();
    const signedIn = await signIn(db, {
      login: body.login,
      password: body.password,
      newPassword: body.newPassword,
      code: body.code,
      ip: clientIp(c),
      now: at
    });
    const { principal, session } = signedIn;
    // Signing in again replaces the session this client had: the old token no longer signs anyone in.
    const previous = sessionToken(c)?.token;
    if (previous) await revokeSession(db, previous, at);
    const answer = {
      principal,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      ...(signedIn.enrolment ? { enrolment: true } : {})
    };
    if (body.bearer) return c.json({ ...answer, token: session.token });
    setSessionCookie(c, session, at);
    return c.json(answer);
  });

  /**
   * Enrolling a second factor, with the session a staff member's password gave them when they had none
   * (`enrolment: true` in the sign-in's answer): the secret as text, as an otpauth:// URI and as its QR code.
   */
  const enrolling = async (c: Context<AppEnv>, unsafe: boolean) => {
    const carried = sessionToken(c);
    const session = carried && (await resolveEnrolmentSession(db, carried.token, now()));
    if (!carried || !session)
      throw new ApiError(401, 'auth.enrolment-expired', '绑定身份验证器的时间已过（15 分钟），请重新登录。');
    if (unsafe && carried.via === 'cookie' && c.req.header('x-csrf-token') !== session.csrfToken)
      throw new ApiError(403, 'auth.csrf', '页面已过期，请刷新后重试。');
    return { ...session, token: carried.token, via: carried.via };
  };

  app.get('/second-factor/enrolment', async c => {
    const { principal, csrfToken } = await enrolling(c, false);
    if (principal.kind !== 'staff') throw unauthenticated();
    const { secret, uri } = await enrolmentSecret(db, principal);
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
    // The CSRF token too, as /me gives it: a session the hall's sign-in opened reaches the studio's page by cookie only.
    return c.json({ login: principal.login, name: principal.name, secret: groupedSecret(secret), uri, qr, csrfToken });
  });

  app.post('/second-factor/enrolment', async c => {
    refuseCrossSite(c, allowed);
    const enrolment = await enrolling(c, true);
    const { principal } = enrolment;
    if (principal.kind !== 'staff') throw unauthenticated();
    const body = await jsonBody(c, EnrolmentCode);
    const at = now();
    const ip = clientIp(c);
    // A wrong code here counts toward the sign-in throttle as one at sign-in does.
    const claimed = await claimLoginAttempt(db, { login: principal.login, ip }, at);
    let recoveryCodes: string[];
    try {
      recoveryCodes = await confirmEnrolment(db, principal, body.code, { ip, now: at });
    } catch (error) {
      if (error instanceof Refusal && error.code === 'auth.code-invalid')
        await audit(db, {
          actor: principal,
          action: 'auth.second-factor',
          outcome: 'rejected',
          target: principal.login,
          ip,
          detail: { event: 'enrolment', reason: 'wrong-code' }
        });
      throw error;
    }
    await settleLoginAttempt(db, claimed, true);
    await revokeSession(db, enrolment.token, at);
    const session = await createSession(db, principal.id, at);
    await audit(db, { actor: principal, action: 'auth.login', outcome: 'ok', target: principal.login, ip });
    const answer = {
      principal,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      recoveryCodes
    };
    if (enrolment.via === 'bearer') return c.json({ ...answer, token: session.token });
    setSessionCookie(c, session, at);
    return c.json(answer);
  });

  // The demo accounts' password and second-factor secret, for the studio's sign-in page: only while some account
  // holds the published demo secret, which only ensureDemoAccounts gives (BANSHI_DEMO). With the runtime's clock,
  // which authenticator codes are checked at: in a drill (BANSHI_CLOCK) it is not the phone's.
  app.get('/demo', async c => {
    const clock = { now: new Date(now()).toISOString() };
    return c.json(
      (await demoSecretInUse(db, demoTotpSecret))
        ? { demo: true, password: demoPassword, totpSecret: groupedSecret(demoTotpSecret), ...clock }
        : { demo: false, ...clock }
    );
  });

  app.post('/logout', async c => {
    // The body is optional ({"everywhere": true}); anything else, or none, signs out this session only.
    const body: unknown = await c.req.json().catch(() => undefined);
    const everywhere =
      typeof body === 'object' && body !== null && (body as { everywhere?: unknown }).everywhere === true;
    const principal = c.get('principal');
    if (everywhere && principal) await signOutEverywhere(db, principal, { ip: clientIp(c), now: now() });
    else await signOut(db, principal, sessionToken(c)?.token, { ip: clientIp(c), now: now() });
    clearSessionCookie(c);
    return c.json({ signedOut: true, everywhere });
  });

  app.post('/password', async c => {
    const principal = c.get('principal');
    if (!principal) throw unauthenticated();
    const body = await jsonBody(c, PasswordChange);
    const at = now();
    const session = await changePassword(db, principal, body, { ip: clientIp(c), now: at });
    const bearer = sessionToken(c)?.via === 'bearer';
    if (!bearer) setSessionCookie(c, session, at);
    return c.json({
      changed: true,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      ...(bearer ? { token: session.token } : {})
    });
  });

  app.get('/me', c => {
    const principal = c.get('principal');
    if (!principal) throw unauthenticated();
    return c.json({ principal, csrfToken: c.get('csrfToken') });
  });

  return app;
}

const EnrolmentCode = z
  .object({
    code: z
      .string({ error: codeMessages.wrong })
      .trim()
      .regex(/^\d{6}$/, '动态口令为身份验证器应用中显示的 6 位数字')
  })
  .strict();

const PasswordChange = z
  .object({ current: z.string().min(1, '请填写当前密码').max(1024), password: Password })
  .strict();

/** Sign-in and registration carry no CSRF token: a post from another site is refused by its Origin instead. */
function refuseCrossSite(c: Context, allowed: ReadonlySet<string>): void {
  if (isCrossSite(c, allowed)) throw new ApiError(403, 'auth.cross-site', crossSiteMessage);
}
