import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { connectPostgres, openPglite, type Db } from '../platform/db/db.ts';
import { migrate, migrations } from '../platform/db/migrate.ts';
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

/** The version of the installed PGlite: a dump is valid only for the PGlite that made it. */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '';
    }
    if (dirname(dir) === dir) return '';
    dir = dirname(dir);
  }
}

/**
 * What the newest schema is made of (every migration's number, name and text): a template made by an earlier test
 * file, or another checkout, is used only when it was made from exactly these.
 */
const schemaKey = (() => {
  let key: string | undefined;
  return () => {
    if (key) return key;
    const hash = createHash('sha256');
    for (const m of migrations()) hash.update(`${m.version}\0${m.name}\0${m.sql}\0`);
    key = hash.digest('hex').slice(0, 16);
    return key;
  };
})();

let template: Promise<Blob> | undefined;

/**
 * A migrated PGlite cluster as a dump: creating one takes seconds, loading a dump a fraction of that. The newest
 * schema's dump is kept in the temporary folder under its schema key, so each test file (a process of its own)
 * loads it rather than migrating again; it is written whole and renamed, so parallel files never read half of one.
 */
function pgliteTemplate(target: number): Promise<Blob> {
  if (target !== Infinity) return build(target);
  template ??= cached();
  return template;
  async function cached() {
    const file = join(tmpdir(), `banshi-test-pglite-${schemaKey()}-${pgliteVersion()}.tar`);
    try {
      return new Blob([readFileSync(file)]);
    } catch {
      const dump = await build(target);
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
      renameSync(partial, file);
      return dump;
    }
  }
  async function build(t: number) {
    const db = await openPglite();
    await migrate(db, t);
    const dump = await db.pglite.dumpDataDir('none');
    await db.close();
    return dump;
  }
}

/**
 * Puts a PGlite cluster migrated to the newest schema into `folder` (a runtime's `<data dir>/pglite`, which must not
 * exist yet), as a runtime's first start would leave it: the runtime then opens it rather than running initdb and
 * every migration again (seconds of WASM per process). The first caller on the machine makes the folder once per
 * schema key from the template's dump; the rest copy it.
 */
export async function seedPgliteFolder(folder: string): Promise<void> {
  const made = join(tmpdir(), `banshi-test-pglite-${schemaKey()}-${pgliteVersion()}.d`);
  if (!existsSync(join(made, 'PG_VERSION'))) {
    const building = `${made}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const db = await openPglite({ dataDir: building, loadDataDir: await pgliteTemplate(Infinity) });
    await db.close();
    try {
      renameSync(building, made);
    } catch {
      // Another test file made it meanwhile: theirs is the same cluster.
      rmSync(building, { recursive: true, force: true });
    }
  }
  cpSync(made, folder, { recursive: true, errorOnExist: true, force: false });
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
  // The newest schema is copied from a migrated template database (a fraction of migrating anew); older targets,
  // which tests of migrations ask for, are migrated here.
  const from = target === Infinity ? await postgresTemplate() : undefined;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await whenUnused(() => admin.unsafe(from ? `create database ${name} template ${from}` : `create database ${name}`));
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

/**
 * Runs `statement` again while PostgreSQL says a database it needs is still in use (55006): a backend whose client
 * has just closed its connection can take a moment to exit.
 */
async function whenUnused<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

let templateDatabase: Promise<string> | undefined;

/**
 * The test server's database migrated to the newest schema, made once per schema key (by the first test file that
 * asks, others wait on an advisory lock) and never connected to afterwards, so `create database … template` may copy
 * it while other files do the same. It is built under a temporary name and renamed when complete: a run killed
 * mid-build leaves no half-migrated template behind (the next builder drops what it left).
 */
function postgresTemplate(): Promise<string> {
  templateDatabase ??= (async () => {
    const name = `banshi_tpl_${schemaKey()}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_advisory_lock(hashtext('banshi test template'))`;
      const [made] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!made) {
        for (const { datname } of await admin<{ datname: string }[]>`
          select datname from pg_database where starts_with(datname, 'banshi_tplbuild_')`)
          await admin.unsafe(`drop database if exists ${datname} with (force)`);
        const building = `banshi_tplbuild_${randomBytes(4).toString('hex')}`;
        await admin.unsafe(`create database ${building}`);
        const url = new URL(adminUrl);
        url.pathname = `/${building}`;
        const owner = connectPostgres({ url: url.toString(), max: 1 });
        try {
          await migrate(owner);
        } finally {
          await owner.close();
        }
        await whenUnused(() => admin.unsafe(`alter database ${building} rename to ${name}`));
      }
      await admin`select pg_advisory_unlock(hashtext('banshi test template'))`;
    } finally {
      await admin.end();
    }
    return name;
  })();
  return templateDatabase;
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
