import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteDoc } from '../http/api.ts';
import { responseChecker } from './response-check.ts';

const routes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/things/:id',
    group: 'hall',
    access: 'public',
    summary: '一件',
    response: z.object({ id: z.string(), count: z.number().int(), note: z.string().optional() })
  },
  {
    method: 'get',
    path: '/api/things/public',
    group: 'hall',
    access: 'public',
    summary: '公开的',
    response: z.object({ items: z.array(z.string()) })
  },
  { method: 'post', path: '/api/undescribed', group: 'hall', access: 'public', summary: '没有说明' },
  {
    method: 'get',
    path: '/api/file/:id',
    group: 'hall',
    access: 'public',
    summary: '文件',
    produces: 'application/pdf'
  },
  {
    method: 'get',
    path: '/api/health',
    group: 'system',
    access: 'public',
    summary: '健康',
    response: z.object({ status: z.literal('ok') }),
    otherResponses: { '503': { description: '不可用', schema: z.object({ status: z.literal('down') }) } }
  }
];
const check = responseChecker(routes);
const json = 'application/json; charset=UTF-8';
const seen =
  (method: string, path: string, status: number, body: unknown, contentType: string | null = json) =>
  () =>
    check({ method, path, status, contentType, body });

describe('the test client holds each answer against its documented schema', () => {
  it('lets through an answer that is what the route documents, its query string ignored', () => {
    expect(seen('GET', '/api/things/7?x=1', 200, { id: '7', count: 2 })).not.toThrow();
    expect(seen('GET', '/api/things/public', 200, { items: ['a'] })).not.toThrow();
    expect(seen('GET', '/api/file/1', 200, '%PDF', 'application/pdf')).not.toThrow();
    expect(seen('GET', '/api/health', 503, { status: 'down' })).not.toThrow();
  });

  it('fails on a wrong type, a missing field and a field the schema does not name, naming the route and the path', () => {
    expect(seen('GET', '/api/things/7', 200, { id: 7, count: 2 })).toThrow(
      /GET \/api\/things\/7 → 200.*does not match/s
    );
    expect(seen('GET', '/api/things/7', 200, { id: '7' })).toThrow(/count/);
    expect(seen('GET', '/api/things/7', 200, { id: '7', count: 2, secret: 'x' })).toThrow(/does not name: \.secret/);
    expect(seen('GET', '/api/things/public', 200, { items: ['a'], extra: [] })).toThrow(/\.extra/);
  });

  it('prefers the route with fewer parameters: /things/public is not a /things/:id', () => {
    expect(seen('GET', '/api/things/public', 200, { id: 'public', count: 1 })).toThrow(/items/);
  });

  it('fails on a JSON answer from a route that documents none, and on JSON where a file was documented', () => {
    expect(seen('POST', '/api/undescribed', 200, { ok: true })).toThrow(/documents no response schema/);
    expect(seen('GET', '/api/things/7', 200, 'text', 'text/plain')).toThrow(/documented as JSON/);
  });

  it('holds every error to the one error body, and a documented other status to its own schema', () => {
    expect(
      seen('GET', '/api/things/7', 404, { error: { code: 'not-found', message: '找不到', details: { id: '7' } } })
    ).not.toThrow();
    expect(seen('GET', '/api/things/7', 404, { error: { code: 'not-found', message: '找不到' } })).toThrow(/details/);
    expect(seen('GET', '/api/things/7', 400, { message: 'bad' })).toThrow(/error/);
    expect(seen('GET', '/api/health', 503, { status: 'unavailable' })).toThrow(/does not match/);
  });

  it('leaves alone paths no route documents (the hall pages) and answers that are not JSON', () => {
    expect(seen('GET', '/hall/cases', 200, '<html>', 'text/html')).not.toThrow();
    expect(seen('GET', '/api/nowhere', 200, { anything: 1 })).not.toThrow();
  });
});
