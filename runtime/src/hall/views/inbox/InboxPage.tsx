/** @jsxImportSource hono/jsx */
import type { InboxItem } from '../../../accounts/index.ts';
import { Csrf, Notice } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { Lines } from '../../components/lines.tsx';
import { Pager } from '../../components/pager.tsx';

/** 站内消息: newest first, unread ones marked in words and style, each marked read by a button (no script). */
export function InboxPage(props: {
  viewer: Viewer | undefined;
  items: InboxItem[];
  unread: number;
  before: string | undefined;
  older: string | undefined;
  notice: string | undefined;
}) {
  const back = props.before ? <input type="hidden" name="before" value={props.before} /> : null;
  return (
    <Layout title="站内消息" viewer={props.viewer}>
      <h1>站内消息</h1>
      <Notice text={props.notice} />
      <p>{props.unread > 0 ? `您有 ${props.unread} 条未读消息。` : '没有未读消息。'}</p>
      {props.unread > 0 && (
        <form method="post" action="/hall/inbox" class="actions">
          <Csrf token={props.viewer?.csrf} />
          {back}
          <button type="submit" class="secondary">
            全部标为已读
          </button>
        </form>
      )}
      {props.items.length === 0 && <p>{props.before ? '没有更早的消息了。' : '暂无消息。'}</p>}
      {props.items.length > 0 && (
        <ol class="messages">
          {props.items.map(m => (
            <li id={`message-${m.id}`} class={m.read ? 'message' : 'message unread'}>
              <article aria-labelledby={`message-${m.id}-title`}>
                <h2 id={`message-${m.id}-title`}>
                  {m.read ? null : <strong class="tag">未读</strong>}
                  {m.read ? null : ' '}
                  {m.title}
                </h2>
                <p class="muted">
                  {when(m.createdAt)}
                  {m.read ? ' · 已读' : ''}
                </p>
                <p>
                  <Lines text={m.body} />
                </p>
                <div class="actions">
                  {m.caseId && <a href={`/hall/cases/${m.caseId}`}>查看办件</a>}
                  {!m.read && (
                    <form method="post" action={`/hall/inbox/${m.id}/read`}>
                      <Csrf token={props.viewer?.csrf} />
                      {back}
                      <button type="submit" class="secondary" aria-describedby={`message-${m.id}-title`}>
                        标为已读
                      </button>
                    </form>
                  )}
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
      <Pager
        label="消息分页"
        newer={props.before ? '/hall/inbox' : undefined}
        newerText="最新消息"
        older={props.older}
        olderText="更早的消息"
      />
    </Layout>
  );
}
