import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time passwords (RFC 6238) for staff sign-in, through otpauth: HMAC-SHA1, 6 digits, 30-second steps,
 * what every authenticator app (Google/Microsoft Authenticator, FreeOTP, 腾讯身份验证器, …) reads from a QR code.
 * Pure: the time is passed in (the runtime's clock, a drill clock in drills and tests).
 */

export const totpIssuer = '办事 Banshi';
const periodSeconds = 30;
const digits = 6;
/** A code of the step before or after the current one is accepted too: a phone's clock a little off (RFC 6238 §5.2). */
export const totpWindow = 1;

/**
 * The published secret of the demo staff accounts (BANSHI_DEMO): anyone trying Banshi adds it to an authenticator
 * app; no real account ever has it (enrolment makes a random one).
 */
export const demoTotpSecret = 'BANSHIDEMOSTAFFTOTPSECRETQ3JY7WA';

function totp(secret: string, login = ''): TOTP {
  return new TOTP({
    issuer: totpIssuer,
    label: login,
    algorithm: 'SHA1',
    digits,
    period: periodSeconds,
    secret: Secret.fromBase32(secret)
  });
}

/** A new random secret of 160 bits (RFC 4226 §4 R6), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The 6-digit code `secret` gives at `at` (ms since the epoch). */
export function totpCode(secret: string, at: number): string {
  return totp(secret).generate({ timestamp: at });
}

/** The time step of `at`. */
export function totpStep(at: number): number {
  return TOTP.counter({ period: periodSeconds, timestamp: at });
}

/** The time step `code` belongs to when it is right for `secret` at `at` (within the window), else undefined. */
export function checkTotp(secret: string, code: string, at: number): number | undefined {
  if (!isTotpCode(code)) return undefined;
  const delta = totp(secret).validate({ token: code, timestamp: at, window: totpWindow });
  return delta === null ? undefined : totpStep(at) + delta;
}

export const isTotpCode = (code: string) => /^\d{6}$/.test(code);

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, login: string): string {
  return totp(secret, login).toString();
}

/** The secret in groups of four, as it is easier to type into an app by hand. */
export const groupedSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
export const recoveryCodeCount = 10;

/**
 * A recovery code: sixteen characters without look-alikes (79 bits), as `xxxx-xxxx-xxxx-xxxx`. As many bits as make
 * its SHA-256 in the database useless to a guesser (as a session token's is), so it needs no slow hash.
 */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => recoveryAlphabet[randomInt(recoveryAlphabet.length)]!);
  return grouped(chars.join(''));
}

const grouped = (bare: string) => bare.replace(/(.{4})(?=.)/g, '$1-');

/** A recovery code as typed (any case, spaces or hyphens anywhere) in the form it is stored from. */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const bare = typed.toLowerCase().replace(/[\s-]/g, '');
  if (bare.length !== 16 || [...bare].some(c => !recoveryAlphabet.includes(c))) return undefined;
  return grouped(bare);
}
