import type { Definition } from '@banshi/definition';

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
