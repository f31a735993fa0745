import type { Definition } from '@banshi/definition';

/** A licence's status as stored. */
export type StoredStatus = 'valid' | 'changed' | 'extended' | 'revoked';

/** A licence's status as read: 'expired' is derived from its last day (never stored, so never stale). */
export type LicenceStatus = StoredStatus | 'expired';

export const statusLabels: Record<LicenceStatus, string> = {
  valid: '有效',
  changed: '已变更',
  extended: '已延期',
  revoked: '已撤销',
  expired: '已过期'
};

/**
 * The status on `today` (YYYY-MM-DD, Shanghai): a licence not revoked whose last day has passed has expired. A
 * derived status rather than a nightly chore's: the library never tells another system that a licence lapsed
 * yesterday is valid because the worker was down at midnight.
 */
export function statusOn(stored: StoredStatus, validUntil: string | undefined, today: string): LicenceStatus {
  if (stored === 'revoked') return 'revoked';
  return validUntil !== undefined && validUntil < today ? 'expired' : stored;
}

/** Whether a licence in this status may be used: valid, changed and extended licences are in force. */
export const inForce = (status: LicenceStatus) => status === 'valid' || status === 'changed' || status === 'extended';

/** The Shanghai date of an instant (UTC+8 all year). */
export const shanghaiDate = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * What approving a case of this matter does to the library:
 * - `extend`: a matter applied for against a licence (每证限办, `repeatLimit`) whose name says 延期 or 延续 moves that
 *   licence's last day on by the licence's own period (《建筑法》第九条: 施工许可证延期以两次为限，每次不超过三个月);
 * - `change`: a 变更 matter that takes the licence it issues as an e-licence material (食品经营许可变更) changes that
 *   licence (same number and validity) instead of issuing a second one;
 * - `issue`: any other matter whose first result is a licence issues a new one.
 * The language has no word for "extends" or "changes", so the matter's name says it, as the catalogue writes them.
 */
export type LicenceAction =
  { kind: 'issue'; name: string } | { kind: 'extend'; licence: string } | { kind: 'change'; licence: string };

export function licenceAction(definition: Definition): LicenceAction | undefined {
  const result = definition.result?.kind === 'licence' ? definition.result : undefined;
  if (definition.repeatLimit && /延期|延续/.test(definition.name))
    return { kind: 'extend', licence: definition.repeatLimit.licence };
  if (result && /变更/.test(definition.name) && subjectLicences(definition).includes(result.name))
    return { kind: 'change', licence: result.name };
  return result ? { kind: 'issue', name: result.name } : undefined;
}

/**
 * The licences a matter takes from the library, by material: its e-licence materials, and for a matter applied
 * for against a licence (每证限办) that licence as its subject (material id `licence:<name>`).
 */
export function libraryMaterials(
  definition: Definition
): Array<{ material: string; title: string; licence: string; purpose: 'material' | 'subject' }> {
  const out: Array<{ material: string; title: string; licence: string; purpose: 'material' | 'subject' }> =
    definition.materials.flatMap(m =>
      m.origin.kind === 'eLicence'
        ? [{ material: m.id, title: m.title, licence: m.origin.licence, purpose: 'material' as const }]
        : []
    );
  const subject = definition.repeatLimit?.licence;
  if (subject && !out.some(m => m.licence === subject))
    out.push({ material: subjectMaterial(subject), title: subject, licence: subject, purpose: 'subject' });
  return out;
}

/** The use key of the licence a 延期 case acts on when no material names it. */
export const subjectMaterial = (licence: string) => `licence:${licence}`;

function subjectLicences(definition: Definition): string[] {
  return libraryMaterials(definition).map(m => m.licence);
}
