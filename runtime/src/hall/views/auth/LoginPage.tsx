/** @jsxImportSource hono/jsx */
import { described, ErrorSummary, Field } from '../../components/form.tsx';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { pageTitle, withNext, type LoginForm } from './auth-forms.ts';

const loginHint = '个人填写身份证号码，法人和其他组织填写统一社会信用代码，工作人员填写工作人员账号。';
const staffWarning = '您刚才访问的页面仅供个人和法人（组织）办事使用，工作人员账号不能办理。请使用个人或法人账号登录。';

/** 登录: one form for persons, organisations and staff. */
export function LoginPage(props: { viewer: Viewer | undefined; form: LoginForm }) {
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
        <p class="muted">工作人员登录后进入办事工作台。</p>
      </form>
      {form.oidc && !form.staff && (
        <section aria-labelledby="oidc-title">
          <h2 id="oidc-title">个人也可以</h2>
          <p>
            <a class="button" id="oidc" href={withNext('/hall/oidc/start', form.next)}>
              通过省统一身份认证平台登录
            </a>
          </p>
          <p class="muted">认证后账号即为“已实名核验”；还没有本站账号的，将用认证的姓名和身份证号码开通。</p>
        </section>
      )}
    </Layout>
  );
}
