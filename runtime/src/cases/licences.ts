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
