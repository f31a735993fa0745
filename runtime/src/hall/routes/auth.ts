import type { Hono } from 'hono';
import type { z } from 'zod';
import { dateOf } from '@banshi/definition/calendar';
import {
  confirmRegistration,
  LoginRequest,
  OrganisationRegistration,
  pendingRegistration,
  PersonRegistration,
  signIn,
  signOut,
  startRegistration,
  type ApplicantRegistration,
  type SignedIn
} from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import { clearSessionCookie, crossSiteMessage, isCrossSite, setSessionCookie } from '../../web/cookies.ts';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress } from '../../web/peer.ts';
import { sessionToken } from '../../web/session-middleware.ts';
import type { FieldErrors } from '../components/form.tsx';
import { formOf, safeNext, view, viewerOf, type HallContext } from '../render.ts';
import { specs, withNext, type CodeForm, type Kind, type LoginForm } from '../views/auth/auth-forms.ts';
import { LoginPage } from '../views/auth/LoginPage.tsx';
import { RegisterChoicePage } from '../views/auth/RegisterChoicePage.tsx';
import { RegisterCodePage } from '../views/auth/RegisterCodePage.tsx';
import { RegisterPage } from '../views/auth/RegisterPage.tsx';

/** The `?done=` 我的办件 shows its welcome notice for, after a registration. */
const welcomeDone = 'welcome';

/** The `next` a page passes on: a local path only, otherwise nothing (and the default applies). */
const keptNext = (raw: string | undefined) =>
  raw !== undefined && raw !== '' && safeNext(raw) === raw ? raw : undefined;
const ipOf = (c: HallContext) => peerAddress(c) ?? 'unknown';

/** `path` with `done=…` added to its query, before any fragment. */
function withDone(path: string, done: string): string {
  const hash = path.indexOf('#');
  const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}done=${done}${fragment}`;
}

/**
 * The hall's sign-in (/hall/login), registration (/hall/register, /hall/register/person, /hall/register/organisation,
 * /hall/register/code) and sign-out (/hall/logout), complete without JavaScript. They share accounts/sign-in.ts
 * with the JSON API: the same throttle, audit lines and session cookie. Sign-in and registration are exempt from
 * the CSRF token (web/session-middleware.ts) and refuse a post from another site by its Origin instead; sign-out
 * needs the token.
 */
export function authRoutes(app: Hono<AppEnv>, s: Services, options: { oidc?: boolean } = {}): void {
  // Nothing on these pages is for a shared cache: a typed login, a session's name and token.
  app.use('/hall/login', noStore);
  app.use('/hall/register', noStore);
  app.use('/hall/register/*', noStore);
  app.use('/hall/logout', noStore);

  /** Opens the new session in the browser, ending the one it had (another account, or the same one again). */
  const startSession = async (c: HallContext, signedIn: SignedIn, at: number) => {
    const old = sessionToken(c);
    if (old?.via === 'cookie') await signOut(s.db, c.get('principal'), old.token, { ip: ipOf(c), now: at });
    setSessionCookie(c, signedIn.session, at);
  };

  app.get('/hall/login', c => {
    const next = keptNext(c.req.query('next'));
    return view(c, LoginPage, {
      viewer: viewerOf(c),
      form: { login: '', next, staff: c.req.query('staff') === '1', errors: {}, oidc: options.oidc ?? false }
    });
  });

  app.post('/hall/login', async c => {
    const viewer = viewerOf(c);
    if (isCrossSite(c)) {
      return view(
        c,
        LoginPage,
        { viewer, form: { login: '', staff: false, errors: {}, alert: crossSiteMessage } },
        403
      );
    }
    const fields = await formOf(c);
    const form: LoginForm = {
      login: (fields.login ?? '').trim().slice(0, 64),
      next: keptNext(fields.next ?? c.req.query('next')),
      staff: fields.staff === '1',
      errors: {},
      oidc: options.oidc ?? false
    };
    const parsed = LoginRequest.safeParse({ login: fields.login ?? '', password: fields.password ?? '' });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if ((field === 'login' || field === 'password') && !form.errors[field]) form.errors[field] = issue.message;
      }
      return view(c, LoginPage, { viewer, form }, 400);
    }
    const at = s.now();
    try {
      const signedIn = await signIn(s.db, {
        login: parsed.data.login,
        password: parsed.data.password,
        ip: ipOf(c),
        now: at
      });
      await startSession(c, signedIn, at);
      // A member of staff without a second factor yet: the session only enrols one, on the studio's page.
      if (signedIn.enrolment) return c.redirect('/studio/login/second-factor', 303);
      // Staff work in the studio, not on the citizens' pages: the hall's sign-in sends them there.
      if (signedIn.principal.kind === 'staff') {
        const next = form.next?.startsWith('/studio/') ? safeNext(form.next) : '/studio/';
        return c.redirect(next, 303);
      }
      return c.redirect(safeNext(form.next), 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      switch (error.code) {
        case 'auth.invalid':
          form.errors = { login: '账号或密码不正确，请检查后重新输入。', password: '请重新输入密码。' };
          return view(c, LoginPage, { viewer, form }, 401);
        case 'auth.throttled': {
          const seconds = Number(error.details.retryAfterSeconds);
          c.header('Retry-After', String(seconds));
          form.alert = `登录失败次数过多，为保护您的账号，请 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再试。`;
          return view(c, LoginPage, { viewer, form }, 429);
        }
        case 'auth.disabled':
          form.alert = error.message;
          return view(c, LoginPage, { viewer, form }, 403);
        // Staff also give the code of their authenticator (动态口令), which the studio's sign-in page asks for.
        case 'auth.second-factor-required':
        case 'auth.code-invalid': {
          const next = form.next?.startsWith('/studio/') ? safeNext(form.next) : undefined;
          const query = new URLSearchParams({ login: parsed.data.login, ...(next ? { next } : {}) });
          return c.redirect(`/studio/login?${query.toString()}`, 303);
        }
        default:
          throw error;
      }
    }
  });

  app.get('/hall/register', c =>
    view(c, RegisterChoicePage, { viewer: viewerOf(c), next: keptNext(c.req.query('next')) })
  );

  for (const kind of ['person', 'organisation'] as const) {
    const path = `/hall/register/${kind}`;
    const schema = (): z.ZodType<ApplicantRegistration> =>
      kind === 'person' ? PersonRegistration(dateOf(s.now())) : OrganisationRegistration;

    app.get(path, c =>
      view(c, RegisterPage, {
        viewer: viewerOf(c),
        kind,
        form: { values: {}, next: keptNext(c.req.query('next')), errors: {} }
      })
    );

    app.post(path, async c => {
      const viewer = viewerOf(c);
      if (isCrossSite(c)) {
        return view(c, RegisterPage, { viewer, kind, form: { values: {}, errors: {}, alert: crossSiteMessage } }, 403);
      }
      const fields = await formOf(c, 200);
      const next = keptNext(fields.next ?? c.req.query('next'));
      const { input, errors } = readRegistration(kind, fields, schema());
      const values = Object.fromEntries(
        specs[kind].fields
          .filter(f => f.type !== 'password')
          .map(f => [f.id, (fields[f.id] ?? '').slice(0, f.maxlength)])
      );
      if (!input) return view(c, RegisterPage, { viewer, kind, form: { values, next, errors } }, 400);
      const registered = await startRegistration(s.db, input, { ip: ipOf(c), now: s.now() }).catch((error: unknown) => {
        if (error instanceof Refusal && error.kind === 'throttled') return error;
        throw error;
      });
      if (registered instanceof Refusal)
        return view(
          c,
          RegisterPage,
          { viewer, kind, form: { values, next, errors: {}, alert: registered.message } },
          429
        );
      return c.redirect(withNext(`/hall/register/code?id=${registered.registrationId}`, next), 303);
    });
  }

  const codePage = async (
    c: HallContext,
    form: Omit<CodeForm, 'phone'>,
    status: 200 | 400 | 403 | 409 | 410 | 422 = 200
  ) => {
    const pending = form.exists ? undefined : await pendingRegistration(s.db, form.registrationId, s.now());
    const alert =
      form.alert ??
      (pending ? undefined : '验证码已失效（超过 10 分钟、已使用或输错次数过多），请重新填写注册信息获取新的验证码。');
    return view(
      c,
      RegisterCodePage,
      { viewer: viewerOf(c), form: { ...form, phone: pending?.phone, alert } },
      pending || status !== 200 ? status : 410
    );
  };

  app.get('/hall/register/code', c =>
    codePage(c, { registrationId: c.req.query('id') ?? '', next: keptNext(c.req.query('next')), errors: {} })
  );

  app.post('/hall/register/code', async c => {
    const fields = await formOf(c, 200);
    const form = {
      registrationId: (fields.registrationId ?? '').slice(0, 64),
      next: keptNext(fields.next ?? c.req.query('next')),
      errors: {} as FieldErrors
    };
    if (isCrossSite(c)) return codePage(c, { ...form, alert: crossSiteMessage }, 403);
    const code = (fields.code ?? '').trim();
    if (!/^\d{6}$/.test(code))
      return codePage(c, { ...form, errors: { code: code ? '短信验证码为 6 位数字' : '请填写短信验证码' } }, 400);
    const at = s.now();
    try {
      const signedIn = await confirmRegistration(
        s.db,
        { registrationId: form.registrationId, code },
        { ip: ipOf(c), now: at }
      );
      await startSession(c, signedIn, at);
      return c.redirect(withDone(form.next ?? '/hall/my', welcomeDone), 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.code === 'auth.code-invalid') return codePage(c, { ...form, errors: { code: error.message } }, 422);
      if (error.code === 'auth.exists') return codePage(c, { ...form, alert: error.message, exists: true }, 409);
      if (error.code === 'auth.code-expired') return codePage(c, { ...form, alert: error.message }, 410);
      throw error;
    }
  });

  app.post('/hall/logout', async c => {
    // The session middleware has already refused a cookie session without the form's _csrf.
    await signOut(s.db, c.get('principal'), sessionToken(c)?.token, { ip: ipOf(c), now: s.now() });
    clearSessionCookie(c);
    return c.redirect('/hall', 303);
  });
}

const noStore = async (c: HallContext, next: () => Promise<void>) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

/**
 * A registration form read against its schema: every problem on its field, in the order of the form, the first
 * one of each; a blank field asks to be filled in; the two passwords must match.
 */
function readRegistration(
  kind: Kind,
  fields: Record<string, string>,
  schema: z.ZodType<ApplicantRegistration>
): { input?: ApplicantRegistration; errors: FieldErrors } {
  const found: FieldErrors = {};
  for (const f of specs[kind].fields) if ((fields[f.id] ?? '').trim() === '') found[f.id] = f.required;
  const { passwordAgain: _, ...raw } = Object.fromEntries(specs[kind].fields.map(f => [f.id, fields[f.id] ?? '']));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !found[field]) found[field] = issue.message;
    }
  }
  if (!found.password && !found.passwordAgain && fields.passwordAgain !== fields.password)
    found.passwordAgain = '两次输入的密码不一致';
  // The summary lists the problems in the order of the fields.
  const errors: FieldErrors = {};
  for (const f of specs[kind].fields) if (found[f.id]) errors[f.id] = found[f.id]!;
  return parsed.success && Object.keys(errors).length === 0 ? { input: parsed.data, errors } : { errors };
}
