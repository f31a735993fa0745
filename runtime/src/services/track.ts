import { audit } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';
import { caseView, timeline } from './case-view.ts';
import type { Services } from './context.ts';

export type Tracked = Pick<ReturnType<typeof caseView>, 'caseNumber' | 'matter' | 'status' | 'statusLabel' | 'receivedAt' | 'deadlines' | 'provisional' | 'paused' | 'pauses' | 'next'> & {
  timeline: ReturnType<typeof timeline>;
};

/**
 * A case found by its number and its holder's ID number or credit code, as anyone holding both may see it; the
 * same `undefined` whether the number does not exist or the holder does not match. Every attempt is audited.
 */
export async function trackCase(s: Services, number: string, holder: string, principal: Principal | undefined, ip: string | undefined): Promise<Tracked | undefined> {
  const row = await s.cases.byNumber(number);
  const holders = row ? await s.db.query<{ id_number: string | null; credit_code: string | null }>('select id_number, credit_code from users where id = $1', [row.applicantId]) : [];
  const matches = Boolean(holders[0] && (holders[0].id_number === holder || holders[0].credit_code === holder));
  await audit(s.db, { actor: principal, action: 'case.track', outcome: matches ? 'ok' : 'denied', caseId: matches ? row!.caseId : undefined, target: number, ip });
  if (!row || !matches) return undefined;
  const view = caseView(row.state, await s.cases.definitionOf(row), 'applicant', s.calendar());
  return {
    caseNumber: view.caseNumber, matter: view.matter, status: view.status, statusLabel: view.statusLabel, receivedAt: view.receivedAt,
    deadlines: view.deadlines, provisional: view.provisional, paused: view.paused, pauses: view.pauses, next: view.next, timeline: timeline(await s.cases.events(row.caseId, row.version), 'applicant')
  };
}
