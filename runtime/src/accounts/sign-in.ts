import { audit } from '../platform/audit.ts';
import type { Db } from '../platform/db/db.ts';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import { claimLoginAttempt, settleLoginAttempt } from './rate-limit.ts';
import { z } from 'zod';
import { LoginRequest, normaliseLogin } from './registration.ts';
import { createSession, revokeSession, revokeUserSessions, type NewSession } from './sessions.ts';
import { findByLogin } from './users.ts';
import { checkSecondFactor, codeMessages, hasSecondFactor } from './totp-store.ts';
import { Refusal } from '../platform/refusal.ts';

/**
 * Signing in, registering and signing out, shared by the JSON API (`/api/auth`) and the hall's pages: the same
 * throttle, the same password check, the same audit lines and the same session, whichever door was used.
 */

/** A sign-in as the API takes it: the login request and, for staff, `code` (动态口令 or a recovery code). */
export const SignInRequest = LoginRequest.extend({
  code: z
    .string()
    .trim()
    .max(32, '动态口令为 6 位数字，恢复码为 16 位字母和数字')
    .optional()
    .describe('工作人员必填：身份验证器应用中的 6 位动态口令，或一个恢复码（每个只能用一次）')
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export interface SignInAttempt {
  /** As typed; normalised here (ID numbers and credit codes upper-cased, staff logins lower-cased). */
  login: string;
  password: string;
  /** The holder's own new password, sent with the temporary one an administrator set (validated by the caller). */
  newPassword?: string | undefined;
  /** Staff: the 6-digit code of their authenticator app (动态口令), or one of their recovery codes. */
  code?: string | undefined;
  /** The client's address, for throttling and the audit log. */
  ip: string;
  now: number;
}

export interface SignedIn<P extends Principal = Principal> {
  principal: P;
  session: NewSession;
  /**
   * A member of staff without a second factor yet: the session is an enrolment session (sessions.ts), which signs
   * nobody in and can only enrol one (totp-store.ts).
   */
  enrolment?: true;
}

/**
 * Checks the throttle, then the password, and opens a session. Failures are Refusals the API answers as they
 * are: 429 `auth.throttled` (details.retryAfterSeconds), 401 `auth.invalid` for a wrong password and an unknown
 * login alike, 403 `auth.disabled` only to someone who knows the password. Every outcome is audited; a password
 * never is.
 *
 * Staff also give their second factor (GB/T 22239-2019 level 3, 8.1.4.1 c; totp-store.ts): without it a right
 * password is a 401 `auth.second-factor-required`, a wrong or replayed code a 401 `auth.code-invalid`, each counted
 * toward the throttle like a wrong password. A member of staff who has none yet gets an enrolment session instead.
 */
export async function signIn(db: Db, attempt: SignInAttempt): Promise<SignedIn> {
  const login = normaliseLogin(attempt.login);
  const throttleKey = { login, ip: attempt.ip };
  const user = await findByLogin(db, login);
  // What was typed as a login is recorded only when it names an account: it may be a password typed in the wrong box.
  const record = (outcome: 'denied' | 'rejected', reason: string, actor?: Principal) =>
    audit(db, {
      actor,
      action: 'auth.login',
      outcome,
      ip: attempt.ip,
      detail: { reason },
      ...(user ? { target: login } : {})
    });

  let claimed: number;
  try {
    claimed = await claimLoginAttempt(db, throttleKey, attempt.now);
  } catch (error) {
    if (error instanceof Refusal && error.kind === 'throttled') await record('denied', 'throttled');
    throw error;
  }

  const matches = user
    ? await verifyPassword(user.passwordHash, attempt.password)
    : await verifyNothing(attempt.password);
  const staffFactor =
    user?.principal.kind === 'staff' && matches ? await hasSecondFactor(db, user.principal.id) : false;
  // A member of staff's attempt stays counted until their second factor is checked too.
  await settleLoginAttempt(db, claimed, Boolean(user && matches) && !staffFactor);
  if (!user || !matches) {
    await record('rejected', user ? 'wrong-password' : 'unknown-login');
    throw new Refusal('unauthenticated', 'auth.invalid', '账号或密码不正确。');
  }
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabled) {
    await record('denied', 'disabled', user.principal);
    throw new Refusal('forbidden', 'auth.disabled', '该账号已停用，如有疑问请联系平台客服。');
  }

  if (staffFactor) {
    if (!attempt.code) {
      await record('rejected', 'second-factor-missing', user.principal);
      throw new Refusal('unauthenticated', 'auth.second-factor-required', codeMessages.missing, { field: 'code' });
    }
    const checked = await checkSecondFactor(db, user.principal.id, attempt.code, attempt);
    if (!checked.ok) {
      await record('rejected', checked.reason, user.principal);
      const message = checked.reason === 'code-replayed' ? codeMessages.replayed : codeMessages.wrong;
      throw new Refusal('unauthenticated', 'auth.code-invalid', message, { field: 'code' });
    }
    await settleLoginAttempt(db, claimed, true);
    if (checked.via === 'recovery')
      await audit(db, {
        actor: user.principal,
        action: 'auth.second-factor',
        outcome: 'ok',
        target: login,
        ip: attempt.ip,
        detail: { event: 'recovery-code-used', remaining: checked.remaining }
      });
  }
  const enrolment = user.principal.kind === 'staff' && !staffFactor;

  // A password an administrator set signs nobody in: its holder chooses their own first, in the same request.
  if (user.mustChangePassword && attempt.newPassword === undefined) {
    await record('denied', 'password-change-required', user.principal);
    throw new Refusal(
      'forbidden',
      'auth.password-change-required',
      '这是管理员设置的临时密码，请先设置您自己的新密码再登录（在办事工作台的登录页面）。'
    );
  }
  const replaced = user.mustChangePassword && attempt.newPassword !== undefined;
  if (replaced && attempt.newPassword === attempt.password)
    throw new Refusal('invalid', 'auth.password-unchanged', '新密码不能与临时密码相同。', { field: 'newPassword' });
  const newHash = replaced ? await hashPassword(attempt.newPassword!) : undefined;
  const session = await db.transaction(async tx => {
    if (newHash) {
      await tx.query('update users set password_hash = $2, must_change_password = false where id = $1', [
        user.principal.id,
        newHash
      ]);
      await revokeUserSessions(tx, user.principal.id, attempt.now);
      await audit(tx, { actor: user.principal, action: 'auth.password', outcome: 'ok', ip: attempt.ip });
    }
    const session = await createSession(tx, user.principal.id, attempt.now, enrolment ? 'enrol' : 'full');
    await audit(tx, {
      actor: user.principal,
      action: 'auth.login',
      outcome: 'ok',
      target: login,
      ip: attempt.ip,
      ...(enrolment ? { detail: { enrolment: true } } : {})
    });
    return session;
  });
  return { principal: user.principal, session, ...(enrolment ? { enrolment: true as const } : {}) };
}

/** Ends the session `token` belongs to and audits it; signing out without a session changes nothing. */
export async function signOut(
  db: Db,
  principal: Principal | undefined,
  token: string | undefined,
  context: { ip: string; now: number }
): Promise<void> {
  if (!principal || !token) return;
  await revokeSession(db, token, context.now);
  await audit(db, { actor: principal, action: 'auth.logout', outcome: 'ok', ip: context.ip });
}

/**
 * Changes a signed-in user's password: the current one is checked (and throttled, as a sign-in is), every session
 * of the user ends (a stolen one with it), and a fresh one is opened for whoever changed it (security-audit §1.15).
 */
export async function changePassword(
  db: Db,
  principal: Principal,
  input: { current: string; password: string },
  context: { ip: string; now: number }
): Promise<NewSession> {
  const claimed = await claimLoginAttempt(db, { login: principal.login, ip: context.ip }, context.now);
  const [row] = await db.query<{ password_hash: string }>('select password_hash from users where id = $1', [
    principal.id
  ]);
  const matches = row ? await verifyPassword(row.password_hash, input.current) : false;
  await settleLoginAttempt(db, claimed, matches);
  if (!matches) {
    await audit(db, {
      actor: principal,
      action: 'auth.password',
      outcome: 'rejected',
      ip: context.ip,
      detail: { reason: 'wrong-password' }
    });
    throw new Refusal('unauthenticated', 'auth.invalid', '当前密码不正确。');
  }
  const hash = await hashPassword(input.password);
  return db.transaction(async tx => {
    await tx.query('update users set password_hash = $2, must_change_password = false where id = $1', [
      principal.id,
      hash
    ]);
    await revokeUserSessions(tx, principal.id, context.now);
    const session = await createSession(tx, principal.id, context.now);
    await audit(tx, { actor: principal, action: 'auth.password', outcome: 'ok', ip: context.ip });
    return session;
  });
}

/** Ends every session of the signed-in user, on every device ("sign out everywhere"). */
export async function signOutEverywhere(
  db: Db,
  principal: Principal,
  context: { ip: string; now: number }
): Promise<void> {
  await revokeUserSessions(db, principal.id, context.now);
  await audit(db, {
    actor: principal,
    action: 'auth.logout',
    outcome: 'ok',
    ip: context.ip,
    detail: { everywhere: true }
  });
}
