import type { LicenceUse, Offer } from '../../licences/index.ts';
import type { FieldErrors } from '../components/form.tsx';
import type { HallContext } from '../render.ts';
import { consentId } from '../views/licences/LicenceConsent.tsx';

/**
 * The licences ticked on the apply page, by material, among those offered (any other value is dropped). Reads the
 * form Hono has already parsed for the route (parseBody caches it); nothing on a GET.
 */
export async function tickedLicences(c: HallContext, offers: Offer[]): Promise<Record<string, string[]>> {
  if (c.req.method !== 'POST' || offers.length === 0) return {};
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    return {};
  }
  const ticked: Record<string, string[]> = {};
  for (const o of offers) {
    const v = body[`licence.${o.material}`];
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    const held = values.filter(id => o.held.some(l => l.licenceId === id));
    if (held.length > 0) ticked[o.material] = held;
  }
  return ticked;
}

/**
 * The consents a submission carries: for each offer the application needs (its material needed by the answers, or
 * the licence a 延期 case acts on) where the applicant holds a licence in force, exactly one ticked. Otherwise the
 * offer's error, so the applicant is asked to agree rather than to upload (seeds/001 第二十条).
 */
export function consentedUses(
  offers: Offer[],
  ticked: Record<string, string[]>,
  needed: (material: string) => boolean
): { uses: LicenceUse[]; errors: FieldErrors } {
  const uses: LicenceUse[] = [];
  const errors: FieldErrors = {};
  offers.forEach((o, i) => {
    if (o.held.length === 0 || (o.purpose === 'material' && !needed(o.material))) return;
    const chosen = ticked[o.material] ?? [];
    if (chosen.length === 1) uses.push({ material: o.material, licenceId: chosen[0]! });
    else
      errors[consentId(i)] =
        chosen.length === 0
          ? o.purpose === 'subject'
            ? `请勾选本次申请所针对的${o.licence}`
            : `请勾选同意从电子证照库调取“${o.licence}”`
          : `“${o.licence}”只能选择一张`;
  });
  return { uses, errors };
}
