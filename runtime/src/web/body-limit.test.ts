import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from './body-limit.ts';

/** Through @hono/node-server, as the runtime serves: a body with its length stated, and one sent in chunks. */
describe('the body limit', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const app = new Hono();
    app.use('*', bodyLimit({ maxSize: 100, onError: c => c.json({ code: 'request.too-large' }, 413) }));
    app.post('/echo', async c => c.json({ got: await c.req.text() }));
    await new Promise<void>(resolve => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve()) as Server;
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  /** Posts `chunks`; with `stated`, the body's length in Content-Length, else chunked transfer encoding. */
  function post(chunks: string[], stated: boolean): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/echo',
          method: 'POST',
          headers: stated ? { 'content-length': length } : { 'transfer-encoding': 'chunked' }
        },
        res => {
          let text = '';
          res.setEncoding('utf8').on('data', chunk => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        }
      );
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  it('passes a body within the limit whole, stated or chunked', async () => {
    expect(await post(['{"a":', '"办事"}'], true)).toEqual({ status: 200, body: { got: '{"a":"办事"}' } });
    expect(await post(['{"a":', '"办事"}'], false)).toEqual({ status: 200, body: { got: '{"a":"办事"}' } });
    expect(await post(['x'.repeat(100)], true)).toEqual({ status: 200, body: { got: 'x'.repeat(100) } });
  });

  it('refuses a body over the limit, whether its length is stated or it comes in chunks', async () => {
    expect(await post(['x'.repeat(101)], true)).toEqual({ status: 413, body: { code: 'request.too-large' } });
    expect(await post(['x'.repeat(60), 'x'.repeat(60)], false)).toEqual({
      status: 413,
      body: { code: 'request.too-large' }
    });
  });
});
