import type { Context } from 'hono';

/**
 * The peer's address from the socket, never from a header a client could forge; undefined where there is no
 * socket (in-process requests in tests). Behind a reverse proxy this is the proxy's address.
 */
export function peerAddress(c: Pick<Context, 'env'>): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
}
