import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { audit } from '../platform/audit.ts';
import { shanghaiTime } from '@banshi/definition/calendar';
import { notifyInbox } from '../platform/notify.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import { hashPassword } from './passwords.ts';
import type { ApplicantRegistration } from './registration.ts';
import { createSession } from './sessions.ts';
import { createApplicant, toPrincipal, userColumns, type UserRow } from './users.ts';
import type { Applicant } from './principal.ts';
import type { NewSession } from './sessions.ts';
import { Refusal } from '../platform/refusal.ts';

/**
 * Registering is two steps (security-audit §1.4). The form is answered the same way whether or not its ID number or
 * credit code already has an account: a code goes by SMS to the phone given. Only someone holding that phone learns,
 * on entering the code, that the number is taken (and the account's holder is told someone tried); enumerating
 * numbers costs a phone per few numbers, limited per phone and per address.
 */
export const registrationLimits = {
  codeLength: 6,
  validMs: 10 * 60_000,
  attempts: 5,
  perPhone: 5,
  perPhoneMs: 24 * 3_600_000,
  perIp: 20,
  perIpMs: 3_600_000
} as const;

export interface StartedRegistration {
  registrationId: string;
  /** The phone the code went to, masked: 138****0000. */
  phone: string;
  expiresAt: string;
}

export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const hashCode = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('hex');
const loginOf = (input: ApplicantRegistration) => (input.kind === 'person' ? input.idNumber : input.creditCode);

function tooMany(message: string, retryAfterSeconds: number): Refusal {
  return new Refusal('throttled', 'auth.throttled', message, { retryAfterSeconds });
}

/**
 * Takes a registration form, checked already: sends the code by SMS (through the outbox, in this transaction) and
 * answers with where it went. The same answer whether the number is registered or not; throttled per phone and per
 * address (429 `auth.throttled`).
 */
export async function startRegistration(
  db: Db,
  input: ApplicantRegistration,
  context: { ip: string; now: number }
): Promise<StartedRegistration> {
  const { password, ...details } = input;
  const id = randomUUID();
  const code = String(randomInt(0, 10 ** registrationLimits.codeLength)).padStart(registrationLimits.codeLength, '0');
  const expiresAt = context.now + registrationLimits.validMs;
  await db.transaction(async tx => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`register:${context.ip}`]);
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`register-phone:${input.phone}`]);
    const [byIp] = await tx.query<{ n: number }>(
      'select count(*)::int as n from registration_codes where ip = $1 and created_at > $2',
      [context.ip, new Date(context.now - registrationLimits.perIpMs).toISOString()]
    );
    if ((byIp?.n ?? 0) >= registrationLimits.perIp)
      throw tooMany('本网络注册过于频繁，请 1 小时后再试。', registrationLimits.perIpMs / 1000);
    const [byPhone] = await tx.query<{ n: number }>(
      'select count(*)::int as n from registration_codes where phone = $1 and created_at > $2',
      [input.phone, new Date(context.now - registrationLimits.perPhoneMs).toISOString()]
    );
    if ((byPhone?.n ?? 0) >= registrationLimits.perPhone)
      throw tooMany('这个手机号码今天收到的注册验证码已达上限，请明天再试。', registrationLimits.perPhoneMs / 1000);
    // Hashed only once the limits let the registration through: a throttled flood costs no Argon2 work.
    const passwordHash = await hashPassword(password);
    await tx.query(
      `insert into registration_codes (id, kind, login, phone, details, code_hash, ip, created_at, expires_at) values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
      [
        id,
        input.kind,
        loginOf(input),
        input.phone,
        JSON.stringify({ ...details, passwordHash }),
        hashCode(id, code),
        context.ip,
        new Date(context.now).toISOString(),
        new Date(expiresAt).toISOString()
      ]
    );
    await tx.query(
      `insert into outbox (channel, recipient, subject, body, payload, next_attempt_at, created_at) values ('sms', $1, $2, $3, $4::jsonb, $5, $5)`,
      [
        input.phone,
        '【网上办事大厅】注册验证码',
        `【网上办事大厅】您的注册验证码是 ${code}，10 分钟内有效。如非本人操作，请忽略本短信。`,
        JSON.stringify({ kind: 'registrationCode', registrationId: id }),
        new Date(context.now).toISOString()
      ]
    );
    await audit(tx, {
      actor: undefined,
      action: 'auth.register.start',
      outcome: 'ok',
      target: loginOf(input),
      ip: context.ip
    });
  });
  return { registrationId: id, phone: maskPhone(input.phone), expiresAt: new Date(expiresAt).toISOString() };
}

interface CodeRow {
  id: string;
  kind: 'person' | 'organisation';
  login: string;
  phone: string;
  details: Record<string, string>;
  code_hash: string;
  attempts: number;
  expires_at: Date;
  used_at: Date | null;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A registration that can still be completed: where its code went (masked), until when. */
export async function pendingRegistration(
  sql: Sql,
  registrationId: string,
  now: number
): Promise<{ phone: string; expiresAt: string } | undefined> {
  if (!isUuid(registrationId)) return undefined;
  const [row] = await sql.query<{ phone: string; expires_at: Date }>(
    `select phone, expires_at from registration_codes where id = $1 and used_at is null and expires_at > $2 and attempts < $3`,
    [registrationId, new Date(now).toISOString(), registrationLimits.attempts]
  );
  return row ? { phone: maskPhone(row.phone), expiresAt: row.expires_at.toISOString() } : undefined;
}

const invalidCode = (message: string) => new Refusal('invalid', 'auth.code-invalid', message, { field: 'code' });

/**
 * The code entered: the account is made and signed in (201). A wrong code counts, five end the registration; an
 * expired or used one asks to start again. When the number already has an account, nothing is made: the holder of
 * this phone is told to sign in or come to a window, and the account's holder is told someone tried (409).
 */
export async function confirmRegistration(
  db: Db,
  input: { registrationId: string; code: string },
  context: { ip: string; now: number }
): Promise<{ principal: Applicant; session: NewSession }> {
  const row = await db.transaction(async tx => {
    const [found] = isUuid(input.registrationId)
      ? await tx.query<CodeRow>('select * from registration_codes where id = $1 for update', [input.registrationId])
      : [];
    if (
      !found ||
      found.used_at ||
      found.expires_at.getTime() <= context.now ||
      found.attempts >= registrationLimits.attempts
    )
      return { refused: 'expired' as const };
    const given = Buffer.from(hashCode(found.id, input.code.trim()));
    if (!timingSafeEqual(given, Buffer.from(found.code_hash))) {
      await tx.query('update registration_codes set attempts = attempts + 1 where id = $1', [found.id]);
      return { refused: 'wrong' as const, left: registrationLimits.attempts - found.attempts - 1 };
    }
    await tx.query('update registration_codes set used_at = $2 where id = $1', [
      found.id,
      new Date(context.now).toISOString()
    ]);
    return { found };
  });
  if ('refused' in row) {
    await audit(db, {
      actor: undefined,
      action: 'auth.register',
      outcome: 'rejected',
      target: input.registrationId,
      ip: context.ip,
      detail: { reason: row.refused }
    });
    if (row.refused === 'expired' || (row.left ?? 0) <= 0)
      throw new Refusal(
        'gone',
        'auth.code-expired',
        '验证码已失效（超过 10 分钟、已使用或输错次数过多），请重新填写注册信息获取新的验证码。'
      );
    throw invalidCode(`验证码不正确，还可以再试 ${row.left} 次。`);
  }
  const { found } = row;
  const { passwordHash, ...details } = found.details;
  const registration = { ...details, kind: found.kind, password: '' } as unknown as ApplicantRegistration;
  // A number registered already (or meanwhile) is refused by the database's unique login: one query, no race.
  try {
    return await db.transaction(async tx => {
      const principal = await createApplicant(tx, registration, { passwordHash: passwordHash! });
      const session = await createSession(tx, principal.id, context.now);
      await audit(tx, {
        actor: principal,
        action: 'auth.register',
        outcome: 'ok',
        target: found.login,
        ip: context.ip
      });
      return { principal, session };
    });
  } catch (error) {
    if (!(error instanceof Refusal && error.code === 'auth.exists')) throw error;
  }
  const claimed = await claimWindowAccount(db, found, passwordHash!, context);
  if (claimed) return claimed;
  await db.transaction(async tx => {
    await tellHolder(tx, found, context.now);
    await audit(tx, {
      actor: undefined,
      action: 'auth.register',
      outcome: 'rejected',
      target: found.login,
      ip: context.ip,
      detail: { reason: 'exists' }
    });
  });
  throw new Refusal(
    'conflict',
    'auth.exists',
    `${found.kind === 'person' ? '该身份证号码' : '该统一社会信用代码'}已有账号。请直接登录；忘记密码，或账号并非本人注册的，请携带${found.kind === 'person' ? '身份证' : '营业执照和经办人身份证'}到服务大厅窗口核实处理。`,
    { field: found.kind === 'person' ? 'idNumber' : 'creditCode' }
  );
}

/**
 * An account the window registered for a walk-in applicant (003 §四: the window enters for those who cannot apply
 * online) has no password until its holder claims it: a registration whose code reached the phone the clerk recorded
 * sets the password and signs them in. Any other phone is refused as for any existing account.
 */
async function claimWindowAccount(
  db: Db,
  found: CodeRow,
  passwordHash: string,
  context: { ip: string; now: number }
): Promise<{ principal: Applicant; session: NewSession } | undefined> {
  return db.transaction(async tx => {
    const [row] = await tx.query<UserRow>(
      `update users u set password_hash = $3, claimed_at = $4
        where u.login = $1 and u.phone = $2 and u.window_registered_by is not null and u.claimed_at is null
        returning ${userColumns}`,
      [found.login, found.phone, passwordHash, new Date(context.now).toISOString()]
    );
    if (!row) return undefined;
    const principal = toPrincipal(row) as Applicant;
    const session = await createSession(tx, principal.id, context.now);
    await audit(tx, { actor: principal, action: 'auth.claim', outcome: 'ok', target: found.login, ip: context.ip });
    return { principal, session };
  });
}

/** The holder of the account is told, in their inbox, that someone proved a phone and tried to register their number. */
async function tellHolder(tx: Sql, row: CodeRow, now: number): Promise<void> {
  const [holder] = await tx.query<{ id: string }>('select id from users where login = $1', [row.login]);
  if (!holder) return;
  await notifyInbox(
    tx,
    {
      userId: holder.id,
      subject: '【账号安全】有人尝试用您的证件号码注册',
      body: `${shanghaiTime(now)}，有人使用手机号 ${maskPhone(row.phone)} 尝试以您的证件号码注册网上办事大厅账号，未能注册。如非您本人操作，请留意个人信息安全；如需协助，请到服务大厅窗口办理。`,
      payload: { kind: 'registrationAttempt' }
    },
    now
  );
}

/**
 * Deletes registrations that can neither be confirmed nor count towards a limit any more (older than the longest
 * counting window): they hold a hashed password and the applicant's details, which are kept no longer than needed.
 * The worker's `registrationCodes` chore runs it; returns how many went.
 */
export async function pruneRegistrationCodes(sql: Sql, now: number): Promise<number> {
  const window = Math.max(registrationLimits.perPhoneMs, registrationLimits.perIpMs, registrationLimits.validMs);
  const rows = await sql.query('delete from registration_codes where created_at <= $1 returning 1', [
    new Date(now - window).toISOString()
  ]);
  return rows.length;
}
