import type { Staff } from '../accounts/index.ts';
import { insertWindowAccount, recordVerification } from '../accounts/index.ts';
import { isUniqueViolation, type Db } from '../platform/db/db.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import { applicantById, type WindowApplicant } from './window.ts';

/** What the window types to register a walk-in applicant (checked by the route with the identifier checks). */
export type WindowRegistration =
  | { kind: 'person'; name: string; idNumber: string; phone: string; idChecked: true }
  | { kind: 'organisation'; name: string; creditCode: string; contactName: string; phone: string; idChecked: true };

/**
 * Registers an applicant at the window (seeds/001 第七条: identity first — here the clerk checked the ID card, or the
 * licence and the agent's ID card, in person; recorded on the account and in the audit line). No password: the
 * holder claims the account later with an SMS code to this phone, as registration does. A number already
 * registered is a 409 naming the field, so the clerk finds that account instead.
 */
export async function registerAtWindow(
  db: Db,
  staff: Staff,
  input: WindowRegistration,
  now: number,
  extra: Extra<WindowApplicant> = noExtra
): Promise<WindowApplicant> {
  const login = input.kind === 'person' ? input.idNumber : input.creditCode;
  return db.transaction(async tx => {
    let id: string;
    try {
      id = await insertWindowAccount(
        tx,
        {
          kind: input.kind,
          login,
          name: input.name,
          phone: input.phone,
          contactName: input.kind === 'organisation' ? input.contactName : undefined
        },
        staff,
        iso(now)
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw input.kind === 'person'
        ? new Refusal('conflict', 'auth.exists', '该身份证号码已注册，请按号码查找这位申请人。', { field: 'idNumber' })
        : new Refusal('conflict', 'auth.exists', '该统一社会信用代码已注册，请按代码查找这个单位。', {
            field: 'creditCode'
          });
    }
    // The clerk checked the document in person: the account is verified from the start (accounts/identity.ts).
    await recordVerification(
      tx,
      {
        userId: id,
        method: 'window',
        document: input.kind === 'person' ? '居民身份证' : '营业执照和经办人居民身份证',
        by: staff
      },
      now
    );
    const created = await applicantById(tx, id, now);
    await extra(tx, created);
    return created;
  });
}

/**
 * Records (or withdraws) 信用良好 for an applicant: a good-record applicant's case is accepted before the paper arrives
 * (the engine's fast path). Who, when and on what basis are kept beside the flag.
 */
export async function recordGoodRecord(
  db: Db,
  staff: Staff,
  applicantId: string,
  input: { goodRecord: boolean; basis: string },
  now: number,
  extra: Extra<WindowApplicant> = noExtra
): Promise<WindowApplicant> {
  return db.transaction(async tx => {
    const rows = await tx.query<{ id: string }>(
      `update users set good_record = $2, good_record_by = $3, good_record_at = $4, good_record_basis = $5
       where id = $1 and kind in ('person', 'organisation') returning id`,
      [applicantId, input.goodRecord, staff.id, iso(now), input.basis]
    );
    if (rows.length === 0)
      throw new Refusal('notFound', 'applicant.not-found', '找不到这位申请人，请先按证件号码查找或当场注册。');
    const updated = await applicantById(tx, applicantId, now);
    await extra(tx, updated);
    return updated;
  });
}
