/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { z } from 'zod';
import { sessionToken } from '../web/session-middleware.ts';
import {
  LoginRequest,
  OrganisationRegistration,
  PersonRegistration,
  type ApplicantRegistration
} from '../accounts/index.ts';
import { confirmRegistration, pendingRegistration, startRegistration } from '../accounts/index.ts';
import { signIn, signOut, type SignedIn } from '../accounts/index.ts';
import { clearSessionCookie, crossSiteMessage, isCrossSite, setSessionCookie } from '../web/cookies.ts';
import { dateOf } from '@banshi/definition/calendar';
import type { AppEnv } from '../web/env.ts';
import { peerAddress } from '../web/peer.ts';
import type { Services } from '../cases/index.ts';
import { described, ErrorSummary, Field, type FieldErrors } from './form.tsx';
import { Layout } from './layout.tsx';
import { formOf, safeNext, view, viewerOf, type HallContext, type Viewer } from './render.ts';
import { Refusal } from '../platform/refusal.ts';

/** The `?done=` a page shows its welcome notice for, after a registration. */
export const welcomeDone = 'welcome';

type Kind = 'person' | 'organisation';

interface Spec {
  id: string;
  label: string;
  required: string;
  hint?: string;
  type?: 'text' | 'tel' | 'password';
  autocomplete: 'name' | 'organization' | 'username' | 'tel' | 'new-password';
  inputmode?: 'tel';
  maxlength: number;
  /** ID numbers and credit codes: capitals, no spelling correction. */
  code?: boolean;
}

const passwordSpecs: Spec[] = [
  {
    id: 'password',
    label: '设置密码',
    required: '请填写密码',
    hint: '8 至 128 位，须同时包含字母和数字。',
    type: 'password',
    autocomplete: 'new-password',
    maxlength: 128
  },
  {
    id: 'passwordAgain',
    label: '再次输入密码',
    required: '请再次输入密码',
    type: 'password',
    autocomplete: 'new-password',
    maxlength: 128
  }
];

const specs: Record<Kind, { title: string; intro: string; fields: Spec[] }> = {
  person: {
    title: '个人注册',
    intro: '注册后以身份证号码登录，办理面向个人的事项。',
    fields: [
      {
        id: 'name',
        label: '姓名',
        required: '请填写姓名',
        hint: '与居民身份证上的姓名一致。',
        autocomplete: 'name',
        maxlength: 50
      },
      {
        id: 'idNumber',
        label: '身份证号码',
        required: '请填写身份证号码',
        hint: '18 位居民身份证号码，注册后作为登录账号。',
        autocomplete: 'username',
        maxlength: 18,
        code: true
      },
      {
        id: 'phone',
        label: '手机号码',
        required: '请填写手机号码',
        hint: '11 位手机号码，用于接收办件通知。',
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        maxlength: 20
      },
      ...passwordSpecs
    ]
  },
  organisation: {
    title: '法人和其他组织注册',
    intro: '企业、事业单位、社会组织等以统一社会信用代码注册和登录，办理面向法人的事项。',
    fields: [
      {
        id: 'name',
        label: '单位名称',
        required: '请填写单位名称',
        hint: '与营业执照或登记证书上的名称一致。',
        autocomplete: 'organization',
        maxlength: 100
      },
      {
        id: 'creditCode',
        label: '统一社会信用代码',
        required: '请填写统一社会信用代码',
        hint: '18 位，见营业执照或登记证书，注册后作为登录账号。',
        autocomplete: 'username',
        maxlength: 18,
        code: true
      },
      {
        id: 'contactName',
        label: '联系人姓名',
        required: '请填写联系人姓名',
        hint: '负责在网上办理业务的经办人。',
        autocomplete: 'name',
        maxlength: 50
      },
      {
        id: 'phone',
        label: '联系人手机号码',
        required: '请填写手机号码',
        hint: '11 位手机号码，用于接收办件通知。',
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        maxlength: 20
      },
      ...passwordSpecs
    ]
  }
};

const loginHint = '个人填写身份证号码，法人和其他组织填写统一社会信用代码，工作人员填写工作人员账号。';
const staffWarning = '您刚才访问的页面仅供个人和法人（组织）办事使用，工作人员账号不能办理。请使用个人或法人账号登录。';

/** The `next` a page passes on: a local path only, otherwise nothing (and the default applies). */
const keptNext = (raw: string | undefined) =>
  raw !== undefined && raw !== '' && safeNext(raw) === raw ? raw : undefined;
const withNext = (path: string, next: string | undefined) =>
  next ? `${path}${path.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}` : path;
const ipOf = (c: HallContext) => peerAddress(c) ?? 'unknown';

/** `path` with `done=…` added to its query, before any fragment. */
function withDone(path: string, done: string): string {
  const hash = path.indexOf('#');
  const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}done=${done}${fragment}`;
}

function pageTitle(title: string, errors: FieldErrors): string {
  return Object.keys(errors).length > 0 ? `错误：${title}` : title;
}

interface LoginForm {
  login: string;
  next?: string | undefined;
  staff: boolean;
  errors: FieldErrors;
  /** A refusal that is not about one field: throttled, disabled, another site. */
  alert?: string | undefined;
}

/** 登录: one form for persons, organisations and staff. */
function LoginPage(props: { viewer: Viewer | undefined; form: LoginForm }) {
  const { form, viewer } = props;
  const e = form.errors;
  return (
    <Layout title={pageTitle('登录', e)} viewer={viewer}>
      <h1>登录</h1>
      {form.staff && <p class="warn">{staffWarning}</p>}
      {viewer && !form.staff && (
        <p class="notice" role="status">
          您已登录为“{viewer.name}”。如需使用其他账号，请在下方登录。
        </p>
      )}
      {form.alert && (
        <p class="warn" role="alert">
          {form.alert}
        </p>
      )}
      <ErrorSummary errors={e} />
      <form method="post" action="/hall/login" novalidate>
        {form.next && <input type="hidden" name="next" value={form.next} />}
        {form.staff && <input type="hidden" name="staff" value="1" />}
        <Field id="login" label="账号" hint={loginHint} error={e.login}>
          <input
            id="login"
            name="login"
            value={form.login}
            maxlength={64}
            required
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            {...described('login', loginHint, e.login)}
          />
        </Field>
        <Field id="password" label="密码" error={e.password}>
          <input
            id="password"
            name="password"
            type="password"
            required
            autocomplete="current-password"
            {...described('password', undefined, e.password)}
          />
        </Field>
        <div class="actions">
          <button type="submit">登录</button>
          <a href={withNext('/hall/register', form.next)}>没有账号？注册</a>
        </div>
      </form>
    </Layout>
  );
}

/** 注册: persons and organisations register separately; choose one. */
function RegisterChoice(props: { viewer: Viewer | undefined; next: string | undefined }) {
  return (
    <Layout title="注册" viewer={props.viewer}>
      <h1>注册账号</h1>
      <p>请选择账号类型：</p>
      <ul>
        <li>
          <a href={withNext('/hall/register/person', props.next)}>个人注册</a>：{specs.person.intro}
        </li>
        <li>
          <a href={withNext('/hall/register/organisation', props.next)}>法人和其他组织注册</a>：
          {specs.organisation.intro}
        </li>
      </ul>
      <p>
        已有账号？<a href={withNext('/hall/login', props.next)}>直接登录</a>
      </p>
    </Layout>
  );
}

interface RegisterForm {
  values: Record<string, string>;
  next?: string | undefined;
  errors: FieldErrors;
  alert?: string | undefined;
}

interface CodeForm {
  registrationId: string;
  /** Where the code went (masked), while the registration can still be completed. */
  phone?: string | undefined;
  next?: string | undefined;
  errors: FieldErrors;
  alert?: string | undefined;
  /** The number has an account already: offer to sign in instead. */
  exists?: boolean;
}

/** 输入短信验证码: the second step of registering. */
function CodePage(props: { viewer: Viewer | undefined; form: CodeForm }) {
  const { form } = props;
  const e = form.errors;
  const hint = '6 位数字，10 分钟内有效';
  return (
    <Layout title={pageTitle('输入短信验证码', e)} viewer={props.viewer}>
      <h1>输入短信验证码</h1>
      {form.alert && (
        <p class="warn" role="alert">
          {form.alert}
        </p>
      )}
      {form.exists && (
        <p class="actions">
          <a class="button" href={withNext('/hall/login', form.next)}>
            去登录
          </a>
        </p>
      )}
      {form.phone && !form.exists && (
        <>
          <p>验证码已通过短信发送至 {form.phone}。输入验证码后即完成注册并登录。</p>
          <ErrorSummary errors={e} />
          <form method="post" action="/hall/register/code" novalidate>
            <input type="hidden" name="registrationId" value={form.registrationId} />
            {form.next && <input type="hidden" name="next" value={form.next} />}
            <Field id="code" label="短信验证码" hint={hint} error={e.code}>
              <input
                id="code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength={6}
                required
                {...described('code', hint, e.code)}
              />
            </Field>
            <div class="actions">
              <button type="submit">完成注册并登录</button>
            </div>
          </form>
        </>
      )}
      <p>
        没有收到短信，或验证码已失效？<a href={withNext('/hall/register', form.next)}>重新填写注册信息</a>
      </p>
    </Layout>
  );
}

/** 个人注册 / 法人和其他组织注册. Passwords are never written back into the page. */
function RegisterPage(props: { viewer: Viewer | undefined; kind: Kind; form: RegisterForm }) {
  const { form, viewer } = props;
  const spec = specs[props.kind];
  const e = form.errors;
  const retyping = Object.keys(e).length > 0;
  const loginLink = withNext('/hall/login', form.next);
  return (
    <Layout title={pageTitle(spec.title, e)} viewer={viewer}>
      <h1>{spec.title}</h1>
      <p>
        {spec.intro}
        <a href={withNext('/hall/register', form.next)}>选择其他账号类型</a>
      </p>
      {form.alert && (
        <p class="warn" role="alert">
          {form.alert}
        </p>
      )}
      <ErrorSummary errors={e} />
      <form method="post" action={`/hall/register/${props.kind}`} novalidate>
        {form.next && <input type="hidden" name="next" value={form.next} />}
        {spec.fields.map(f => {
          const secret = f.type === 'password';
          const hint =
            secret && retyping && f.id === 'password'
              ? `为了安全，已填写的密码不会保留，请重新输入。${f.hint ?? ''}`
              : f.hint;
          return (
            <Field id={f.id} label={f.label} hint={hint} error={e[f.id]}>
              <input
                id={f.id}
                name={f.id}
                type={f.type ?? 'text'}
                value={secret ? '' : (form.values[f.id] ?? '')}
                maxlength={f.maxlength}
                required
                autocomplete={f.autocomplete}
                inputmode={f.inputmode}
                {...(f.code ? { autocapitalize: 'characters' as const, spellcheck: false } : {})}
                {...described(f.id, hint, e[f.id])}
              />
            </Field>
          );
        })}
        <div class="actions">
          <button type="submit">获取短信验证码</button>
          <a href={loginLink}>已有账号？登录</a>
        </div>
      </form>
    </Layout>
  );
}

/**
 * The hall's sign-in, registration and sign-out pages, complete without JavaScript. They share auth/sign-in.ts
 * with the JSON API: the same throttle, audit lines and session cookie. Sign-in and registration are exempt from
 * the CSRF token (auth/middleware.ts) and refuse a post from another site by its Origin instead; sign-out needs
 * the token.
 */
export function authPages(app: Hono<AppEnv>, s: Services): void {
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
      form: { login: '', next, staff: c.req.query('staff') === '1', errors: {} }
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
      errors: {}
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
        default:
          throw error;
      }
    }
  });

  app.get('/hall/register', c => view(c, RegisterChoice, { viewer: viewerOf(c), next: keptNext(c.req.query('next')) }));

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
      CodePage,
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
