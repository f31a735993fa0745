import { auditGrouped } from '../platform/audit-group.ts';
import type { Principal } from '../accounts/index.ts';
import { timeline, trackedSummary } from './case-view.ts';
import type { Services } from './services.ts';
import { Refusal } from '../platform/refusal.ts';
import { readTracked, trackLimits, type TrackRow } from './track-lookups.ts';

export type Tracked = ReturnType<typeof trackedSummary> & {
  timeline: ReturnType<typeof timeline>;
};

function refuseIfGuessing(row: TrackRow): void {
  if (row.misses < trackLimits.misses || !row.oldest_miss) return;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((row.oldest_miss.getTime() + trackLimits.windowMinutes * 60_000 - Date.now()) / 1000)
  );
  throw new Refusal(
    'throttled',
    'track.throttled',
    `查询未找到的次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试。`,
    { retryAfterSeconds }
  );
}

/**
 * A case found by its number and its holder's ID number or credit code, as anyone holding both may see it; the
 * same `undefined` whether the number does not exist or the holder does not match. Every attempt is audited, and
 * its line committed before the answer (grouped with the lines of lookups made at the same moment).
 */
export async function trackCase(
  s: Services,
  number: string,
  holder: string,
  principal: Principal | undefined,
  ip: string | undefined
): Promise<Tracked | undefined> {
  // Case numbers run in sequence and credit codes are public: an address that keeps missing is guessing, and is told
  // to wait (security-audit §1.11). The misses are counted from the audit log, so every process sees the same.
  const row = await readTracked(s.db, { number, holder, ip: ip ?? null });
  if (ip) refuseIfGuessing(row);
  const matches = row.matches === true && row.case_id !== null;
  await auditGrouped(s.db, {
    actor: principal,
    action: 'case.track',
    outcome: matches ? 'ok' : 'denied',
    caseId: matches ? row.case_id! : undefined,
    target: number,
    ip
  });
  if (!matches) return undefined;
  const found = { matterCode: row.matter_code!, matterVersion: row.matter_version! };
  return {
    ...trackedSummary(row.state!, await s.cases.definitionOf(found), s.calendar()),
    timeline: timeline(row.events!, 'applicant')
  };
}
