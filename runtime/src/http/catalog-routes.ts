import { Hono } from 'hono';
import type { Catalog, Definition } from '../definition/index.ts';

export interface CatalogState {
  catalog: Catalog;
  definitions: Definition[];
}

const notFound = (code: string) => ({ error: { code: 'matter.not-found', message: `没有编码为“${code}”的事项。`, details: { code } } });

/** Public, read-only: the published guides are for everyone. */
export function catalogRoutes(state: () => CatalogState): Hono {
  const app = new Hono();
  app.get('/matters', c => c.json(state().definitions.map(d => ({
    code: d.code, name: d.name, type: d.type, department: d.department.name, level: d.level
  }))));
  app.get('/matters/:code', c => {
    const code = c.req.param('code');
    const definition = state().definitions.find(d => d.code === code);
    return definition ? c.json(definition) : c.json(notFound(code), 404);
  });
  app.get('/catalog', c => c.json(state().catalog));
  return app;
}
