/** @jsxImportSource hono/jsx */
import { described, ErrorSummary, Field } from '../../components/form.tsx';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { pageTitle, withNext, type CodeForm } from './auth-forms.ts';

/** 输入短信验证码: the second step of registering. */
export function RegisterCodePage(props: { viewer: Viewer | undefined; form: CodeForm }) {
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
