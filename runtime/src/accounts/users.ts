import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, type Sql } from '../platform/db/db.ts';
import { hashPassword, Password } from './passwords.ts';
import { Duty, type Applicant, type Principal, type Staff } from './principal.ts';
import { normaliseLogin, StaffLogin, type ApplicantRegistration } from './registration.ts';
import { Refusal } from '../platform/refusal.ts';

/** A `users` row as the queries here select it. */
export interface UserRow {
  id: string;
  kind: 'person' | 'organisation' | 'staff';
  login: string;
  name: string;
  id_number: string | null;
  credit_code: string | null;
  department: string | null;
  roles: unknown;
  duties: unknown;
  good_record: boolean;
}

export const userColumns =
  'u.id, u.kind, u.login, u.name, u.id_number, u.credit_code, u.department, u.roles, u.duties, u.good_record';

/** The password of an account the window made: no password verifies against it until its holder claims it. */
export const unclaimedPassword = '!window-unclaimed';

const Roles = z.array(z.string());
const Duties = z.array(Duty);

/** The principal a `users` row stands for. */
export function toPrincipal(row: UserRow): Principal {
  switch (row.kind) {
    case 'person':
      return {
        kind: 'person',
        id: row.id,
        login: row.login,
        name: row.name,
        idNumber: row.id_number ?? row.login,
        goodRecord: row.good_record
      };
    case 'organisation':
      return {
        kind: 'organisation',
        id: row.id,
        login: row.login,
        name: row.name,
        creditCode: row.credit_code ?? row.login,
        goodRecord: row.good_record
      };
    case 'staff':
      return {
        kind: 'staff',
        id: row.id,
        login: row.login,
        name: row.name,
        department: row.department,
        roles: Roles.parse(row.roles),
        duties: Duties.parse(row.duties)
      };
    default: {
      const never: never = row.kind;
      throw new Error(`unknown user kind ${String(never)}`);
    }
  }
}

/**
 * Registers a person or an organisation. Their ID number or credit code is their login; registering it twice is a
 * 409 `auth.exists`. An organisation's contact person is kept in `contact_name`. The password may come hashed
 * already (a registration confirmed by its code keeps only the hash).
 */
export async function createApplicant(
  sql: Sql,
  input: ApplicantRegistration,
  options: { passwordHash?: string } = {}
): Promise<Applicant> {
  const id = randomUUID();
  const passwordHash = options.passwordHash ?? (await hashPassword(input.password));
  const login = input.kind === 'person' ? input.idNumber : input.creditCode;
  try {
    await sql.query(
      `insert into users (id, kind, login, password_hash, name, id_number, credit_code, phone, contact_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        input.kind,
        login,
        passwordHash,
        input.name,
        input.kind === 'person' ? login : null,
        input.kind === 'organisation' ? login : null,
        input.phone,
        input.kind === 'organisation' ? input.contactName : null
      ]
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw input.kind === 'person'
      ? new Refusal('conflict', 'auth.exists', '该身份证号码已注册。', { field: 'idNumber' })
      : new Refusal('conflict', 'auth.exists', '该统一社会信用代码已注册。', { field: 'creditCode' });
  }
  return input.kind === 'person'
    ? { kind: 'person', id, login, name: input.name, idNumber: login, goodRecord: false }
    : { kind: 'organisation', id, login, name: input.name, creditCode: login, goodRecord: false };
}

export interface NewStaff {
  login: string;
  name: string;
  password: string;
  department: string | null;
  roles: string[];
  duties: Duty[];
}

/** `value` as `schema` reads it, or a refusal naming the field (`what`) and what is wrong with it. */
function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Refusal('invalid', 'request.invalid', `${what}：${issue?.message ?? '格式不正确'}`, { field: what });
}

/** Creates a staff account; the login name and password are checked here, a taken login name is a 409. */
export async function createStaff(sql: Sql, input: NewStaff): Promise<Staff> {
  const login = checked(StaffLogin, input.login, '登录名');
  const password = checked(Password, input.password, '密码');
  const duties = checked(Duties, input.duties, '职责');
  const id = randomUUID();
  try {
    await sql.query(
      `insert into users (id, kind, login, password_hash, name, department, roles, duties)
       values ($1, 'staff', $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
      [
        id,
        login,
        await hashPassword(password),
        input.name,
        input.department,
        JSON.stringify(input.roles),
        JSON.stringify(duties)
      ]
    );
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('conflict', 'auth.exists', '该登录名已被使用。', { field: 'login' });
    throw error;
  }
  return { kind: 'staff', id, login, name: input.name, department: input.department, roles: [...input.roles], duties };
}

export interface UserCredentials {
  principal: Principal;
  passwordHash: string;
  disabled: boolean;
  /** The password was set by an administrator: its holder must choose their own before signing in. */
  mustChangePassword: boolean;
}

/** The account a login (as typed; it is normalised here) belongs to, with what is needed to check a password. */
export async function findByLogin(sql: Sql, login: string): Promise<UserCredentials | undefined> {
  const [row] = await sql.query<
    UserRow & { password_hash: string; disabled_at: Date | null; must_change_password: boolean }
  >(`select ${userColumns}, u.password_hash, u.disabled_at, u.must_change_password from users u where u.login = $1`, [
    normaliseLogin(login)
  ]);
  return (
    row && {
      principal: toPrincipal(row),
      passwordHash: row.password_hash,
      disabled: row.disabled_at !== null,
      mustChangePassword: row.must_change_password
    }
  );
}

/** What a window clerk registers for an applicant checked in person: the number is the login. */
export interface WindowAccount {
  kind: 'person' | 'organisation';
  /** ID number or credit code. */
  login: string;
  name: string;
  phone: string;
  contactName?: string;
}

/**
 * An applicant account the window made (registration at the window, or a number taken back for its holder): no
 * password until the holder claims it with an SMS code; the clerk and the in-person check recorded. Its id.
 */
export async function insertWindowAccount(
  sql: Sql,
  account: WindowAccount,
  clerk: Staff,
  now: string
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `insert into users (id, kind, login, password_hash, name, id_number, credit_code, phone, contact_name,
       window_registered_by, window_registered_at, id_checked_in_person)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, true)`,
    [
      id,
      account.kind,
      account.login,
      unclaimedPassword,
      account.name,
      account.kind === 'person' ? account.login : null,
      account.kind === 'organisation' ? account.login : null,
      account.phone,
      account.kind === 'organisation' ? (account.contactName ?? null) : null,
      clerk.id,
      now
    ]
  );
  return id;
}
