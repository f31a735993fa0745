/** @jsxImportSource hono/jsx */
import { described, ErrorSummary, Field } from '../../components/form.tsx';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { pageTitle, specs, withNext, type Kind, type RegisterForm } from './auth-forms.ts';

/** 个人注册 / 法人和其他组织注册. Passwords are never written back into the page. */
export function RegisterPage(props: { viewer: Viewer | undefined; kind: Kind; form: RegisterForm }) {
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
