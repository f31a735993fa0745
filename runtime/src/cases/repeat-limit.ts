import type { Definition } from '@banshi/definition';
import { Refusal } from '../platform/refusal.ts';
import type { Services } from './services.ts';
import { extensionsCounted } from '../licences/index.ts';

/**
 * 每证限办: a matter applied for against a licence (a construction permit's extension) at most `max` times per
 * licence. Counted are the applicant's cases of this matter since they were last granted that licence (all of them
 * when they were never granted it here) that still count: withdrawn, not accepted and denied applications do not.
 * A second submission racing this one may slip past the count; the department's review still sees both.
 * When the application names the licence from the e-licence library (`licenceId`), the count is that licence's:
 * the extensions recorded on it and the open cases of this matter acting on it.
 */
export async function refuseOverRepeatLimit(
  s: Services,
  applicantId: string,
  definition: Definition,
  licenceId?: string
): Promise<void> {
  const rule = definition.repeatLimit;
  if (!rule) return;
  if (licenceId) {
    const used = await extensionsCounted(s.db, licenceId, definition.code);
    if (used >= rule.max) throw overLimit(definition, rule, used);
    return;
  }
  const issuers = s.registry
    .all()
    .filter(m =>
      [m.definition.result, ...(m.definition.otherResults ?? [])].some(
        r => r?.kind === 'licence' && r.name === rule.licence
      )
    )
    .map(m => m.code);
  const [issued] = await s.db.query<{ at: Date | null }>(
    `select max(received_at) as at from cases
     where applicant_id = $1 and matter_code = any($2::text[]) and (state->'decision'->>'approve')::boolean`,
    [applicantId, issuers]
  );
  const [counted] = await s.db.query<{ n: number }>(
    `select count(*)::int as n from cases
     where applicant_id = $1 and matter_code = $2 and status not in ('withdrawn', 'refused')
       and coalesce((state->'decision'->>'approve')::boolean, true)
       and ($3::timestamptz is null or received_at > $3::timestamptz)`,
    [applicantId, definition.code, issued?.at ?? null]
  );
  const used = counted?.n ?? 0;
  if (used >= rule.max) throw overLimit(definition, rule, used);
}

const overLimit = (definition: Definition, rule: { licence: string; max: number }, used: number) =>
  new Refusal(
    'conflict',
    'repeat.limit',
    `同一${rule.licence}最多办理“${definition.name}”${rule.max} 次，您已办理 ${used} 次，不能再申请。`,
    { max: rule.max, used }
  );
