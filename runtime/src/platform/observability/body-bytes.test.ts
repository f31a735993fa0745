import { getRequestListener } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { bodyBytes } from './http.ts';

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
});
