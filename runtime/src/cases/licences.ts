import type { Definition } from '@banshi/definition';
import type { Services } from './services.ts';

/**
 * The licences an applicant holds as electronic licences issued here: results of their approved cases. A matter
 * that needs one as a material fills it in from here instead of asking for an upload. By licence name: where it
 * came from, as the applicant reads it.
 */
export async function heldLicences(s: Services, applicantId: string): Promise<Map<string, string>> {
  const rows = await s.db.query<{ case_number: string; matter_code: string; decided: string | null }>(
    `select case_number, matter_code, state->'decision'->>'at' as decided from cases
     where applicant_id = $1 and status in ('delivered', 'completed', 'archived') and (state->'decision'->>'approve')::boolean
     order by received_at desc limit 200`,
    [applicantId]
  );
  const held = new Map<string, string>();
  for (const row of rows) {
    const result = s.registry.live(row.matter_code)?.definition.result;
    if (!result || result.kind !== 'licence' || held.has(result.name)) continue;
    const issued = row.decided ? s.calendar().dateOf(Number(row.decided) || Date.parse(row.decided)) : undefined;
    held.set(
      result.name,
      `${result.name}（办件编号 ${row.case_number}${issued ? `，${issued} 核发` : ''}），已自动调取`
    );
  }
  return held;
}

/**
 * The last day a licence issued on `issued` (YYYY-MM-DD) is valid: the matter's period on, less a day (a licence of
 * 4 years issued 2026-10-12 runs to 2030-10-11); undefined when it is valid indefinitely or the matter names no period.
 */
export function validUntil(
  issued: string,
  validity: NonNullable<Definition['result']>['validity']
): string | undefined {
  if (!validity || validity === 'indefinite') return undefined;
  const d = new Date(`${issued}T00:00:00Z`);
  if (validity.unit === 'years') d.setUTCFullYear(d.getUTCFullYear() + validity.amount);
  else if (validity.unit === 'months') d.setUTCMonth(d.getUTCMonth() + validity.amount);
  else d.setUTCDate(d.getUTCDate() + validity.amount);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
