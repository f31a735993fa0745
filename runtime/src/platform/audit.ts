import type { Sql } from './db/db.ts';
import { part, type SqlPart } from './db/write-statement.ts';

/** What the audit log records of a principal: the audit knows nothing else of accounts. */
export interface AuditActor {
  id: string;
  kind: 'person' | 'organisation' | 'staff';
}

export interface AuditEntry {
  /** Who acted: any signed-in principal (its id and kind are recorded), the system, or nobody signed in. */
  actor: AuditActor | undefined | { kind: 'system' };
  action: string;
  outcome: 'ok' | 'denied' | 'rejected' | 'error';
  caseId?: string;
  target?: string;
  ip?: string;
  detail?: Record<string, unknown>;
}

/**
 * What a request named, as the log can keep it: at most 200 characters, without NUL or lone surrogates (which
 * PostgreSQL refuses). The log records attempts with malformed input too; they must not fail to be recorded.
 */
export function storable(text: string | undefined): string | null {
  if (text === undefined) return null;
  return [...text.replace(/\0/g, '\uFFFD')]
    .map(ch => (ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF' ? '\uFFFD' : ch))
    .slice(0, 200)
    .join('');
}

/**
 * Appends one line to the audit log (the table refuses updates and deletes). Pass the transaction when acting: the
 * line is then written as the transaction's last statement, with its commit (`Sql.atCommit`), so that the audit
 * chain's lock is held for the commit alone; the line is committed with the transaction's work, or neither is.
 */
export async function audit(sql: Sql, entry: AuditEntry): Promise<void> {
  const c = auditColumns(entry);
  const write = sql.atCommit ? sql.atCommit.bind(sql) : (text: string, params: unknown[]) => sql.query(text, params);
  await write(
    `insert into audit_log (actor_id, actor_kind, action, case_id, target, outcome, ip, detail)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [c.actor_id, c.actor_kind, c.action, c.case_id, c.target, c.outcome, c.ip, JSON.stringify(c.detail)]
  );
}

/** An entry as the audit log's columns. */
export function auditColumns(entry: AuditEntry) {
  const actor = entry.actor;
  return {
    actor_id: actor && 'id' in actor ? actor.id : null,
    actor_kind: actor?.kind ?? 'anonymous',
    action: entry.action,
    case_id: entry.caseId ?? null,
    target: storable(entry.target),
    outcome: entry.outcome,
    ip: entry.ip ?? null,
    detail: entry.detail ?? {}
  };
}

/** The same line as part of a case command's one write statement: written if, and only if, the command is. */
export function auditPart(entry: AuditEntry): SqlPart {
  const c = auditColumns(entry);
  return part(
    `insert into audit_log (actor_id, actor_kind, action, case_id, target, outcome, ip, detail)
     select $1::uuid, $2, $3, t.case_id, $4, $5, $6, $7::jsonb from target t`,
    c.actor_id,
    c.actor_kind,
    c.action,
    c.target,
    c.outcome,
    c.ip,
    JSON.stringify(c.detail)
  );
}
