import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { listen } from './boot.ts';

/**
 * A kept-alive connection outlives Node's default 5 s idle timeout: a client that sends its next request on a
 * connection it has held idle for a few seconds gets an answer, not a closed socket ("socket hang up").
 */
describe('the HTTP server keeps idle connections', () => {
  let requests = 0;
  const server = listen({ fetch: () => new Response(`答复 ${++requests}`) }, 0);
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('answers a second request sent on the same connection after 6 s idle', async () => {
    await new Promise<void>(resolve => (server.listening ? resolve() : server.once('listening', resolve)));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    let closed = false;
    socket.on('close', () => (closed = true));
    try {
      expect(await exchange(socket)).toContain('答复 1');
      await new Promise(resolve => setTimeout(resolve, 6_000));
      expect(closed).toBe(false);
      expect(await exchange(socket)).toContain('答复 2');
    } finally {
      socket.destroy();
    }
  }, 20_000);
});

/** Sends one request on the socket and reads its whole answer (the body is short and has a Content-Length). */
function exchange(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (head >= 0 && length && Buffer.byteLength(text.slice(head + 4)) >= Number(length[1])) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(text);
      }
    };
    const onClose = () => reject(new Error(`connection closed before the answer: ${JSON.stringify(text)}`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}
