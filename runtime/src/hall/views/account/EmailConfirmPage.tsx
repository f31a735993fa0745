/** @jsxImportSource hono/jsx */
import { Csrf } from '../../components/form.tsx';
import { Layout, type Viewer } from '../../components/layout.tsx';

/**
 * 确认电子邮箱: the page a confirmation link opens. Opening it changes nothing (mail scanners open links too); the
 * button confirms. A link that cannot be used says why, in `alert`.
 */
export function EmailConfirmPage(props: {
  viewer: Viewer;
  token: string;
  address?: string | undefined;
  alert?: string | undefined;
}) {
  return (
    <Layout title="确认电子邮箱" viewer={props.viewer}>
      <h1>确认电子邮箱</h1>
      {props.alert ? (
        <>
          <p class="warn" role="alert" id="email-alert">
            {props.alert}
          </p>
          <p>
            <a href="/hall/account#email">返回我的账号</a>
          </p>
        </>
      ) : (
        <form method="post" action="/hall/account/email/confirm">
          <Csrf token={props.viewer.csrf} />
          <input type="hidden" name="token" value={props.token} />
          <p>
            确认后，办件通知将发送到 <strong>{props.address}</strong>。
          </p>
          <button type="submit">确认使用此邮箱</button>
        </form>
      )}
    </Layout>
  );
}
