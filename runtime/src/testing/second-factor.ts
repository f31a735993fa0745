import { findByLogin } from '../accounts/users.ts';
import { confirmEnrolment, enrolmentSecret } from '../accounts/totp-store.ts';
import { totpCode } from '../accounts/totp.ts';
import type { Db } from '../platform/db/db.ts';

/**
 * Enrols a second factor for the staff account `login` as its holder would (the secret shown, confirmed with the
 * code at `now`) and returns the secret, for tests that make staff accounts and sign them in with `totpCode`. The
 * address is the one requests sent with `app.request` have (no socket): a code of the enrolment's step may then be
 * used again from it (totp-store.ts on replay).
 */
export async function enrolStaff(db: Db, login: string, now: number, ip = 'unknown'): Promise<string> {
  const account = await findByLogin(db, login);
  if (account?.principal.kind !== 'staff') throw new Error(`no staff account ${login}`);
  const { secret } = await enrolmentSecret(db, account.principal);
  await confirmEnrolment(db, account.principal, totpCode(secret, now), { ip, now });
  return secret;
}
