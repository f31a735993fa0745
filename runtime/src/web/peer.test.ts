import { afterEach, describe, expect, it } from 'vitest';
import { peerAddress, trustProxies } from './peer.ts';

const request = (socket: string, forwarded?: string) => ({
  env: {
    incoming: {
      socket: { remoteAddress: socket },
      connection: { remoteAddress: socket },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {}
    }
  }
});

describe('the client address (ecosystem-audit finding 2)', () => {
  afterEach(() => trustProxies([]));

  it('is the socket peer, whatever a header says, when no proxy is trusted', () => {
    expect(peerAddress(request('198.51.100.7', '203.0.113.9'))).toBe('198.51.100.7');
  });

  it('behind a trusted proxy, is the nearest forwarded address that is not a trusted proxy', () => {
    trustProxies(['127.0.0.1', '10.0.0.0/8']);
    expect(peerAddress(request('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    expect(peerAddress(request('127.0.0.1', '192.0.2.1, 203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
    // Someone else sending the header is not believed.
    expect(peerAddress(request('198.51.100.7', '203.0.113.9'))).toBe('198.51.100.7');
  });

  it('refuses a setting that is not an address or a range', () => {
    expect(() => trustProxies(['nginx.local'])).toThrow();
  });

  it('has none without a socket (in-process requests)', () => {
    expect(peerAddress({ env: undefined })).toBeUndefined();
  });
});
