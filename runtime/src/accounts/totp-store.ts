import { createHash } from 'node:crypto';
import { audit } from '../platform/audit.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import type { Staff } from './principal.ts';
import {
  checkTotp,
  isTotpCode,
  newRecoveryCode,
  newTotpSecret,
  normaliseRecoveryCode,
  recoveryCodeCount,
  totpUri
} from './totp.ts';

/**
 * A member of staff's second factor as the database keeps it (migration 027): the TOTP secret, the last step
 * accepted, the recovery codes. GB/T 22239-2019 (等保 2.0) level 3, 8.1.4.1 c) asks administrators and operators to
 * be identified by two techniques, one of them cryptographic; seeds/004 第二十条 asks for 身份认证 and seeds/001
 * 第二十三条 for 身份认证、存取访问控制和信息审计跟踪; security-audit §6 found no MFA for staff.
 *
 * Replay (RFC 6238 §5.2: a code accepted once is not accepted again): a code of a step already used is refused when
 * it comes from another address than the one that used it, and accepted from the same address. A code seen over a
 * shoulder or caught by a keylogger or a phishing page is used from elsewhere; the same address is the holder's own
 * machine signing in again within the same 30 seconds (a temporary password replaced in a second request, another
 * tab), and the test suites and drills sign one account in many times in one frozen step. The password is still
 * needed with it, and every failure counts toward the sign-in throttle.
 */

export const codeMessages = {
  missing: '请填写动态口令：身份验证器应用中显示的 6 位数字（手机不在身边时，可填写一个恢复码）。',
  wrong: '动态口令不正确或已过期，请填写身份验证器应用中当前显示的 6 位数字。',
  replayed: '这个动态口令已在其他地方使用过，请等身份验证器显示下一个口令后再登录。'
} as const;

export type SecondFactorCheck =
  | { ok: true; via: 'totp'; step: number }
  | { ok: true; via: 'recovery'; remaining: number }
  | { ok: false; reason: 'wrong-code' | 'code-replayed' };

/** Whether the staff account `userId` has a confirmed second factor. */
export async function hasSecondFactor(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql.query<{ enrolled: boolean }>(
    'select totp_enrolled_at is not null as enrolled from users where id = $1',
    [userId]
  );
  return row?.enrolled ?? false;
}

/**
 * Checks a code typed at sign-in: a 6-digit TOTP code (its step recorded, see above on replay) or one of the
 * account's unused recovery codes (used up here, atomically: two requests with one code cannot both succeed; a used
 * one is refused as a wrong one).
 */
export async function checkSecondFactor(
  db: Db,
  userId: string,
  typed: string,
  context: { ip: string; now: number }
): Promise<SecondFactorCheck> {
  const code = typed.trim().replace(/\s/g, '');
  if (isTotpCode(code)) {
    const [row] = await db.query<{ totp_secret: string | null }>('select totp_secret from users where id = $1', [
      userId
    ]);
    const step = row?.totp_secret ? checkTotp(row.totp_secret, code, context.now) : undefined;
    if (step === undefined) return { ok: false, reason: 'wrong-code' };
    const accepted = await db.query(
      `update users set totp_last_step = greatest(coalesce(totp_last_step, $2::bigint), $2::bigint), totp_last_ip = $3
        where id = $1 and (totp_last_step is null or totp_last_step < $2::bigint or totp_last_ip = $3)
        returning id`,
      [userId, step, context.ip]
    );
    return accepted.length > 0 ? { ok: true, via: 'totp', step } : { ok: false, reason: 'code-replayed' };
  }
  const recovery = normaliseRecoveryCode(code);
  if (!recovery) return { ok: false, reason: 'wrong-code' };
  const used = await db.query(
    `update staff_recovery_codes set used_at = $3::timestamptz
      where user_id = $1 and code_hash = $2 and used_at is null returning id`,
    [userId, recoveryHash(recovery), new Date(context.now).toISOString()]
  );
  if (used.length === 0) return { ok: false, reason: 'wrong-code' };
  const [left] = await db.query<{ n: number }>(
    'select count(*)::int as n from staff_recovery_codes where user_id = $1 and used_at is null',
    [userId]
  );
  return { ok: true, via: 'recovery', remaining: left?.n ?? 0 };
}

/** The stored form of a recovery code (normalised): its SHA-256, as a session token's. */
const recoveryHash = (code: string) => createHash('sha256').update(code).digest('hex');

/** What the enrolment page shows: the secret as text and as the URI the QR code carries. */
export interface EnrolmentSecret {
  secret: string;
  uri: string;
}

/**
 * The secret being enrolled, made on the first ask and the same until it is confirmed (reloading the page shows the
 * same one). Refused once the account has a second factor: an administrator must reset it first.
 */
export async function enrolmentSecret(db: Db, staff: Staff): Promise<EnrolmentSecret> {
  return db.transaction(async tx => {
    const [row] = await tx.query<{ totp_enrolled_at: Date | null; totp_pending_secret: string | null }>(
      'select totp_enrolled_at, totp_pending_secret from users where id = $1 for update',
      [staff.id]
    );
    if (!row) throw new Error(`no user ${staff.id}`);
    if (row.totp_enrolled_at) throw alreadyEnrolled();
    let secret = row.totp_pending_secret;
    if (!secret) {
      secret = newTotpSecret();
      await tx.query('update users set totp_pending_secret = $2 where id = $1', [staff.id, secret]);
    }
    return { secret, uri: totpUri(secret, staff.login) };
  });
}

const alreadyEnrolled = () =>
  new Refusal('conflict', 'auth.enrolled', '该账号已绑定身份验证器。如需更换，请联系系统管理员重置动态口令。');

/**
 * Confirms the secret being enrolled with a code from the app, makes ten recovery codes (returned once, stored
 * hashed) and audits it. A wrong code is a 401 `auth.code-invalid` (the caller counts it toward the throttle).
 */
export async function confirmEnrolment(
  db: Db,
  staff: Staff,
  typed: string,
  context: { ip: string; now: number }
): Promise<string[]> {
  const pending = async (sql: Sql) => {
    const [row] = await sql.query<{ totp_enrolled_at: Date | null; totp_pending_secret: string | null }>(
      'select totp_enrolled_at, totp_pending_secret from users where id = $1',
      [staff.id]
    );
    if (row?.totp_enrolled_at) throw alreadyEnrolled();
    return row?.totp_pending_secret ?? undefined;
  };
  const secret = await pending(db);
  const step = secret ? checkTotp(secret, typed.trim().replace(/\s/g, ''), context.now) : undefined;
  if (step === undefined)
    throw new Refusal('unauthenticated', 'auth.code-invalid', codeMessages.wrong, { field: 'code' });
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  const hashes = codes.map(recoveryHash);
  await db.transaction(async tx => {
    await tx.query('select 1 from users where id = $1 for update', [staff.id]);
    // Confirmed or changed meanwhile (another tab): the code was for a secret no longer being enrolled.
    if ((await pending(tx)) !== secret)
      throw new Refusal('conflict', 'auth.enrolment-changed', '绑定状态已变化，请刷新页面后重试。');
    const at = new Date(context.now).toISOString();
    await tx.query(
      `update users set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enrolled_at = $2::timestamptz,
              totp_last_step = $3, totp_last_ip = $4
        where id = $1`,
      [staff.id, at, step, context.ip]
    );
    await tx.query('delete from staff_recovery_codes where user_id = $1', [staff.id]);
    for (const hash of hashes)
      await tx.query(
        'insert into staff_recovery_codes (user_id, code_hash, created_at) values ($1, $2, $3::timestamptz)',
        [staff.id, hash, at]
      );
    await audit(tx, {
      actor: staff,
      action: 'auth.second-factor',
      outcome: 'ok',
      target: staff.login,
      ip: context.ip,
      detail: { event: 'enrolled', recoveryCodes: codes.length }
    });
  });
  return codes;
}

/**
 * Removes an account's second factor and recovery codes: its holder enrols again at the next sign-in. The caller
 * (an administrator's reset, staff-admin.ts) checks who may and audits it, and ends the account's sessions.
 */
export async function removeSecondFactor(sql: Sql, userId: string): Promise<void> {
  await sql.query(
    `update users set totp_secret = null, totp_enrolled_at = null, totp_pending_secret = null, totp_last_step = null,
            totp_last_ip = null
      where id = $1`,
    [userId]
  );
  await sql.query('delete from staff_recovery_codes where user_id = $1', [userId]);
}

/** Whether some account holds the published demo secret: the demo accounts exist (BANSHI_DEMO). */
export async function demoSecretInUse(sql: Sql, secret: string): Promise<boolean> {
  const [row] = await sql.query<{ demo: boolean }>(
    'select exists (select 1 from users where totp_secret = $1) as demo',
    [secret]
  );
  return row?.demo ?? false;
}

/** Gives a demo staff account the published demo secret (demo.ts), enrolled when the accounts are made. */
export async function enrolDemoSecret(sql: Sql, userId: string, secret: string): Promise<void> {
  await sql.query('update users set totp_secret = $2, totp_enrolled_at = now() where id = $1', [userId, secret]);
}
