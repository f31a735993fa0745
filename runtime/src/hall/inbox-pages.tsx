/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import type { Services } from '../cases/index.ts';
import { inboxPage, markAllRead, markRead, unreadCount, type InboxItem } from '../accounts/index.ts';
import { Lines, Pager } from './consultation-pages.tsx';
import { Csrf, Notice } from './form.tsx';
import { when } from './labels.ts';
import { Layout } from './layout.tsx';
import { formOf, signedInOrSignIn, view, viewerOf, type Viewer } from './render.ts';

const perPage = 20;
const doneTexts: Record<string, string> = { read: '已标为已读。', 'all-read': '全部消息已标为已读。' };

/** A page of the inbox from the address: `before` is the id the previous page stopped at (as the API's cursor). */
const beforeOf = (raw: string | undefined) => (raw && /^\d{1,15}$/.test(raw) ? raw : undefined);

/** 站内消息: newest first, unread ones marked in words and style, each marked read by a button (no script). */
function InboxPage(props: {
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
        <form method="post" action="/hall/inbox/read-all" class="actions">
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

function MessageNotFound(props: { viewer: Viewer | undefined }) {
  return (
    <Layout title="找不到消息" viewer={props.viewer}>
      <h1>找不到这条消息</h1>
      <p>这条消息不存在，或者不是发给您的。</p>
      <p>
        <a href="/hall/inbox">返回站内消息</a>
      </p>
    </Layout>
  );
}

/** Back to the inbox page the button was on, at the message. */
const backTo = (before: string | undefined, done: string, anchor = '') =>
  `/hall/inbox?${before ? `before=${before}&` : ''}done=${done}${anchor}`;

export function inboxPages(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/inbox', async c => {
    const principal = signedInOrSignIn(c);
    if (principal instanceof Response) return principal;
    const before = beforeOf(c.req.query('before'));
    const { items, more } = await inboxPage(s.db, principal.id, before ? Number(before) : null, perPage);
    const unread = await unreadCount(s.db, principal.id);
    const done = c.req.query('done');
    return view(c, InboxPage, {
      viewer: viewerOf(c),
      items,
      unread,
      before,
      older: more ? `/hall/inbox?before=${items.at(-1)!.id}` : undefined,
      notice: done && Object.hasOwn(doneTexts, done) ? doneTexts[done] : undefined
    });
  });

  app.post('/hall/inbox/read-all', async c => {
    const principal = signedInOrSignIn(c);
    if (principal instanceof Response) return principal;
    const before = beforeOf((await formOf(c)).before);
    await markAllRead(s.db, principal.id, s.now());
    return c.redirect(backTo(before, 'all-read'), 303);
  });

  app.post('/hall/inbox/:id/read', async c => {
    const principal = signedInOrSignIn(c);
    if (principal instanceof Response) return principal;
    const id = c.req.param('id');
    const before = beforeOf((await formOf(c)).before);
    // As POST /api/hall/inbox/:id/read: only one's own message; reading it twice keeps the first time.
    const found = /^\d{1,15}$/.test(id) && (await markRead(s.db, principal.id, Number(id), s.now()));
    if (!found) return view(c, MessageNotFound, { viewer: viewerOf(c) }, 404);
    return c.redirect(backTo(before, 'read', `#message-${id}`), 303);
  });
}
