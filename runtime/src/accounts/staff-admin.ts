import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../platform/audit.ts';
import { isUniqueViolation, type Db, type Sql } from '../platform/db/db.ts';
import { isDenial, Refusal } from '../platform/refusal.ts';
import { hashPassword } from './passwords.ts';
import { Duty, dutyLabels, type Staff } from './principal.ts';
import { StaffLogin } from './registration.ts';
import { revokeUserSessions } from './sessions.ts';
import { removeSecondFactor } from './totp-store.ts';
import { administrationScope, assertAdministers, grantableDuties } from './administration-rules.ts';

/**
 * Staff accounts as administrators keep them: the reform office and system administrators for every department, a
 * department's administrator for their own (004 第二十条: staff are authorised by their department). Every change
 * is audited; a refused one too.
 */

/** A staff account as the administration pages show it. */
export interface StaffAccount {
  id: string;
  login: string;
  name: string;
  department: string | null;
  roles: string[];
  duties: Duty[];
  dutyLabels: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  /** The account has confirmed a second factor (动态口令); without one its holder enrols at the next sign-in. */
  secondFactor: boolean;
  createdAt: string;
}

/** What the administration needs to know of the live catalogue: a department's posts (角色), by its name. */
export type PostsOf = (department: string) => string[] | undefined;

export interface AdminContext {
  now: number;
  ip?: string | undefined;
  postsOf: PostsOf;
}

interface Row {
  id: string;
  login: string;
  name: string;
  department: string | null;
  roles: unknown;
  duties: unknown;
  disabled_at: Date | null;
  must_change_password: boolean;
  second_factor: boolean;
  created_at: Date;
}

const Strings = z.array(z.string());
const Duties = z.array(Duty);
const columns =
  'id, login, name, department, roles, duties, disabled_at, must_change_password, totp_enrolled_at is not null as second_factor, created_at';

function view(r: Row): StaffAccount {
  const duties = Duties.parse(r.duties);
  return {
    id: r.id,
    login: r.login,
    name: r.name,
    department: r.department,
    roles: Strings.parse(r.roles),
    duties,
    dutyLabels: duties.map(d => dutyLabels[d]),
    disabled: r.disabled_at !== null,
    mustChangePassword: r.must_change_password,
    secondFactor: r.second_factor,
    createdAt: r.created_at.toISOString()
  };
}

/** A password for its holder to replace at once: 12 characters without look-alikes, letters and digits both. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const chars = Array.from({ length: 12 }, (_, i) =>
    i === 0
      ? letters[randomInt(letters.length)]!
      : i === 1
        ? digits[randomInt(digits.length)]!
        : all[randomInt(all.length)]!
  );
  // The letter and the digit need not stand first: shuffle (Fisher–Yates).
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** Runs an administration command; a refusal is written to the audit log before it propagates. */
async function guarded<T>(
  db: Sql,
  actor: Staff,
  action: string,
  target: string | undefined,
  ip: string | undefined,
  fn: () => Promise<T>
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Refusal) {
      const outcome = isDenial(error) ? 'denied' : 'rejected';
      await audit(db, { actor, action, outcome, target, ip, detail: { code: error.code } });
    }
    throw error;
  }
}

/** The staff accounts the actor administers: one department's, or (for the reform office) any or all. */
export async function listStaffAccounts(
  db: Db,
  actor: Staff,
  department: string | undefined,
  ctx: Pick<AdminContext, 'ip'>
): Promise<StaffAccount[]> {
  return guarded(db, actor, 'staff.list', department, ctx.ip, async () => {
    const scope = administrationScope(actor);
    if (!scope) throw notAdministrator();
    const only = scope === 'all' ? department : scope;
    if (department && scope !== 'all') assertAdministers(actor, department);
    const rows = await db.query<Row>(
      `select ${columns} from users where kind = 'staff' ${only ? 'and department = $1' : ''} order by department nulls first, login`,
      only ? [only] : []
    );
    await audit(db, { actor, action: 'staff.list', outcome: 'ok', target: only ?? 'all', ip: ctx.ip });
    return rows.map(view);
  });
}

export interface StaffInput {
  name: string;
  department: string | null;
  roles: string[];
  duties: Duty[];
}

/** The posts and duties checked against the live catalogue and what the actor may grant. */
function checkGrant(actor: Staff, input: StaffInput, ctx: AdminContext, current: Duty[] = []): void {
  assertAdministers(actor, input.department);
  if (input.department !== null) {
    const posts = ctx.postsOf(input.department);
    if (!posts)
      throw new Refusal('invalid', 'department.unknown', `目录中没有“${input.department}”这个部门。`, {
        field: 'department'
      });
    const unknown = input.roles.filter(r => !posts.includes(r));
    if (unknown.length > 0)
      throw new Refusal(
        'invalid',
        'staff.unknown-post',
        `${input.department}没有“${unknown.join('、')}”这个岗位；可选：${posts.join('、') || '（该部门尚未定义角色）'}。`,
        { field: 'roles' }
      );
  } else if (input.roles.length > 0) {
    throw new Refusal('invalid', 'staff.post-without-department', '没有所属部门的账号不能担任部门岗位。', {
      field: 'roles'
    });
  }
  const grantable = grantableDuties(actor);
  // A duty the account already holds may stay; only a new one must be the actor's to grant.
  const refused = input.duties.filter(d => !grantable.includes(d) && !current.includes(d));
  if (refused.length > 0)
    throw new Refusal(
      'forbidden',
      'staff.duty-not-grantable',
      `您不能授予“${refused.map(d => dutyLabels[d]).join('、')}”职责；部门管理员只能授予本部门的事项编写、部门负责人、部门监察和部门管理职责。`,
      { field: 'duties', duties: refused }
    );
  // An account without a department that administers is a system administrator: only the reform office and
  // system administrators make one (a department's administrator always has the department).
  if (input.department === null && input.duties.some(d => ['author', 'head', 'supervisor'].includes(d)))
    throw new Refusal(
      'invalid',
      'staff.duty-needs-department',
      '事项编写、部门负责人和部门监察职责须属于一个部门，请选择所属部门。',
      { field: 'department' }
    );
}

const notAdministrator = () =>
  new Refusal('forbidden', 'staff.not-administrator', '只有审改办、系统管理员和部门管理员可以管理工作人员账号。');

/**
 * Creates a staff account with a temporary password, shown once to the administrator: its holder sets their own
 * at the first sign-in.
 */
export async function createStaffAccount(
  db: Db,
  actor: Staff,
  input: StaffInput & { login: string },
  ctx: AdminContext
): Promise<{ account: StaffAccount; temporaryPassword: string }> {
  return guarded(db, actor, 'staff.create', input.login, ctx.ip, async () => {
    if (!administrationScope(actor)) throw notAdministrator();
    const login = StaffLogin.safeParse(input.login);
    if (!login.success)
      throw new Refusal('invalid', 'request.invalid', `登录名：${login.error.issues[0]?.message ?? '格式不正确'}`, {
        field: 'login'
      });
    checkGrant(actor, input, ctx);
    const password = temporaryPassword();
    const id = randomUUID();
    const hash = await hashPassword(password);
    await db.transaction(async tx => {
      try {
        await tx.query(
          `insert into users (id, kind, login, password_hash, name, department, roles, duties, must_change_password, created_at)
           values ($1, 'staff', $2, $3, $4, $5, $6::jsonb, $7::jsonb, true, $8)`,
          [
            id,
            login.data,
            hash,
            input.name,
            input.department,
            JSON.stringify(input.roles),
            JSON.stringify(input.duties),
            new Date(ctx.now).toISOString()
          ]
        );
      } catch (error) {
        if (isUniqueViolation(error))
          throw new Refusal('conflict', 'auth.exists', '该登录名已被使用。', { field: 'login' });
        throw error;
      }
      await audit(tx, {
        actor,
        action: 'staff.create',
        outcome: 'ok',
        target: login.data,
        ip: ctx.ip,
        detail: { department: input.department, roles: input.roles, duties: input.duties }
      });
    });
    return { account: await mustLoad(db, id), temporaryPassword: password };
  });
}

async function mustLoad(sql: Sql, id: string, lock = false): Promise<StaffAccount> {
  const rows = /^[0-9a-f-]{36}$/i.test(id)
    ? await sql.query<Row>(
        `select ${columns} from users where id = $1 and kind = 'staff'${lock ? ' for update' : ''}`,
        [id]
      )
    : [];
  if (!rows[0]) throw new Refusal('notFound', 'staff.not-found', '找不到这个工作人员账号。');
  return view(rows[0]);
}

/** The account, when the actor administers its department and every duty it holds is theirs to grant or keep. */
async function administered(sql: Sql, actor: Staff, id: string, lock = false): Promise<StaffAccount> {
  const account = await mustLoad(sql, id, lock);
  // Another department's account is as absent to a department's administrator as a missing one.
  const scope = administrationScope(actor);
  if (!scope) throw notAdministrator();
  if (scope !== 'all' && account.department !== scope)
    throw new Refusal('notFound', 'staff.not-found', '找不到这个工作人员账号。');
  const grantable = grantableDuties(actor);
  if (account.duties.some(d => !grantable.includes(d)))
    throw new Refusal(
      'forbidden',
      'staff.beyond-grant',
      '该账号担任的职责超出您可以授予的范围，请由审改办或系统管理员办理。'
    );
  return account;
}

/** Changes an account's name, posts and duties (its department stays: a move is a new account). */
export async function updateStaffAccount(
  db: Db,
  actor: Staff,
  id: string,
  input: Omit<StaffInput, 'department'>,
  ctx: AdminContext
): Promise<StaffAccount> {
  return guarded(db, actor, 'staff.update', id, ctx.ip, async () => {
    await db.transaction(async tx => {
      const before = await administered(tx, actor, id, true);
      checkGrant(actor, { ...input, department: before.department }, ctx, before.duties);
      if (before.id === actor.id && before.duties.includes('admin') && !input.duties.includes('admin'))
        throw new Refusal('invalid', 'staff.own-admin', '不能取消自己的管理职责，请由其他管理员办理。', {
          field: 'duties'
        });
      await tx.query('update users set name = $2, roles = $3::jsonb, duties = $4::jsonb where id = $1', [
        id,
        input.name,
        JSON.stringify(input.roles),
        JSON.stringify(input.duties)
      ]);
      // Sessions carry the principal as read at each request: the new posts and duties apply from the next one.
      await audit(tx, {
        actor,
        action: 'staff.update',
        outcome: 'ok',
        target: before.login,
        ip: ctx.ip,
        detail: {
          before: { name: before.name, roles: before.roles, duties: before.duties },
          after: { name: input.name, roles: input.roles, duties: input.duties }
        }
      });
    });
    return mustLoad(db, id);
  });
}

/** Disables an account (every session of it ends at once) or enables it again. */
export async function setStaffDisabled(
  db: Db,
  actor: Staff,
  id: string,
  disabled: boolean,
  ctx: Omit<AdminContext, 'postsOf'>
): Promise<StaffAccount> {
  const action = disabled ? 'staff.disable' : 'staff.enable';
  return guarded(db, actor, action, id, ctx.ip, async () => {
    await db.transaction(async tx => {
      const account = await administered(tx, actor, id, true);
      if (account.id === actor.id) throw new Refusal('invalid', 'staff.own-account', '不能停用自己的账号。');
      await tx.query('update users set disabled_at = $2 where id = $1', [
        id,
        disabled ? new Date(ctx.now).toISOString() : null
      ]);
      if (disabled) await revokeUserSessions(tx, id, ctx.now);
      await audit(tx, { actor, action, outcome: 'ok', target: account.login, ip: ctx.ip });
    });
    return mustLoad(db, id);
  });
}

/**
 * Gives an account a new temporary password, shown once to the administrator: every session of it ends, and its
 * holder must set their own at the next sign-in.
 */
export async function resetStaffPassword(
  db: Db,
  actor: Staff,
  id: string,
  ctx: Omit<AdminContext, 'postsOf'>
): Promise<{ account: StaffAccount; temporaryPassword: string }> {
  return guarded(db, actor, 'staff.password-reset', id, ctx.ip, async () => {
    const password = temporaryPassword();
    const hash = await hashPassword(password);
    await db.transaction(async tx => {
      const account = await administered(tx, actor, id, true);
      await tx.query('update users set password_hash = $2, must_change_password = true where id = $1', [id, hash]);
      await revokeUserSessions(tx, id, ctx.now);
      await audit(tx, { actor, action: 'staff.password-reset', outcome: 'ok', target: account.login, ip: ctx.ip });
    });
    return { account: await mustLoad(db, id), temporaryPassword: password };
  });
}

/**
 * Removes an account's second factor (a lost or replaced phone): every session of it ends, and its holder enrols a
 * new authenticator at the next sign-in with their password (GB/T 22239-2019 8.1.4.1; totp-store.ts).
 */
export async function resetStaffSecondFactor(
  db: Db,
  actor: Staff,
  id: string,
  ctx: Omit<AdminContext, 'postsOf'>
): Promise<StaffAccount> {
  return guarded(db, actor, 'staff.second-factor-reset', id, ctx.ip, async () => {
    await db.transaction(async tx => {
      const account = await administered(tx, actor, id, true);
      await removeSecondFactor(tx, id);
      await revokeUserSessions(tx, id, ctx.now);
      await audit(tx, { actor, action: 'staff.second-factor-reset', outcome: 'ok', target: account.login, ip: ctx.ip });
    });
    return mustLoad(db, id);
  });
}
