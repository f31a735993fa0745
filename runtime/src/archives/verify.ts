import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import type { Sql } from '../platform/db/db.ts';
import type { BlobStore } from '../platform/files/blobs.ts';
import { keyIdOf, publicKeyChecker, type SealKeyring } from '../platform/seal/index.ts';
import { verifyBytes } from '../platform/seal/sm2.ts';
import { allArchives, manifestOf, type ArchiveRow } from './archive-case.ts';
import { parseManifest, sm3Hex, type Manifest } from './manifest.ts';

/** The first break found in one archive, in Chinese, naming the file where there is one. */
export interface ArchiveBreak {
  caseNumber: string;
  path?: string;
  reason: string;
}

export interface ArchivesReport {
  checked: number;
  files: number;
  breaks: ArchiveBreak[];
}

/** Checks one manifest's files, each read by `read`; the first file that differs, or undefined when all agree. */
export async function firstFileBreak(
  manifest: Manifest,
  read: (file: Manifest['files'][number]) => Promise<Uint8Array | undefined>
): Promise<{ path: string; reason: string } | undefined> {
  for (const file of manifest.files) {
    const bytes = await read(file);
    if (!bytes) return { path: file.path, reason: `文件缺失：${file.path}` };
    if (bytes.byteLength !== file.size)
      return {
        path: file.path,
        reason: `文件大小不符：${file.path}（清单 ${file.size} 字节，实有 ${bytes.byteLength} 字节）`
      };
    if (sm3Hex(bytes) !== file.sm3)
      return { path: file.path, reason: `文件内容被改动：${file.path}（SM3 与清单不符）` };
  }
  return undefined;
}

/**
 * Every stored archive (seed 000: 确保其真实性、完整性): the manifest's bytes in the blob store against the row's
 * SM3, the department's seal over them, and each file's size and SM3 against the manifest. One break per archive,
 * the first found.
 */
export async function verifyArchives(
  db: Sql,
  blobs: BlobStore,
  seals: Pick<SealKeyring, 'verify'>
): Promise<ArchivesReport> {
  const archives = await allArchives(db);
  const report: ArchivesReport = { checked: archives.length, files: 0, breaks: [] };
  for (const a of archives) {
    const found = await checkArchive(a, blobs, seals);
    report.files += found.files;
    if (found.break) report.breaks.push({ caseNumber: a.caseNumber, ...found.break });
  }
  return report;
}

async function checkArchive(
  a: ArchiveRow,
  blobs: BlobStore,
  seals: Pick<SealKeyring, 'verify'>
): Promise<{ files: number; break?: { path?: string; reason: string } }> {
  const read = await manifestOf({ blobs }, a);
  if (!read) return { files: 0, break: { reason: '清单缺失或被改动（文件库中清单的 SHA-256 与档案记录不符）' } };
  if (sm3Hex(read.bytes) !== a.manifestDigest || a.seal.digest !== a.manifestDigest)
    return { files: 0, break: { reason: '清单的 SM3 摘要与档案记录不符' } };
  const sealed = await seals.verify(a.seal, read.bytes);
  if (!sealed.ok) return { files: 0, break: { reason: `清单的电子签章无效：${sealed.reason}` } };
  if (read.manifest.metadata.caseNumber !== a.caseNumber)
    return { files: 0, break: { reason: '清单所列办件编号与档案记录不符' } };
  const broken = await firstFileBreak(read.manifest, file => blobs.get(file.sha256));
  return { files: read.manifest.files.length, ...(broken ? { break: broken } : {}) };
}

/** Seals checked with the public keys `seal_keys` holds: no private key, no keys folder, no write. */
export const sealChecker = (sql: Sql): Pick<SealKeyring, 'verify'> => publicKeyChecker(sql);

/** What an exported folder carries beside its files: the seal and the public key that checks it. */
export const SealFile = z.object({
  keyId: z.string(),
  department: z.string(),
  algorithm: z.literal('SM2-SM3'),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]+$/),
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
  signerId: z.literal('1234567812345678')
});
export type SealFile = z.infer<typeof SealFile>;

export const manifestName = 'manifest.json';
export const sealName = 'manifest.seal.json';
export const readmeName = '说明.txt';

export type FolderCheck =
  | { ok: true; caseNumber: string; department: string; keyId: string; files: number }
  | { ok: false; path?: string; reason: string };

/**
 * An exported folder on its own, with nothing but the folder (archives leave the platform: 000 “可识别性”): the
 * manifest's SM3 against the seal's digest, the SM2 signature with the public key the folder carries (its key id is
 * that key's SM3 fingerprint, so it cannot be swapped without the id changing; compare the id with the department's
 * published keys), each file's size and SM3, and no file the manifest does not list.
 */
export async function verifyFolder(folder: string): Promise<FolderCheck> {
  const bytes = await readFile(join(folder, manifestName)).then(
    b => new Uint8Array(b),
    () => undefined
  );
  if (!bytes) return { ok: false, path: manifestName, reason: `找不到清单 ${manifestName}` };
  const manifest = parseManifest(bytes);
  if (!manifest) return { ok: false, path: manifestName, reason: '清单格式有误' };
  let seal: SealFile;
  try {
    const parsed = SealFile.safeParse(JSON.parse(await readFile(join(folder, sealName), 'utf8')));
    if (!parsed.success) return { ok: false, path: sealName, reason: '签章文件格式有误' };
    seal = parsed.data;
  } catch {
    return { ok: false, path: sealName, reason: `找不到签章文件 ${sealName}` };
  }
  if (sm3Hex(bytes) !== seal.digest)
    return { ok: false, path: manifestName, reason: '清单被改动（SM3 与签章所记不符）' };
  if (keyIdOf(seal.publicKey) !== seal.keyId) return { ok: false, path: sealName, reason: '签章公钥与密钥编号不符' };
  if (!verifyBytes(bytes, seal.signature, seal.publicKey))
    return { ok: false, path: manifestName, reason: '清单的电子签章无效：签名与清单内容不符' };
  const broken = await firstFileBreak(manifest, file =>
    readFile(join(folder, ...file.path.split('/'))).then(
      b => new Uint8Array(b),
      () => undefined
    )
  );
  if (broken) return { ok: false, ...broken };
  const listed = new Set([manifestName, sealName, readmeName, ...manifest.files.map(f => f.path)]);
  for (const path of await filesUnder(folder))
    if (!listed.has(path)) return { ok: false, path, reason: `清单中没有的文件：${path}` };
  return {
    ok: true,
    caseNumber: manifest.metadata.caseNumber,
    department: seal.department,
    keyId: seal.keyId,
    files: manifest.files.length
  };
}

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if ((await stat(path)).isFile() || entry.isSymbolicLink())
        out.push(relative(root, path).split(sep).join('/'));
    }
  };
  await walk(root);
  return out;
}
