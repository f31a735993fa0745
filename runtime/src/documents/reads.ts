import type { Sql } from '../platform/db/db.ts';
import type { DocumentKind } from './kinds.ts';

/** A case's document as the workbench lists it. */
export interface DocumentListing {
  id: string;
  number: string;
  kind: DocumentKind;
  title: string;
  issuedAt: string;
  sealedAt: string;
  digest: string;
  keyId: string;
  bytes: number;
}

/** The case's sealed documents, oldest first. */
export async function documentsOfCase(db: Sql, caseId: string): Promise<DocumentListing[]> {
  const rows = await db.query<{
    id: string;
    number: string;
    kind: DocumentKind;
    title: string;
    issued_at: Date;
    sealed_at: Date;
    digest: string;
    seal_key_id: string;
    bytes: number;
  }>(
    `select id, number, kind, title, issued_at, sealed_at, digest, seal_key_id, octet_length(pdf)::int as bytes
     from documents where case_id = $1 order by issued_at, number`,
    [caseId]
  );
  return rows.map(r => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    title: r.title,
    issuedAt: r.issued_at.toISOString(),
    sealedAt: r.sealed_at.toISOString(),
    digest: r.digest,
    keyId: r.seal_key_id,
    bytes: r.bytes
  }));
}

/** A document's PDF with what its download needs, or undefined. */
export async function documentPdf(
  db: Sql,
  id: string
): Promise<{ caseId: string; number: string; kind: DocumentKind; pdf: Uint8Array } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.query<{ case_id: string; number: string; kind: DocumentKind; pdf: Uint8Array }>(
    'select case_id, number, kind, pdf from documents where id = $1',
    [id]
  );
  return row && { caseId: row.case_id, number: row.number, kind: row.kind, pdf: row.pdf };
}

/** The document sealed for one notice of a case (its kind and the instant it was issued), if sealed yet. */
export async function documentForNotice(
  db: Sql,
  caseId: string,
  kind: DocumentKind,
  noticeAt: number
): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    'select id from documents where case_id = $1 and kind = $2 and notice_at = $3',
    [caseId, kind, new Date(noticeAt).toISOString()]
  );
  return row?.id;
}
