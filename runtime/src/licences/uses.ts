import type { Definition } from '@banshi/definition';
import type { Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { part, type SqlPart } from '../platform/db/write-statement.ts';
import { iso } from '../platform/time.ts';
import { licencesOfHolder, type Licence } from './reads.ts';
import { inForce, libraryMaterials } from './status.ts';

/** A held licence the applicant agreed to have used for a material (or as the licence a 延期 case acts on). */
export interface LicenceUse {
  material: string;
  licenceId: string;
}

/** A material the library can fill for this applicant, with the licences in force they hold for it. */
export interface Offer {
  material: string;
  title: string;
  licence: string;
  purpose: 'material' | 'subject';
  held: Licence[];
}

/**
 * What the library offers for a matter's materials: per e-licence material (and the licence a 每证限办 matter acts
 * on), the holder's licences of that name in force today, newest first. Only valid, changed or extended licences
 * before their last day are offered (seeds/001 第二十条: shared licences are used instead of asking again).
 */
export async function offers(db: Sql, definition: Definition, holderId: string, today: string): Promise<Offer[]> {
  const wanted = libraryMaterials(definition);
  if (wanted.length === 0) return [];
  const held = (await licencesOfHolder(db, holderId, today)).filter(l => inForce(l.status));
  return wanted.map(w => ({ ...w, held: held.filter(l => l.name === w.licence) }));
}

/**
 * The uses an application names, checked: each for a material the library fills, of a licence the applicant holds
 * in force under that name, one per material. A licence not theirs reads as absent.
 */
export async function checkedUses(
  db: Sql,
  definition: Definition,
  holderId: string,
  uses: LicenceUse[],
  today: string
): Promise<Array<LicenceUse & { purpose: 'material' | 'subject'; number: string }>> {
  if (uses.length === 0) return [];
  const available = await offers(db, definition, holderId, today);
  const seen = new Set<string>();
  return uses.map(u => {
    const offer = available.find(o => o.material === u.material);
    if (!offer || seen.has(u.material))
      throw new Refusal('invalid', 'licence.material', `本事项没有可从电子证照库调取的材料“${u.material}”。`, {
        material: u.material
      });
    seen.add(u.material);
    const licence = offer.held.find(l => l.licenceId === u.licenceId);
    if (!licence)
      throw new Refusal(
        'invalid',
        'licence.not-held',
        `您名下没有可用于“${offer.title}”的有效${offer.licence}，请重新选择。`,
        { material: u.material }
      );
    return { ...u, purpose: offer.purpose, number: licence.number };
  });
}

/**
 * The consent log as part of the submission's statement: who agreed, to which licence, for which case, matter and
 * material, when. Written if and only if the case is.
 */
export function usesPart(
  holderId: string,
  matterCode: string,
  uses: Array<LicenceUse & { purpose: 'material' | 'subject' }>,
  now: number
): SqlPart[] {
  if (uses.length === 0) return [];
  return [
    part(
      `insert into licence_uses (licence_id, applicant_id, case_id, matter_code, material, purpose, consented_at)
       select u."licenceId", $1::uuid, t.case_id, $2, u.material, u.purpose, $3
       from target t, jsonb_to_recordset($4::jsonb) as u("licenceId" uuid, material text, purpose text)`,
      holderId,
      matterCode,
      iso(now),
      JSON.stringify(uses.map(u => ({ licenceId: u.licenceId, material: u.material, purpose: u.purpose })))
    )
  ];
}

/** The licences a case used, by material, with their numbers: what the case's staff and applicant read. */
export async function usesOfCase(
  db: Sql,
  caseId: string
): Promise<Array<{ material: string; licenceId: string; number: string; name: string; consentedAt: string }>> {
  const rows = await db.query<{ material: string; licence_id: string; number: string; name: string; at: Date }>(
    `select u.material, u.licence_id, l.number, l.name, u.consented_at as at
     from licence_uses u join licences l on l.licence_id = u.licence_id where u.case_id = $1 order by u.id`,
    [caseId]
  );
  return rows.map(r => ({
    material: r.material,
    licenceId: r.licence_id,
    number: r.number,
    name: r.name,
    consentedAt: new Date(r.at).toISOString()
  }));
}

/**
 * How many times a licence has been extended, counting the extensions recorded on it and the cases of `matterCode`
 * still open that act on it: what 每证限办 counts (《建筑法》第九条: 延期以两次为限).
 */
export async function extensionsCounted(db: Sql, licenceId: string, matterCode: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select l.extensions + (select count(*)::int from licence_uses u join cases c on c.case_id = u.case_id
                            where u.licence_id = l.licence_id and u.matter_code = $2
                              and c.status not in ('withdrawn', 'refused') and c.state->'decision' is null) as n
     from licences l where l.licence_id = $1`,
    [licenceId, matterCode]
  );
  return row?.n ?? 0;
}
