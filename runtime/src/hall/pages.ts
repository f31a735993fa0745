import type { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import type { Services } from '../cases/index.ts';
import { Guide } from './guide.tsx';
import { matterTypes } from './labels.ts';
import { Home, type HomeQuery } from './home.tsx';
import { hallCss } from './styles.ts';
import { Layout } from './layout.tsx';
import { Track, type TrackForm } from './track.tsx';
import { trackCase, type Tracked } from '../cases/index.ts';
import { mostUsedMatters } from '../cases/index.ts';
import { peerAddress as ip } from '../web/peer.ts';
import { jsx } from 'hono/jsx';
import { render, viewerOf } from './render.ts';
import { applyPages } from './apply-pages.tsx';
import { appointmentPages } from './appointment-pages.tsx';
import { authPages } from './auth-pages.tsx';
import { casePages } from './case-pages.tsx';
import { hallScript } from './client/bundle.ts';
import { inboxPages } from './inbox-pages.tsx';
import { restrictionPages } from './restriction-pages.tsx';
import { servicePages } from './service-pages.tsx';
import { Refusal } from '../platform/refusal.ts';

/**
 * The hall's pages, server-rendered from the live definitions: a publication shows on the next request. Complete
 * without JavaScript. Public: nothing here needs a session.
 */
export function hallPages(app: Hono<AppEnv>, s: Services): void {
  app.get('/', c => c.redirect('/hall'));
  // No icon: an empty answer instead of a 404 in every browser's console.
  app.get('/favicon.ico', c => c.body(null, 204, { 'cache-control': 'public, max-age=86400' }));
  app.get('/hall/hall.js', async c =>
    c.body(await hallScript(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600'
    })
  );
  app.get('/hall/hall.css', c =>
    c.body(hallCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' })
  );

  // Counting cases is not work for every page view: the list of most used matters is kept for a minute.
  let usageCache: { at: number; codes: string[] } | undefined;
  const mostUsedCodes = async () => {
    if (!usageCache || s.now() - usageCache.at > 60_000 || s.now() < usageCache.at)
      usageCache = { at: s.now(), codes: await mostUsedMatters(s.db, s.now() - 90 * 86_400_000) };
    return usageCache.codes;
  };

  app.get('/hall', async c => {
    const raw = c.req.query();
    const query: HomeQuery = {
      ...(typeof raw.q === 'string' && raw.q.trim() ? { q: raw.q.slice(0, 50) } : {}),
      ...(typeof raw.department === 'string' && raw.department ? { department: raw.department.slice(0, 50) } : {}),
      ...(raw.for === 'person' || raw.for === 'organisation' ? { for: raw.for } : {}),
      ...(raw.type && Object.hasOwn(matterTypes, raw.type) ? { type: raw.type as HomeQuery['type'] } : {})
    };
    const definitions = s.registry
      .all()
      .map(m => m.definition)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const usage = await mostUsedCodes();
    const byCode = new Map(definitions.map(d => [d.code, d]));
    const used = usage.map(code => byCode.get(code)).filter(d => d !== undefined);
    const mostUsed = [...used, ...definitions.filter(d => !used.includes(d))].slice(0, 10);
    const departments = [...new Set(definitions.map(d => d.department.name))].sort();
    return render(c, jsx(Home, { definitions, departments, mostUsed, query, viewer: viewerOf(c) }), 200);
  });

  app.get('/hall/track', async c => {
    const raw = c.req.query();
    const form: TrackForm = {
      number: (raw.number ?? '').trim().slice(0, 40),
      holder: (raw.holder ?? '').trim().toUpperCase().slice(0, 18),
      errors: {}
    };
    let tracked: Tracked | undefined;
    if (raw.number !== undefined || raw.holder !== undefined) {
      if (!/^[0-9A-Z]{20,40}$/.test(form.number))
        form.errors.number = '请填写收件回执上的办件编号（20 至 40 位数字或字母）';
      if (!/^[0-9A-Z]{18}$/.test(form.holder)) form.errors.holder = '请填写 18 位身份证号码或统一社会信用代码';
      if (Object.keys(form.errors).length === 0) {
        try {
          tracked = await trackCase(s, form.number, form.holder, c.get('principal'), ip(c));
          if (!tracked) form.notFound = true;
        } catch (error) {
          if (!(error instanceof Refusal && error.kind === 'throttled')) throw error;
          form.errors.number = error.message;
          form.throttled = true;
        }
      }
    }
    const status = form.throttled ? 429 : Object.keys(form.errors).length > 0 ? 400 : form.notFound ? 404 : 200;
    return render(c, jsx(Track, { form, tracked, calendar: s.calendar(), now: s.now(), viewer: viewerOf(c) }), status);
  });

  authPages(app, s);
  applyPages(app, s);
  casePages(app, s);
  appointmentPages(app, s);
  servicePages(app, s);
  inboxPages(app, s);
  restrictionPages(app, s);

  const guides = new Map<string, { version: number; html: string }>();
  app.get('/hall/matters/:code', c => {
    const live = s.registry.live(c.req.param('code'));
    if (!live) {
      return render(
        c,
        jsx(Layout, {
          title: '找不到事项',
          children: jsx(
            'p',
            {},
            '没有找到这个事项，它可能尚未发布或已经停办。',
            jsx('a', { href: '/hall' }, '返回首页')
          )
        }),
        404
      );
    }
    const viewer = viewerOf(c);
    if (viewer)
      return render(
        c,
        jsx(Guide, { definition: live.definition, version: live.version, publishedAt: live.publishedAt, viewer }),
        200
      );
    // The same guide for every visitor who is not signed in: rendered once per published version.
    let cached = guides.get(live.code);
    if (!cached || cached.version !== live.version) {
      cached = {
        version: live.version,
        html: `<!DOCTYPE html>${String(jsx(Guide, { definition: live.definition, version: live.version, publishedAt: live.publishedAt }))}`
      };
      guides.set(live.code, cached);
    }
    return c.body(cached.html, 200, { 'content-type': 'text/html; charset=utf-8' });
  });
}
