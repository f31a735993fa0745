import argon2 from 'argon2';
import { z } from 'zod';

/**
 * Argon2id with OWASP's minimum for a small server (19 MiB, 2 passes, 1 lane): about 30 ms a hash on one core,
 * so a two-core server still answers a burst of logins while an offline guesser pays the same per guess.
 */
export const hashOptions = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const passwordMinLength = 8;
export const passwordMaxLength = 128;

/** The password policy for new passwords: 8–128 characters with at least one letter and one digit. */
export const Password = z
  .string({ error: '请填写密码' })
  .min(passwordMinLength, `密码至少 ${passwordMinLength} 位`)
  .max(passwordMaxLength, `密码最多 ${passwordMaxLength} 位`)
  .refine(p => /\p{L}/u.test(p) && /\p{Nd}/u.test(p), '密码须同时包含字母和数字');

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

/** Whether `password` matches `hash`; a malformed hash is a mismatch, never an exception. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no account to check against, so that how long a failed
 * login takes does not tell whether the login exists.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('banshi-no-such-account-1');
  await verifyPassword(await dummy, password);
  return false;
}
