import { createHash } from 'node:crypto';

/**
 * The canonical form of a chained row, as migration 021 specifies it, written again here independently of the
 * database's own functions so that `verify` recomputes every hash itself.
 */

/** The previous hash of a chain's first row. */
export const genesis = '0'.repeat(64);

/** `~` for NULL, else the value's length in UTF-8 octets, a colon and the value: unambiguous when concatenated. */
export function field(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** SHA-256 over the UTF-8 bytes of the previous hash followed by the content, in lower-case hex. */
export function chainHash(prevHash: string, content: string): string {
  return createHash('sha256')
    .update(prevHash + content, 'utf8')
    .digest('hex');
}

/**
 * An audit line's columns in their canonical text form. Times are `YYYY-MM-DDTHH:MI:SS.ffffffZ` in UTC; numbers,
 * uuids and jsonb in PostgreSQL's text form (the reader selects them so: see `verify.ts`).
 */
export interface AuditRowText {
  chainSeq: string;
  id: string;
  at: string;
  actorId: string | null;
  actorKind: string;
  action: string;
  caseId: string | null;
  target: string | null;
  outcome: string;
  ip: string | null;
  detail: string;
}

export function auditContent(r: AuditRowText): string {
  return [
    'audit_log',
    r.chainSeq,
    r.id,
    r.at,
    r.actorId,
    r.actorKind,
    r.action,
    r.caseId,
    r.target,
    r.outcome,
    r.ip,
    r.detail
  ]
    .map(field)
    .join('');
}

/** A case event's columns in their canonical text form. */
export interface EventRowText {
  caseId: string;
  seq: string;
  type: string;
  payload: string;
  at: string;
  actorId: string | null;
  recordedAt: string;
  globalId: string;
}

export function eventContent(r: EventRowText): string {
  return ['case_events', r.caseId, r.seq, r.type, r.payload, r.at, r.actorId, r.recordedAt, r.globalId]
    .map(field)
    .join('');
}
