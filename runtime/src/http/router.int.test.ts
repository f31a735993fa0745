import { RegExpRouter } from 'hono/router/reg-exp-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/http.ts';

/**
 * Hono's SmartRouter takes the first router that accepts every route: RegExpRouter, one regular expression a
 * method, or else TrieRouter, which walks a tree on every request (in a perf profile of staff commands under load
 * its search alone took 1.3 % of the runtime's CPU; matched alone, 1.6–1.9 µs a path against 0.4–0.6). A route
 * RegExpRouter refuses (a fixed segment where another route of the same method has a parameter) would silently
 * move every request to the slower one.
 */
describe('the routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are all taken by RegExpRouter', () => {
    const refused: string[] = [];
    const router = new RegExpRouter<unknown>();
    for (const route of t.app.routes)
      try {
        router.add(route.method, route.path, route.handler);
      } catch {
        refused.push(`${route.method} ${route.path}`);
      }
    expect(refused, 'Hono 的 RegExpRouter 不接受这些路由：全部请求将改由较慢的 TrieRouter 匹配').toEqual([]);
    // Its expressions are built at the first match, which throws as well for a pattern it cannot take.
    expect(router.match('GET', '/hall')[0].length).toBeGreaterThan(0);
  });

  it('are matched by it once the app answers', async () => {
    const health = await t.anonymous.get('/api/health');
    expect(health.status).toBe(200);
    expect(t.app.router.name).toBe('SmartRouter + RegExpRouter');
  });
});
