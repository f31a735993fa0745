import { Hono } from 'hono';
import { catalogRoutes, type CatalogState } from './catalog-routes.ts';

export interface AppDeps {
  catalog: () => CatalogState;
}

/** The HTTP application; every dependency comes in through `deps`, so tests call `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/api/health', c => c.json({ status: 'ok' }));
  app.route('/api', catalogRoutes(deps.catalog));
  app.notFound(c => c.json({ error: { code: 'not-found', message: '找不到这个地址。', details: { path: c.req.path } } }, 404));
  app.onError((error, c) => {
    console.error(error);
    return c.json({ error: { code: 'internal', message: '服务器出错了，请稍后再试。', details: {} } }, 500);
  });
  return app;
}
