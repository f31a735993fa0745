import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Db } from './db.ts';

/**
 * PGlite runs in this thread: a statement that follows another at once (a group of tracking lookups, their audit
 * lines, the next group) must still leave the event loop a turn to read its sockets, or under load the process
 * reads requests a few times a second and takes one new connection each time.
 */
describe('statements on the embedded database, one after another', () => {
  let db: Db;
  let server: ReturnType<typeof createServer>;
  let client: Socket;
  let arrived: Promise<Socket>;
  beforeAll(async () => {
    db = await openPglite();
    server = createServer();
    arrived = once(server, 'connection').then(([socket]) => socket as Socket);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    client = connect(port, '127.0.0.1');
    await once(client, 'connect');
  });
  afterAll(async () => {
    client?.destroy();
    await new Promise(resolve => server?.close(resolve));
    await db?.close();
  });

  it('let the event loop read a socket between them', async () => {
    const socket = await arrived;
    let read = false;
    socket.on('data', () => {
      read = true;
    });
    // In the kernel before the first statement: the next poll of the loop reads it.
    client.write('a request');
    const readBefore: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      await db.query('select $1::int as n', [i]);
      readBefore.push(read);
    }
    expect(readBefore.indexOf(true)).toBeGreaterThanOrEqual(0);
    expect(readBefore.indexOf(true)).toBeLessThan(3);
  });

  it('and before a transaction takes the connection', async () => {
    const socket = await arrived;
    let reads = 0;
    socket.on('data', () => {
      reads++;
    });
    const readBefore: number[] = [];
    for (let i = 0; i < 20; i++) {
      client.write(`request ${i}`);
      await db.transaction(async tx => {
        await tx.query('select $1::int as n', [i]);
      });
      readBefore.push(reads);
    }
    // Each write is read before the next transaction is done, not all of them after the last.
    expect(readBefore[2]).toBeGreaterThan(0);
  });
});
