import { inForce, licencesOfHolder } from '../licences/index.ts';
import type { Services } from './services.ts';

export { validUntil } from '../licences/index.ts';

/**
 * The licences an applicant holds in the e-licence library (licences/) and may use now (valid, changed or extended,
 * before their last day), by licence name, newest first: what a matter that needs one as a material offers to use
 * instead of asking for an upload (seeds/001 第二十条), as the applicant reads it.
 */
export async function heldLicences(s: Services, applicantId: string): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  for (const l of await licencesOfHolder(s.db, applicantId, s.calendar().dateOf(s.now()))) {
    if (!inForce(l.status) || held.has(l.name)) continue;
    held.set(
      l.name,
      `${l.name}（证照编号 ${l.number}，${l.department} ${l.issuedOn} 核发${l.validUntil ? `，有效期至 ${l.validUntil}` : ''}）`
    );
  }
  return held;
}
