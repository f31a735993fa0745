import { audit } from '../platform/audit.ts';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../accounts/index.ts';
import type { BlobStore } from '../platform/files/blobs.ts';
import {
  acceptedTypes,
  maxUploadBytes,
  inspect,
  UnreadableFileError,
  type Sniffed
} from '../platform/files/inspect.ts';
import { canSeeCase } from './access.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';

export interface FileView {
  id: string;
  name: string;
  mediaType: Sniffed['mediaType'];
  size: number;
  pages: number | null;
}

const extensions: Record<Sniffed['mediaType'], readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'application/ofd': ['ofd']
};

/**
 * The name the user gave, kept as data only: the last path segment (some browsers send `C:\fakepath\…`), without
 * control or bidirectional-override characters, NFC, at most 200 characters; never used to judge the type.
 */
export function cleanFileName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  return [...(clean || '未命名文件')].slice(0, 200).join('');
}

/** The name a download gets: the user's name, ending in the extension of what the bytes really are. */
export function downloadName(name: string, mediaType: Sniffed['mediaType']): string {
  const own = extensions[mediaType];
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  return ext && own.includes(ext) ? name : `${name}.${own[0]}`;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback (`filename`, quotes and non-ASCII replaced) and the
 * real name in UTF-8 (`filename*`, RFC 5987/6266), so no name can break out of the header or open in the browser.
 */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_').replace(/^[\s_.]+$/, '') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, ch => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Refuses an upload over the limit (20 MB), naming the limit. */
export function checkUploadSize(size: number): void {
  const limitMb = Math.round(maxUploadBytes / 1024 / 1024);
  if (size > maxUploadBytes)
    throw new Refusal(
      'tooLarge',
      'file.too-large',
      `文件过大：单个文件不能超过 ${limitMb} MB，请压缩或拆分后再上传。`,
      { maxBytes: maxUploadBytes, size }
    );
}

/**
 * Checks an upload by its bytes (size, then type by magic number), stores the content by its SHA-256 and the
 * metadata in `files`, owned by the uploader and not yet linked to a case.
 */
export async function storeUpload(
  db: Db,
  blobs: BlobStore,
  input: { ownerId: string; name: string; material: string; bytes: Uint8Array },
  now: number,
  extra: Extra<FileView> = noExtra
): Promise<FileView> {
  checkUploadSize(input.bytes.length);
  if (input.bytes.length === 0) throw new Refusal('invalid', 'file.empty', '文件是空的，请重新选择文件。');
  let sniffed: Awaited<ReturnType<typeof inspect>>;
  try {
    sniffed = await inspect(input.bytes);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    throw new Refusal(
      'invalid',
      'file.unreadable',
      error.reason === 'timeout'
        ? '无法在规定时间内读出该文件的页数，请重新导出（或扫描）后上传。'
        : '无法读取该文件（可能已损坏），请重新导出（或扫描）后上传。',
      { reason: error.reason }
    );
  }
  if (!sniffed)
    throw new Refusal(
      'unsupportedType',
      'file.type',
      `只接受 ${acceptedTypes.join('、')} 格式的文件（按文件内容判断，不看扩展名）。`,
      { accepted: acceptedTypes }
    );
  const sha256 = await blobs.put(input.bytes);
  const id = randomUUID();
  return db.transaction(async tx => {
    await tx.query(
      `insert into files (id, owner_id, material, name, media_type, size, sha256, pages, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        input.ownerId,
        input.material,
        input.name,
        sniffed.mediaType,
        input.bytes.length,
        sha256,
        sniffed.pages ?? null,
        iso(now)
      ]
    );
    const stored: FileView = {
      id,
      name: input.name,
      mediaType: sniffed.mediaType,
      size: input.bytes.length,
      pages: sniffed.pages ?? null
    };
    await extra(tx, stored);
    return stored;
  });
}

export interface ReadableFile extends FileView {
  caseId: string | null;
  sha256: string;
}

/**
 * A file for whoever may read it: its owner, or staff who may see the case it is linked to. Anyone else — and a
 * file that does not exist — is the same `notFound`, so ids cannot be probed.
 */
export async function readableFile(sql: Sql, principal: Principal, id: string): Promise<ReadableFile> {
  const [row] = await sql.query<{
    id: string;
    owner_id: string;
    case_id: string | null;
    applicant_id: string | null;
    name: string;
    media_type: Sniffed['mediaType'];
    size: number | string;
    sha256: string;
    pages: number | null;
  }>(
    `select f.id, f.owner_id, f.case_id, c.applicant_id, f.name, f.media_type, f.size, f.sha256, f.pages
     from files f left join cases c on c.case_id = f.case_id where f.id = $1`,
    [id]
  );
  const allowed =
    row &&
    (row.owner_id === principal.id ||
      (principal.kind === 'staff' &&
        row.case_id !== null &&
        row.applicant_id !== null &&
        (await canSeeCase(sql, principal, { caseId: row.case_id, applicantId: row.applicant_id }))));
  if (!row || !allowed) throw new Refusal('notFound', 'file.not-found', '找不到这个文件。');
  return {
    id: row.id,
    name: row.name,
    mediaType: row.media_type,
    size: Number(row.size),
    pages: row.pages,
    caseId: row.case_id,
    sha256: row.sha256
  };
}

/**
 * The audit line of an upload, written in the upload's own transaction: every door that stores a file (the API,
 * the hall's apply and correction forms) leaves the same line (security-audit §1.14).
 */
export function uploadAudit(actor: Principal, ip: string | undefined, material: string): Extra<FileView> {
  return async (tx, f) => {
    await audit(tx, {
      actor,
      action: 'file.upload',
      outcome: 'ok',
      target: f.id,
      ip,
      detail: { mediaType: f.mediaType, size: f.size, pages: f.pages, material }
    });
  };
}
