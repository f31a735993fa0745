import type { Definition } from '@banshi/definition';
import type { Principal } from '../accounts/index.ts';
import { validUntil, type Services } from '../cases/index.ts';
import { audit } from '../platform/audit.ts';
import { Refusal } from '../platform/refusal.ts';
import { licenceForCase, statusLabels as licenceStatusLabels } from '../licences/index.ts';
import { kindLabels, type DocumentKind } from './kinds.ts';
import { documentDate, maskedName } from './masking.ts';
import { readSeal } from './signature.ts';
import { licenceOf } from './contents.ts';

/** A document as the public verification page shows it: nothing of the holder but a masked name and number. */
export interface PublicDocument {
  id: string;
  number: string;
  kind: DocumentKind;
  kindLabel: string;
  title: string;
  department: string;
  /** 2026年9月28日 */
  date: string;
  holder: string;
  holderId?: string;
  keyId: string;
  publicKey?: string;
  digest: string;
  /** For a licence: its number, last day and whether it is in force today. */
  licence?: { number: string; validUntil?: string; status: string; valid: boolean; source: 'library' | 'case' };
}

export type Reason = '被篡改' | '不是本平台签发' | '签章无效';

export type Verification =
  | { ok: true; document: PublicDocument; retiredKey: boolean }
  | { ok: false; reason: Reason; detail: string; document?: PublicDocument };

interface Row {
  id: string;
  number: string;
  kind: DocumentKind;
  title: string;
  department: string;
  case_id: string;
  holder_name: string;
  holder_kind: 'person' | 'organisation' | null;
  holder_masked_id: string | null;
  issued_at: Date;
  digest: string;
  seal_key_id: string;
  signature: string;
  pdf?: Uint8Array;
}

const columns = `d.id, d.number, d.kind, d.title, d.department, d.case_id, d.holder_name, u.kind as holder_kind,
  d.holder_masked_id, d.issued_at, d.digest, d.seal_key_id, d.signature`;

async function rowOf(s: Services, id: string, withPdf: boolean): Promise<Row | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await s.db.query<Row>(
    `select ${columns}${withPdf ? ', d.pdf' : ''} from documents d left join users u on u.id = d.holder_id where d.id = $1`,
    [id]
  );
  return row;
}

async function publicOf(s: Services, row: Row): Promise<PublicDocument> {
  const key = await s.seals.publicKey(row.seal_key_id);
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    kindLabel: kindLabels[row.kind],
    title: row.title,
    department: row.department,
    date: documentDate(s.calendar().dateOf(row.issued_at.getTime())),
    holder: maskedName(row.holder_name, row.holder_kind ?? 'person'),
    ...(row.holder_masked_id ? { holderId: row.holder_masked_id } : {}),
    keyId: row.seal_key_id,
    ...(key ? { publicKey: key.publicKey } : {}),
    digest: row.digest,
    ...(row.kind === 'licence' ? { licence: await licenceState(s, row.case_id) } : {})
  };
}

/**
 * Whether a licence is in force today: the e-licence library's status (revoked, expired, changed, extended); for a
 * case the library has no licence for, its validity counted from the decision as the matter gives it.
 */
async function licenceState(s: Services, caseId: string): Promise<PublicDocument['licence']> {
  const held = await licenceForCase(s.db, caseId, s.now());
  if (held)
    return {
      number: held.number,
      ...(held.validUntil ? { validUntil: held.validUntil } : {}),
      status: licenceStatusLabels[held.status],
      valid: held.status === 'valid' || held.status === 'changed' || held.status === 'extended',
      source: 'library'
    };
  const row = await s.cases.load(s.db, caseId);
  const definition: Definition | undefined = row && (await s.cases.definitionOf(row));
  const licence = row && definition && licenceOf(row.state, definition);
  if (!row || !licence) return { number: '', status: '无效', valid: false, source: 'case' };
  const until = validUntil(s.calendar().dateOf(row.state.decision!.at), licence.validity);
  const today = s.calendar().dateOf(s.now());
  const valid = until === undefined || until >= today;
  return {
    number: row.state.caseNumber,
    ...(until ? { validUntil: until } : {}),
    status: valid ? '有效' : '已过期',
    valid,
    source: 'case'
  };
}

/** The signature of a stored document checked against its stored bytes and the department's public key. */
export async function verifyDocument(s: Services, id: string): Promise<Verification | undefined> {
  const row = await rowOf(s, id, true);
  if (!row) return undefined;
  const document = await publicOf(s, row);
  return checkBytes(s, Buffer.from(row.pdf!), row, document);
}

async function checkBytes(s: Services, pdf: Buffer, row: Row, document: PublicDocument): Promise<Verification> {
  const read = readSeal(pdf);
  if ('problem' in read)
    return { ok: false, reason: '签章无效', detail: '文件中的电子签章不完整，无法核验。', document };
  if (!read.coversWholeFile)
    return { ok: false, reason: '被篡改', detail: '签章之后文件又被添加或改动了内容。', document };
  if (read.digest !== row.digest || read.documentId !== row.id || read.keyId !== row.seal_key_id)
    return { ok: false, reason: '被篡改', detail: '文件内容与本平台签发时的不一致。', document };
  const check = await s.seals.verify({ keyId: read.keyId, signature: read.signature }, Buffer.from(read.digest, 'hex'));
  if (!check.ok) return { ok: false, reason: '被篡改', detail: check.reason, document };
  return { ok: true, document, retiredKey: Boolean(check.retiredAt) };
}

/**
 * An uploaded copy checked on its own bytes: its seal must be ours in form, its key one of the platform's, its
 * signature must match the copy's signed bytes, nothing may follow them, and the document it names must be one
 * this platform issued with these very bytes.
 */
export async function verifyCopy(s: Services, pdf: Buffer): Promise<Verification> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
    return { ok: false, reason: '不是本平台签发', detail: '上传的文件不是 PDF 文件。' };
  const read = readSeal(pdf);
  if ('problem' in read)
    return read.problem === 'no-seal'
      ? { ok: false, reason: '不是本平台签发', detail: '文件中没有本平台的电子签章。' }
      : { ok: false, reason: '签章无效', detail: '文件中的电子签章格式有误，无法核验。' };
  const key = await s.seals.publicKey(read.keyId);
  if (!key) return { ok: false, reason: '不是本平台签发', detail: `签章密钥 ${read.keyId} 不是本平台的密钥。` };
  const check = await s.seals.verify({ keyId: read.keyId, signature: read.signature }, Buffer.from(read.digest, 'hex'));
  if (!check.ok) return { ok: false, reason: '被篡改', detail: '签名与文件内容不符：文件在签章后被改动过。' };
  const row = await rowOf(s, read.documentId, false);
  if (!row) return { ok: false, reason: '不是本平台签发', detail: '本平台没有签发过这份文书。' };
  const document = await publicOf(s, row);
  if (!read.coversWholeFile)
    return { ok: false, reason: '被篡改', detail: '签章之后文件又被添加或改动了内容。', document };
  if (read.digest !== row.digest)
    return { ok: false, reason: '被篡改', detail: '文件内容与本平台签发时的不一致。', document };
  return { ok: true, document, retiredKey: Boolean(check.retiredAt) };
}

/** Uploaded copies checked per address in a window before further uploads are refused (as 办件查询 throttles). */
export const uploadLimits = { windowMinutes: 15, uploads: 60 } as const;

/**
 * An uploaded copy checked for anyone (the public page's form): refused with 429 after too many uploads from one
 * address, each check in the audit log with its outcome and the document it named.
 */
export async function verifyUpload(
  s: Services,
  pdf: Buffer,
  principal: Principal | undefined,
  ip: string | undefined
): Promise<Verification> {
  if (ip) {
    const rows = await s.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log
       where action = 'document.verify' and ip = $1 and at > now() - make_interval(mins => $2)`,
      [ip, uploadLimits.windowMinutes]
    );
    if ((rows[0]?.n ?? 0) >= uploadLimits.uploads)
      throw new Refusal(
        'throttled',
        'document.verify.throttled',
        `核验次数过多，请 ${uploadLimits.windowMinutes} 分钟后再试。`,
        {
          retryAfterSeconds: uploadLimits.windowMinutes * 60
        }
      );
  }
  const result = await verifyCopy(s, pdf);
  await audit(s.db, {
    actor: principal,
    action: 'document.verify',
    outcome: result.ok ? 'ok' : 'denied',
    ...(result.document ? { target: result.document.id } : {}),
    ip,
    detail: result.ok ? {} : { reason: result.reason }
  });
  return result;
}
