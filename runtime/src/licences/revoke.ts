import type { Staff } from '../accounts/index.ts';
import { audit } from '../platform/audit.ts';
import type { Db } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import { licenceByNumber, type Licence } from './reads.ts';
import { shanghaiDate } from './status.ts';

/** 撤销 (the grant was unlawful, 《行政许可法》第六十九条) or 吊销 (a penalty, 《行政处罚法》第九条). */
export type Revocation = 'withdrawal' | 'penalty';

const revocationWords: Record<Revocation, string> = { withdrawal: '撤销', penalty: '吊销' };

/**
 * Revokes a licence: only staff of the department that issued it, with a reason, once. The change and its history
 * line are one update (the history trigger), the audit line is in the same transaction; a refusal is audited too.
 */
export async function revokeLicence(
  db: Db,
  by: Staff,
  number: string,
  input: { kind: Revocation; reason: string },
  now: number,
  ip: string | undefined
): Promise<Licence> {
  const today = shanghaiDate(now);
  const refuse = async (refusal: Refusal) => {
    await audit(db, {
      actor: by,
      action: 'licence.revoke',
      outcome: refusal.kind === 'forbidden' || refusal.kind === 'notFound' ? 'denied' : 'rejected',
      target: number,
      ip,
      detail: { code: refusal.code }
    });
    return refusal;
  };
  const licence = await licenceByNumber(db, number, today);
  if (!licence) throw await refuse(new Refusal('notFound', 'licence.not-found', '没有这个编号的电子证照。'));
  if (by.department !== licence.department)
    throw await refuse(
      new Refusal(
        'forbidden',
        'licence.not-issuer',
        `该证照由${licence.department}核发，只有核发部门的工作人员可以撤销或吊销。`
      )
    );
  if (licence.status === 'revoked')
    throw await refuse(new Refusal('conflict', 'licence.revoked', '该证照已被撤销或吊销。'));
  const reason = input.reason.trim();
  if (!reason)
    throw await refuse(new Refusal('invalid', 'licence.reason', '撤销或吊销证照须写明理由，理由将记入证照历史。'));
  const word = revocationWords[input.kind];
  return db.transaction(async tx => {
    const moved = await tx.query(
      `update licences set status = 'revoked', updated_at = $2, changed_by_id = $3, changed_by_name = $4,
         change_reason = $5, change_case_id = null
       where licence_id = $1 and status <> 'revoked' returning licence_id`,
      [licence.licenceId, iso(now), by.id, `${by.name}（${licence.department}）`, `${word}：${reason}`]
    );
    if (moved.length === 0) throw new Refusal('conflict', 'licence.revoked', '该证照已被撤销或吊销。');
    await audit(tx, {
      actor: by,
      action: 'licence.revoke',
      outcome: 'ok',
      target: number,
      ip,
      detail: { kind: input.kind, reason }
    });
    return { ...licence, status: 'revoked' as const };
  });
}
