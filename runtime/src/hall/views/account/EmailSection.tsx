/** @jsxImportSource hono/jsx */
import { when } from '../../components/labels.ts';
import { Csrf, described, ErrorSummary, Field } from '../../components/form.tsx';

/** What the account page shows of the e-mail address: the confirmed one, the one waiting, and the form. */
export interface EmailSectionProps {
  csrf: string | undefined;
  confirmed: { address: string; at: number } | null;
  pending: { address: string; expiresAt: number } | null;
  /** What was typed, shown again with its error. */
  typed?: string | undefined;
  error?: string | undefined;
}

/**
 * 电子邮箱: case notices go by e-mail only to an address confirmed through the link sent to it. Entering another
 * address sends a new link; the confirmed one keeps receiving notices until the new one is confirmed.
 */
export function EmailSection(props: EmailSectionProps) {
  const hint = '我们会向该邮箱发送一封确认邮件，打开其中的链接并确认后，办件通知才会发送到该邮箱。';
  return (
    <section aria-labelledby="email-title" id="email">
      <h2 id="email-title">电子邮箱</h2>
      {props.confirmed ? (
        <p id="email-confirmed">
          办件通知会发送到 <strong>{props.confirmed.address}</strong>（{when(props.confirmed.at)} 确认）。
        </p>
      ) : (
        <p id="email-confirmed">尚未设置已确认的电子邮箱，办件通知只发送到站内消息和手机短信。</p>
      )}
      {props.pending && (
        <p id="email-pending" class="notice">
          已向 <strong>{props.pending.address}</strong> 发送确认邮件，请在 {when(props.pending.expiresAt)}{' '}
          前打开邮件中的链接完成确认。确认之前，办件通知不会发送到该邮箱。
        </p>
      )}
      {props.error && <ErrorSummary errors={{ 'email-address': props.error }} />}
      <form method="post" action="/hall/account/email" novalidate>
        <Csrf token={props.csrf} />
        <Field
          id="email-address"
          label={props.confirmed ? '更换电子邮箱' : '电子邮箱地址'}
          hint={hint}
          error={props.error}
        >
          <input
            type="email"
            id="email-address"
            name="email"
            autocomplete="email"
            spellcheck={false}
            maxlength={254}
            value={props.typed ?? ''}
            {...described('email-address', hint, props.error)}
          />
        </Field>
        <button type="submit">发送确认邮件</button>
      </form>
      {(props.confirmed || props.pending) && (
        <form method="post" action="/hall/account/email/remove">
          <Csrf token={props.csrf} />
          <button type="submit" class="secondary" id="email-remove">
            删除电子邮箱
          </button>
        </form>
      )}
    </section>
  );
}
