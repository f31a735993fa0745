import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, createPostgresDatabase, type TestPostgres } from '../../testing/database.ts';
import { connectPostgres, socketOf, type Db } from './db.ts';

describe("a DATABASE_URL naming PostgreSQL's Unix socket as libpq does (?host=/directory)", () => {
  it('gives postgres.js the directory as its host and the URL without it; leaves other URLs as they are', () => {
    expect(socketOf('postgres://app:secret@localhost/banshi?host=/var/run/postgresql')).toEqual({
      url: 'postgres://app:secret@localhost/banshi',
      host: '/var/run/postgresql'
    });
    expect(socketOf('postgres://app@localhost:5433/banshi?host=%2Frun%2Fpostgresql&sslmode=disable')).toEqual({
      url: 'postgres://app@localhost:5433/banshi?sslmode=disable',
      host: '/run/postgresql'
    });
    for (const url of ['postgres://app:secret@127.0.0.1:5432/banshi', 'postgres://app@db/banshi?host=db.internal'])
      expect(socketOf(url)).toEqual({ url });
  });

  let database: TestPostgres;
  let overTcp: Db;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    overTcp = connectPostgres({ url: database.url, max: 1 });
  });
  afterAll(async () => {
    await overTcp?.close();
    await database?.drop();
  });

  it('connects through the socket: the server sees no client address, as over TCP it does', async () => {
    const [tcp] = await overTcp.query<{ address: string | null }>('select inet_client_addr()::text as address');
    expect(tcp!.address).toBe('127.0.0.1/32');
    // Where this server keeps its socket (a superuser's setting to read).
    const admin = connectPostgres({ url: adminUrl, max: 1 });
    const [setting] = await admin.query<{ directories: string }>(
      `select current_setting('unix_socket_directories') as directories`
    );
    await admin.close();
    const directory = setting!.directories.split(',')[0]!.trim();
    const url = new URL(database.url);
    url.hostname = 'localhost';
    url.searchParams.set('host', directory);
    const overSocket = connectPostgres({ url: url.toString(), max: 1 });
    try {
      const [socket] = await overSocket.query<{ address: string | null; database: string; user: string }>(
        'select inet_client_addr()::text as address, current_database() as database, current_user as "user"'
      );
      expect(socket).toEqual({
        address: null,
        database: url.pathname.slice(1),
        user: decodeURIComponent(url.username)
      });
    } finally {
      await overSocket.close();
    }
  });
});
