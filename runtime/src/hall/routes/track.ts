import type { Hono } from 'hono';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { trackCase, type Services, type Tracked } from '../../cases/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import { view, viewerOf } from '../render.ts';
import { TrackPage, type TrackForm } from '../views/track/TrackPage.tsx';

/**
 * 办件查询 (/hall/track): a case's progress by its number and the holder's ID number or credit code, for anyone;
 * 400 for a malformed number, 404 when nothing matches, 429 after too many misses from one address.
 */
export function trackRoutes(app: Hono<AppEnv>, s: Services): void {
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
    // A case's progress, or the ID number just typed: kept by no browser or proxy (个人信息保护法 第五十一条).
    const personal = raw.number !== undefined || raw.holder !== undefined;
    return view(c, TrackPage, { form, tracked, calendar: s.calendar(), now: s.now(), viewer: viewerOf(c) }, status, {
      personal
    });
  });
}
