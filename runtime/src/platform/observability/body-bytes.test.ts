import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyBytes, compression } from './http.ts';

describe("an answer's body, read for compression", () => {
  it("reads @hono/node-server's lightweight answer from what it keeps, leaving its body untouched", async () => {
    // As the runtime serves: the server's own Response in place of the global one.
    getRequestListener(() => new Response(null));
    const text = new Response('{"办事":"json"}', { headers: { 'content-type': 'application/json' } });
    expect(Buffer.from(await bodyBytes(text)).toString('utf8')).toBe('{"办事":"json"}');
    expect(text.bodyUsed).toBe(false);
    const bytes = new Response(new Uint8Array([1, 2, 3]));
    expect([...(await bodyBytes(bytes))]).toEqual([1, 2, 3]);
    expect(bytes.bodyUsed).toBe(false);
  });

  it('reads any other answer the standard way', async () => {
    const streamed = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('流式'));
          controller.close();
        }
      })
    );
    expect(Buffer.from(await bodyBytes(streamed)).toString('utf8')).toBe('流式');
    expect(streamed.bodyUsed).toBe(true);
  });

  it('leaves a small answer made for one request as the route made it, not read, copied or rebuilt', async () => {
    getRequestListener(() => new Response(null));
    const a = new Hono();
    a.use('*', compression());
    const note = JSON.stringify({ padding: '意见'.repeat(400) });
    a.post('/notes', c => c.json(JSON.parse(note)));
    const answer = await a.request('/notes', { method: 'POST', headers: { 'accept-encoding': 'gzip' } });
    expect(answer.headers.get('content-encoding')).toBeNull();
    expect(answer.headers.get('vary')).toBe('Accept-Encoding');
    // Rebuilt, it would carry the length compression() sets; as made, the server writes it when it sends the answer.
    expect(answer.headers.get('content-length')).toBeNull();
    expect(answer.bodyUsed).toBe(false);
    expect(await answer.text()).toBe(note);
  });
});
