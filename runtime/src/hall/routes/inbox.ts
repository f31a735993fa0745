import type { Hono } from 'hono';
import { inboxPage, markAllRead, markRead, unreadCount } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { formOf, signedInOrSignIn, view, viewerOf, doneNotice } from '../render.ts';
import { InboxPage } from '../views/inbox/InboxPage.tsx';
import { MessageNotFoundPage } from '../views/inbox/MessageNotFoundPage.tsx';

const perPage = 20;
const doneTexts: Record<string, string> = { read: '已标为已读。', 'all-read': '全部消息已标为已读。' };

/** A page of the inbox from the address: `before` is the id the previous page stopped at (as the API's cursor). */
const beforeOf = (raw: string | undefined) => (raw && /^\d{1,15}$/.test(raw) ? raw : undefined);

/** Back to the inbox page the button was on, at the message. */
const backTo = (before: string | undefined, done: string, anchor = '') =>
  `/hall/inbox?${before ? `before=${before}&` : ''}done=${done}${anchor}`;

/**
 * 站内消息 (/hall/inbox): a page of messages for anyone signed in (applicants and staff), each marked read by a form
 * (/hall/inbox/:id/read) or all at once (a post to the page itself), back to the page the button was on. Not
 * /hall/inbox/read-all: a fixed segment where another route of the same method has `:id` is a pattern Hono's
 * RegExpRouter refuses, and that one route put the whole app on the slower TrieRouter (http/router.int.test.ts).
 */
export function inboxRoutes(app: Hono<AppEnv>, s: Services): void {
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
      notice: doneNotice(doneTexts, done)
    });
  });

  app.post('/hall/inbox', async c => {
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
    if (!found) return view(c, MessageNotFoundPage, { viewer: viewerOf(c) }, 404);
    return c.redirect(backTo(before, 'read', `#message-${id}`), 303);
  });
}
