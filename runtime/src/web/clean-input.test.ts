import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { cleanInput } from './clean-input.ts';
import { handleError } from './errors.ts';

function app() {
  const a = new Hono<AppEnv>();
  a.use('*', cleanInput);
  a.get('/api/cases/:id', c => c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null }));
  a.post('/api/cases/:id/commands', async c => c.json(await c.req.json()));
  a.onError(handleError);
  return a;
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { error?: { code: string } }).error?.code ?? `answered ${response.status}`;

describe('cleanInput', () => {
  it('lets ordinary paths, queries and bodies through, encoded Chinese included', async () => {
    const a = app();
    const found = await a.request(
      `/api/cases/${encodeURIComponent('闽建-2026-1')}?q=${encodeURIComponent('张三 100%')}`
    );
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ id: '闽建-2026-1', q: '张三 100%' });
    const body = { type: 'completeStep', opinion: '材料齐全\\u4e00' };
    const posted = await a.request('/api/cases/c1/commands', { method: 'POST', body: JSON.stringify(body) });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual(body);
  });

  it('refuses a NUL or a lone surrogate in the path, the query or a JSON body', async () => {
    const a = app();
    for (const path of ['/api/cases/a%00b', '/api/cases/c1?q=%00', '/api/cases/c1?q=x%00'])
      expect(await codeOf(await a.request(path)), path).toBe('request.unstorable-text');
    for (const text of ['{"opinion":"a\\u0000b"}', '{"opinion":"\\ud800"}', '{"a\\u0000":1}']) {
      const response = await a.request('/api/cases/c1/commands', { method: 'POST', body: text });
      expect(response.status, text).toBe(400);
      expect(await codeOf(response), text).toBe('request.unstorable-text');
    }
  });

  it('refuses a path or query whose percent-encoding is not UTF-8', async () => {
    const a = app();
    for (const path of ['/api/cases/%E0%A4%A', '/api/cases/c1?q=%ED%A0%80', '/api/cases/%FF'])
      expect(await codeOf(await a.request(path)), path).toBe('request.bad-encoding');
  });
});
