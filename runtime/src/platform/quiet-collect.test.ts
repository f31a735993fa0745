import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { collectWhenQuiet, fullCollection } from './quiet-collect.ts';

describe('memory given back when the process goes quiet', () => {
  it('collects once after a quiet spell following requests, and not again until requests came back', async () => {
    const server = new EventEmitter();
    let collections = 0;
    const stop = collectWhenQuiet(server, { quietMs: 30, checkMs: 5, collect: () => collections++ });
    try {
      // Never busy: nothing to give back.
      await new Promise(resolve => setTimeout(resolve, 80));
      expect(collections).toBe(0);
      server.emit('request');
      await vi.waitFor(() => expect(collections).toBe(1), { timeout: 5_000 });
      // Quiet goes on, and no request came: once was enough.
      await new Promise(resolve => setTimeout(resolve, 80));
      expect(collections).toBe(1);
      server.emit('request');
      server.emit('request');
      await vi.waitFor(() => expect(collections).toBe(2), { timeout: 5_000 });
    } finally {
      stop();
    }
    server.emit('request');
    await new Promise(resolve => setTimeout(resolve, 80));
    expect(collections).toBe(2);
  });

  it("runs V8's full collection after a real server's requests, and reports the heap before and after", async () => {
    expect(fullCollection()).toBeTypeOf('function');
    const server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const reports: Array<[number, number]> = [];
    const stop = collectWhenQuiet(server, { quietMs: 20, checkMs: 5, onCollected: (b, a) => reports.push([b, a]) });
    try {
      const { port } = server.address() as AddressInfo;
      // Garbage to collect: a few megabytes of strings no one holds.
      for (let i = 0; i < 2_000; i++) `${'x'.repeat(2_000)}${i}`.split('');
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
      await vi.waitFor(() => expect(reports).toHaveLength(1), { timeout: 5_000 });
      const [before, after] = reports[0]!;
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(before);
    } finally {
      stop();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
