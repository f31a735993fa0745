import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectPostgres, openPglite, type Db } from '../platform/db/db.ts';
import { migrate } from '../platform/db/migrate.ts';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];

/** The test server: 127.0.0.1:5432 with trust auth on these machines; BANSHI_TEST_PG overrides. */
export const adminUrl = process.env.BANSHI_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  db: Db;
  /** For PostgreSQL: the URL of this run's own database (other processes connect to it). */
  url?: string;
  drop(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/** A migrated PGlite cluster as a dump: creating one takes seconds, loading a dump a fraction of that. */
function pgliteTemplate(target: number): Promise<Blob> {
  if (target !== Infinity) return build(target);
  template ??= build(target);
  return template;
  async function build(t: number) {
    const db = await openPglite();
    await migrate(db, t);
    const dump = await db.pglite.dumpDataDir('none');
    await db.close();
    return dump;
  }
}

/** Creates an empty PostgreSQL database of its own on the test server and returns its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `banshi_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    }
  };
}

/** A fresh database of the given kind, migrated to `target` (default: the newest schema). */
export async function openTestDb(kind: DbKind, target = Infinity): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openPglite({ loadDataDir: await pgliteTemplate(target) });
    return { db, drop: () => db.close() };
  }
  const created = await createPostgresDatabase();
  const db = connectPostgres({ url: created.url, max: 10 });
  await migrate(db, target);
  return {
    db,
    url: created.url,
    async drop() {
      await db.close();
      await created.drop();
    }
  };
}
