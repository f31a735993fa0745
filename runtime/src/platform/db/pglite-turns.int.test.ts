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
    client.write('a request');
    // Read at the next poll of the loop once the kernel has it; without a turn between them, never before the chain
    // of statements ends, however long.
    let statements = 0;
    while (!read && statements < 500) await db.query('select $1::int as n', [statements++]);
    expect(read).toBe(true);
    expect(statements).toBeLessThan(500);
  });

  it('and before a transaction takes the connection', async () => {
    const socket = await arrived;
    let reads = 0;
    socket.on('data', () => {
      reads++;
    });
    client.write('another request');
    let transactions = 0;
    while (reads === 0 && transactions < 200)
      await db.transaction(async tx => {
        await tx.query('select $1::int as n', [transactions++]);
      });
    expect(reads).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(200);
  });
});
