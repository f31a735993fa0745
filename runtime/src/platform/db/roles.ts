import type { Logger } from '../observability/log.ts';
import { connectPostgres, type Db, type Sql } from './db.ts';
import { migrate, migrations, type MigrationProgress } from './migrate.ts';

/** The group role migration 022 makes: what the runtime may do, granted; it owns nothing. */
export const runtimeRole = 'banshi_runtime';

/** Who a connection is, for the database's structure: may it alter the tables, is it the runtime's role. */
export interface ServingRole {
  user: string;
  superuser: boolean;
  /**
   * A superuser or a member of the role owning the audit log (before there is one: a role that may create tables):
   * may TRUNCATE, ALTER, DROP, disable triggers.
   */
  owner: boolean;
  /** A member of banshi_runtime (through a login role made `in role banshi_runtime`). */
  runtime: boolean;
}

export async function servingRole(sql: Sql): Promise<ServingRole> {
  const [row] = await sql.query<{ user: string; superuser: boolean; owner: boolean | null; runtime: boolean }>(
    `select current_user::text as user,
            (select rolsuper from pg_roles where rolname = current_user) as superuser,
            coalesce((select pg_has_role(current_user, c.relowner, 'USAGE') from pg_class c
              where c.oid = to_regclass('audit_log')), has_schema_privilege('public', 'CREATE')) as owner,
            exists (select 1 from pg_roles where rolname = $1) and pg_has_role(current_user, $1, 'MEMBER') as runtime`,
    [runtimeRole]
  );
  return {
    user: row!.user,
    superuser: row!.superuser,
    owner: row!.superuser || row!.owner === true,
    runtime: row!.runtime
  };
}

/** The migrations this build has that the database has not applied (all of them on an empty database). */
async function pending(sql: Sql): Promise<number[]> {
  const [known] = await sql.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  const had = known?.t
    ? new Set((await sql.query<{ v: number }>('select version as v from schema_migrations')).map(r => Number(r.v)))
    : new Set<number>();
  return migrations()
    .map(m => m.version)
    .filter(v => !had.has(v));
}

export interface ServingOptions {
  /** DATABASE_URL: the role the runtime serves as (a member of banshi_runtime in production). */
  databaseUrl: string;
  /** DATABASE_OWNER_URL: the tables' owner, for migrations; when absent DATABASE_URL migrates, if it may. */
  ownerUrl?: string;
  log: Logger;
  max?: number;
  /** Told after each migration applied at this start (first-start progress). */
  progress?: MigrationProgress;
}

/**
 * Opens the PostgreSQL database the runtime serves from: migrated first as the owner (DATABASE_OWNER_URL), then
 * connected as DATABASE_URL. Without an owner URL, DATABASE_URL migrates if anything is pending: a runtime role
 * cannot, and says so in Chinese; an owner can, and the runtime keeps working but warns that it serves with the
 * power to truncate the audit log (the setup of versions before 022, and of a trial database).
 */
export async function openServing(options: ServingOptions): Promise<{ db: Db; applied: number[] }> {
  let applied: number[] = [];
  if (options.ownerUrl) {
    const owner = connectPostgres({ url: options.ownerUrl, max: 1 });
    try {
      applied = await migrate(owner, Infinity, options.progress);
    } finally {
      await owner.close();
    }
  }
  const db = connectPostgres({ url: options.databaseUrl, max: options.max });
  try {
    const role = await servingRole(db);
    if (!options.ownerUrl) {
      const due = await pending(db);
      if (due.length && !role.owner)
        throw new Error(
          `数据库结构需要迁移（${due.map(v => String(v).padStart(3, '0')).join('、')}），而 DATABASE_URL 的角色 ${role.user} 不是表的所有者，无权修改结构：请用 DATABASE_OWNER_URL 给出所有者的连接（迁移时使用），DATABASE_URL 保持为运行时的角色。`
        );
      applied = await migrate(db, Infinity, options.progress);
    }
    if (role.owner)
      options.log({
        level: 'warn',
        msg: 'serving as the database owner',
        user: role.user,
        detail:
          '运行时以表的所有者身份连接数据库：它能清空审计日志、修改表结构、停用触发器。生产环境请建立属于 banshi_runtime 的登录角色作为 DATABASE_URL，并用 DATABASE_OWNER_URL 给出所有者（见 README）。'
      });
    return { db, applied };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Makes a login role that is a member of banshi_runtime, unless it exists: race-safe, since roles are the whole
 * cluster's and several databases may be set up at once (parallel tests). Needs CREATEROLE; the name is checked
 * to be a plain identifier and the password is quoted by the server.
 */
export async function ensureLoginRole(sql: Sql, login: string, password: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(login)) throw new Error(`not a plain role name: ${login}`);
  const [exists] = await sql.query('select 1 from pg_roles where rolname = $1', [login]);
  if (!exists) {
    const [literal] = await sql.query<{ q: string }>('select quote_literal($1::text) as q', [password]);
    try {
      await sql.query(`create role ${login} login password ${literal!.q} in role ${runtimeRole}`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // Made meanwhile by another database's setup: theirs is the same role.
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
  const [member] = await sql.query<{ m: boolean }>(`select pg_has_role($1, $2, 'MEMBER') as m`, [login, runtimeRole]);
  if (!member?.m) await sql.query(`grant ${runtimeRole} to ${login}`);
}
