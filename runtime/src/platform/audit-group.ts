import { audit, auditColumns, type AuditEntry } from './audit.ts';
import type { Db } from './db/db.ts';
import { Grouped } from './grouped.ts';

/** At most this many lines in one insert: a burst larger than that takes several commits. */
const maxGroup = 500;

/** One insert of many lines, in the order given (the chain numbers them in that order). */
async function insertGroup(db: Db, entries: AuditEntry[]): Promise<void> {
  const rows = entries.map(auditColumns);
  await db.query(
    `insert into audit_log (actor_id, actor_kind, action, case_id, target, outcome, ip, detail)
     select r.actor_id, r.actor_kind, r.action, r.case_id, r.target, r.outcome, r.ip, r.detail
     from rows from (jsonb_to_recordset($1::jsonb) as (actor_id uuid, actor_kind text, action text, case_id uuid,
                     target text, outcome text, ip text, detail jsonb)) with ordinality
          as r(actor_id, actor_kind, action, case_id, target, outcome, ip, detail, n)
     order by r.n`,
    [JSON.stringify(rows)]
  );
}

/**
 * The audit lines of concurrent reads (a citizen tracking a case), written many per commit: every line is still
 * committed before the read that wrote it is answered, but the lines that arrive while one insert commits go
 * together in the next. The audit chain (migration 021) lets one writer at a time hold it until its commit, so one
 * durable commit per read capped the tracking lookups at the server's commit rate (performance-notes: four round
 * trips, one of them an fsync'd transaction, and the lock convoy of 200 connections behind it). A line that the
 * group insert cannot take is written alone, so one bad line never fails the others.
 */
const groups = new WeakMap<Db, Grouped<AuditEntry, void>>();

/**
 * Appends one line to the audit log, outside any transaction, and resolves once it is committed: durably, as
 * `audit` does, but grouped with the lines of other requests waiting at the same moment into one insert and one
 * commit. For reads; a command's line belongs in its own statement (`auditPart`).
 */
export function auditGrouped(db: Db, entry: AuditEntry): Promise<void> {
  let group = groups.get(db);
  if (!group) {
    group = new Grouped<AuditEntry, void>(
      maxGroup,
      async entries => {
        await insertGroup(db, entries);
        return entries.map(() => undefined);
      },
      one => audit(db, one)
    );
    groups.set(db, group);
  }
  return group.add(entry);
}
