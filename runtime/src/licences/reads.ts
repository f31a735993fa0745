import type { Sql } from '../platform/db/db.ts';
import { shanghaiDate, statusOn, type LicenceStatus, type StoredStatus } from './status.ts';

/** A licence of the library, as every reader sees it (the status on the day asked). */
export interface Licence {
  licenceId: string;
  number: string;
  /** The licence's name: the issuing matter's result (建筑工程施工许可证). */
  name: string;
  holderId: string;
  holderKind: 'person' | 'organisation';
  holderName: string;
  /** ID number or unified social credit code. */
  holderIdentifier?: string;
  department: string;
  caseId: string;
  caseNumber: string;
  matterCode: string;
  issuedOn: string;
  validUntil?: string;
  status: LicenceStatus;
  extensions: number;
}

export interface LicenceChange {
  at: string;
  status: StoredStatus;
  previousStatus?: StoredStatus;
  validUntil?: string;
  actorName: string;
  reason: string;
  caseId?: string;
  caseNumber?: string;
}

interface Row {
  licence_id: string;
  number: string;
  name: string;
  holder_id: string;
  holder_kind: 'person' | 'organisation';
  holder_name: string;
  holder_identifier: string | null;
  department: string;
  case_id: string;
  case_number: string;
  matter_code: string;
  issued_on: string;
  valid_until: string | null;
  status: StoredStatus;
  extensions: number;
}

const columns = `licence_id, number, name, holder_id, holder_kind, holder_name, holder_identifier, department, case_id,
  case_number, matter_code, issued_on::text as issued_on, valid_until::text as valid_until, status, extensions`;

const toLicence = (r: Row, today: string): Licence => ({
  licenceId: r.licence_id,
  number: r.number,
  name: r.name,
  holderId: r.holder_id,
  holderKind: r.holder_kind,
  holderName: r.holder_name,
  ...(r.holder_identifier ? { holderIdentifier: r.holder_identifier } : {}),
  department: r.department,
  caseId: r.case_id,
  caseNumber: r.case_number,
  matterCode: r.matter_code,
  issuedOn: r.issued_on,
  ...(r.valid_until ? { validUntil: r.valid_until } : {}),
  status: statusOn(r.status, r.valid_until ?? undefined, today),
  extensions: r.extensions
});

/** What the documents (the sealed licence PDF, its verification page) need of the licence a case issued. */
export interface CaseLicence {
  licenceId: string;
  number: string;
  name: string;
  holderName: string;
  department: string;
  issuedOn: string;
  validUntil?: string;
  status: LicenceStatus;
}

/**
 * The licence a case issued, or undefined when it issued none (not approved, or its matter's result is no licence).
 * `now` decides whether it has expired; pass the service's clock where there is one.
 */
export async function licenceForCase(
  db: Sql,
  caseId: string,
  now: number = Date.now()
): Promise<CaseLicence | undefined> {
  const [row] = await db.query<Row>(`select ${columns} from licences where case_id = $1`, [caseId]);
  if (!row) return undefined;
  const l = toLicence(row, shanghaiDate(now));
  return {
    licenceId: l.licenceId,
    number: l.number,
    name: l.name,
    holderName: l.holderName,
    department: l.department,
    issuedOn: l.issuedOn,
    ...(l.validUntil ? { validUntil: l.validUntil } : {}),
    status: l.status
  };
}

/** A licence by its number. */
export async function licenceByNumber(db: Sql, number: string, today: string): Promise<Licence | undefined> {
  const [row] = await db.query<Row>(`select ${columns} from licences where number = $1`, [number]);
  return row && toLicence(row, today);
}

/** A licence by its id. */
export async function licenceById(db: Sql, licenceId: string, today: string): Promise<Licence | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(licenceId)) return undefined;
  const [row] = await db.query<Row>(`select ${columns} from licences where licence_id = $1`, [licenceId]);
  return row && toLicence(row, today);
}

/** The licences an account holds, newest first. */
export async function licencesOfHolder(db: Sql, holderId: string, today: string): Promise<Licence[]> {
  const rows = await db.query<Row>(
    `select ${columns} from licences where holder_id = $1 order by issued_at desc, number desc limit 500`,
    [holderId]
  );
  return rows.map(r => toLicence(r, today));
}

/** The licences issued to an ID number or unified social credit code, newest first. */
export async function licencesOfIdentifier(db: Sql, identifier: string, today: string): Promise<Licence[]> {
  const rows = await db.query<Row>(
    `select ${columns} from licences where holder_identifier = $1 order by issued_at desc, number desc limit 500`,
    [identifier]
  );
  return rows.map(r => toLicence(r, today));
}

/** A licence's history, oldest first: its issue and every change since. */
export async function licenceHistory(db: Sql, licenceId: string): Promise<LicenceChange[]> {
  const rows = await db.query<{
    at: Date;
    status: StoredStatus;
    previous_status: StoredStatus | null;
    valid_until: string | null;
    actor_name: string;
    reason: string;
    case_id: string | null;
    case_number: string | null;
  }>(
    `select h.at, h.status, h.previous_status, h.valid_until::text as valid_until, h.actor_name, h.reason, h.case_id,
            c.case_number
     from licence_history h left join cases c on c.case_id = h.case_id
     where h.licence_id = $1 order by h.id`,
    [licenceId]
  );
  return rows.map(r => ({
    at: new Date(r.at).toISOString(),
    status: r.status,
    ...(r.previous_status ? { previousStatus: r.previous_status } : {}),
    ...(r.valid_until ? { validUntil: r.valid_until } : {}),
    actorName: r.actor_name,
    reason: r.reason,
    ...(r.case_id ? { caseId: r.case_id } : {}),
    ...(r.case_number ? { caseNumber: r.case_number } : {})
  }));
}
