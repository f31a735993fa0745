import { audit } from '../platform/audit.ts';
import type { Principal } from '../accounts/index.ts';
import { caseView, timeline } from './case-view.ts';
import type { Services } from './services.ts';
import { Refusal } from '../platform/refusal.ts';

export type Tracked = Pick<
  ReturnType<typeof caseView>,
  | 'caseNumber'
  | 'matter'
  | 'status'
  | 'statusLabel'
  | 'receivedAt'
  | 'deadlines'
  | 'provisional'
  | 'paused'
  | 'pauses'
  | 'next'
> & {
  timeline: ReturnType<typeof timeline>;
};

/** Lookups that found nothing, allowed per address in a window before further lookups are refused (security-audit §1.11). */
export const trackLimits = { windowMinutes: 15, misses: 20 } as const;

/**
 * Case numbers run in sequence and credit codes are public: an address that keeps missing is guessing, and is told
 * to wait (429) whatever it asks next. Counted from the audit log's denied lookups, so every process sees the same.
 */
async function refuseIfGuessing(s: Services, ip: string): Promise<void> {
  const rows = await s.db.query<{ at: Date }>(
    `select at from audit_log where action = 'case.track' and outcome = 'denied' and ip = $1 and at > now() - make_interval(mins => $2)
     order by at desc limit $3`,
    [ip, trackLimits.windowMinutes, trackLimits.misses]
  );
  if (rows.length < trackLimits.misses) return;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((rows.at(-1)!.at.getTime() + trackLimits.windowMinutes * 60_000 - Date.now()) / 1000)
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
 * same `undefined` whether the number does not exist or the holder does not match. Every attempt is audited.
 */
export async function trackCase(
  s: Services,
  number: string,
  holder: string,
  principal: Principal | undefined,
  ip: string | undefined
): Promise<Tracked | undefined> {
  if (ip) await refuseIfGuessing(s, ip);
  const row = await s.cases.byNumber(number);
  const holders = row
    ? await s.db.query<{ id_number: string | null; credit_code: string | null }>(
        'select id_number, credit_code from users where id = $1',
        [row.applicantId]
      )
    : [];
  const matches = Boolean(holders[0] && (holders[0].id_number === holder || holders[0].credit_code === holder));
  await audit(s.db, {
    actor: principal,
    action: 'case.track',
    outcome: matches ? 'ok' : 'denied',
    caseId: matches ? row!.caseId : undefined,
    target: number,
    ip
  });
  if (!row || !matches) return undefined;
  const view = caseView(row.state, await s.cases.definitionOf(row), 'applicant', s.calendar());
  return {
    caseNumber: view.caseNumber,
    matter: view.matter,
    status: view.status,
    statusLabel: view.statusLabel,
    receivedAt: view.receivedAt,
    deadlines: view.deadlines,
    provisional: view.provisional,
    paused: view.paused,
    pauses: view.pauses,
    next: view.next,
    timeline: timeline(await s.cases.events(row.caseId, row.version), 'applicant')
  };
}
