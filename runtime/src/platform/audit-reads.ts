import { audit, type AuditEntry } from './audit.ts';
import type { Sql } from './db/db.ts';

/** How long a read already recorded is not recorded again for the same reader, scope and address. */
export const repeatedReadWindowMs = 10 * 60_000;
const remembered = new Map<string, number>();
const rememberedMax = 10_000;

/**
 * Records a read in the audit log unless the same reader made the same read (action, target, detail) from the same
 * address within the last ten minutes, in this process: a console that polls every ten seconds leaves one line per
 * ten minutes rather than 360 an hour. Every first read, every read of another scope and every denial (which go
 * through `audit`) are still recorded.
 */
export async function auditRead(sql: Sql, entry: AuditEntry, now: number): Promise<void> {
  const actor = entry.actor && 'id' in entry.actor ? entry.actor.id : 'anonymous';
  const key = JSON.stringify([actor, entry.action, entry.target ?? '', entry.ip ?? '', entry.detail ?? {}]);
  const last = remembered.get(key);
  if (last !== undefined && now >= last && now - last < repeatedReadWindowMs) return;
  await audit(sql, entry);
  if (remembered.size >= rememberedMax) remembered.clear();
  remembered.set(key, now);
}
