import type { Hono } from 'hono';
import type { AppEnv } from '../../web/env.ts';
import { hallScript } from '../client/bundle.ts';
import { hallCss } from '../styles.ts';

/** Serves the hall's one script and one stylesheet (each cached for an hour), and the icon every browser asks for. */
export function assetRoutes(app: Hono<AppEnv>): void {
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
}
