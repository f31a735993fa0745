import type { Context } from 'hono';
import { audit } from '../platform/audit.ts';
import type { Principal } from '../accounts/index.ts';
import { isDenial, Refusal } from '../platform/refusal.ts';
import type { Services } from '../cases/index.ts';
import type { Sql } from '../platform/db/db.ts';
import type { AppEnv } from './env.ts';
import { peerAddress as ip } from './peer.ts';

/** What `acting` gives the work: audits the success inside the work's transaction. */
export type Done = (
  tx: Sql,
  entry?: { target?: string; caseId?: string | null; detail?: Record<string, unknown> }
) => Promise<void>;

/**
 * Runs an action with its audit line: 'ok' in the action's own transaction (through `done`), 'denied' for an item
 * that is not the caller's, 'rejected' for any other refusal (recorded, then answered in the error shape).
 */
export async function acting<T>(
  c: Context<AppEnv>,
  s: Services,
  actor: Principal,
  action: string,
  target: string | undefined,
  work: (done: Done) => Promise<T>
): Promise<T> {
  try {
    return await work((tx, entry = {}) =>
      audit(tx, {
        actor,
        action,
        outcome: 'ok',
        target: entry.target ?? target,
        ip: ip(c),
        ...(entry.caseId ? { caseId: entry.caseId } : {}),
        ...(entry.detail ? { detail: entry.detail } : {})
      })
    );
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await audit(s.db, {
      actor,
      action,
      outcome: isDenial(error) ? 'denied' : 'rejected',
      target,
      ip: ip(c),
      detail: { code: error.code }
    });
    throw error;
  }
}
