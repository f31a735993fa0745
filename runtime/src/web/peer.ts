import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';

let trusted: ((address: string, hop: number) => boolean) | undefined;

/**
 * The reverse proxies (addresses or CIDR ranges, e.g. `127.0.0.1, 10.0.0.0/8`) whose `X-Forwarded-For` is believed;
 * none by default. Behind nginx without it, every request would have the proxy's address, and 30 wrong passwords
 * from anyone would lock the whole hall out (ecosystem-audit finding 2). Set from BANSHI_TRUSTED_PROXIES at start.
 */
export function trustProxies(list: readonly string[]): void {
  trusted = list.length ? proxyaddr.compile([...list]) : undefined;
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the nearest address in
 * `X-Forwarded-For` that is not one (proxy-addr, as Express decides it); a header from anyone else is ignored.
 * Undefined where there is no socket (in-process requests in tests).
 */
export function peerAddress(c: Pick<Context, 'env'>): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const socket = incoming?.socket?.remoteAddress;
  if (!incoming || !socket) return socket;
  return trusted ? proxyaddr(incoming, trusted) : socket;
}
