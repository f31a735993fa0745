import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectPostgres, openPglite, type Db } from '../platform/db/db.ts';
import { migrate } from '../platform/db/migrate.ts';
import { ensureLoginRole } from '../platform/db/roles.ts';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];

/** The test server: 127.0.0.1:5432 with trust auth on these machines; BANSHI_TEST_PG overrides. */
export const adminUrl = process.env.BANSHI_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  /** What the runtime is given: on PostgreSQL a login role in banshi_runtime (migration 022), never the owner. */
  db: Db;
  /**
   * The owner of the tables (the test server's superuser): for setup the runtime may not do, and for tampering.
   * PGlite has one user: the same handle as `db`.
   */
  owner: Db;
  /** For PostgreSQL: the URL of this run's own database as the runtime's role (other processes connect to it). */
  url?: string;
  /** For PostgreSQL: the same database as its owner. */
  ownerUrl?: string;
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

/**
 * The login role every test runtime serves as: a member of banshi_runtime, made once per cluster (race-safe:
 * parallel test files set up databases at once), so every PostgreSQL test proves the runtime's grants suffice.
 */
export const testLogin = { user: 'banshi_test_app', password: 'banshi-test-app' };

export interface TestPostgres {
  /** The database as the runtime's role: what DATABASE_URL is given. */
  url: string;
  /** The database as its owner (the test server's superuser): DATABASE_OWNER_URL, setup, tampering. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/**
 * Creates a PostgreSQL database of its own on the test server, migrated as its owner to `target` (default: the
 * newest; below 022 there is no runtime role yet and `url` is the owner's too), and returns its URLs.
 */
export async function createPostgresDatabase(target = Infinity): Promise<TestPostgres> {
  const name = `banshi_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${name}`;
  const owner = connectPostgres({ url: ownerUrl.toString(), max: 1 });
  let url = ownerUrl.toString();
  try {
    await migrate(owner, target);
    if (target >= 22) {
      await ensureLoginRole(owner, testLogin.user, testLogin.password);
      const runtime = new URL(ownerUrl);
      runtime.username = testLogin.user;
      runtime.password = testLogin.password;
      url = runtime.toString();
    }
  } finally {
    await owner.close();
  }
  return {
    url,
    ownerUrl: ownerUrl.toString(),
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
    return { db, owner: db, drop: () => db.close() };
  }
  const created = await createPostgresDatabase(target);
  const db = connectPostgres({ url: created.url, max: 10 });
  const owner = connectPostgres({ url: created.ownerUrl, max: 2 });
  return {
    db,
    owner,
    url: created.url,
    ownerUrl: created.ownerUrl,
    async drop() {
      await db.close();
      await owner.close();
      await created.drop();
    }
  };
}
