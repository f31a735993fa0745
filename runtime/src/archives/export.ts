import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import type { Services } from '../cases/index.ts';
import { currentNames } from '../catalog/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { archiveOf, manifestOf } from './archive-case.ts';
import { roleLabels } from './manifest.ts';
import { manifestName, readmeName, sealName, type SealFile } from './verify.ts';

/** A package as files: what the export folder and the zip hold, by relative path. */
export type PackageEntries = Array<{ path: string; bytes: Uint8Array }>;

/**
 * The package of an archived case, self-describing: every file the manifest lists (from the blob store), the
 * manifest, the seal with the public key that checks it, and a 说明 for a reader without the platform.
 */
export async function packageEntries(
  s: Pick<Services, 'db' | 'blobs' | 'seals'>,
  caseId: string
): Promise<PackageEntries> {
  const archive = await archiveOf(s, caseId);
  if (!archive) throw new Refusal('notFound', 'archive.not-found', '该办件尚未归档，没有档案包。');
  const read = await manifestOf(s, archive);
  const key = await s.seals.publicKey(archive.seal.keyId);
  if (!read || !key)
    throw new Error(`档案包 ${archive.caseNumber} 的清单或签章公钥缺失：请运行 npm run banshi -- verify。`);
  const entries: PackageEntries = [];
  for (const file of read.manifest.files) {
    const bytes = await s.blobs.get(file.sha256);
    if (!bytes)
      throw new Error(
        `档案包 ${archive.caseNumber} 的文件 ${file.path} 不在文件库中：请运行 npm run banshi -- verify。`
      );
    entries.push({ path: file.path, bytes });
  }
  const seal: SealFile = { ...archive.seal, publicKey: key.publicKey, signerId: '1234567812345678' };
  const m = read.manifest;
  const readme = [
    `电子档案包 · ${m.metadata.题名}`,
    '',
    `档号：${m.metadata.档号}`,
    `办件编号：${m.metadata.caseNumber}，事项：${m.metadata.matter.name}（${m.metadata.matter.code}）`,
    `立档单位：${m.metadata.立档单位}，保管期限：${m.metadata.保管期限}，归档日期：${m.metadata.归档日期}`,
    `遵循：${m.standard}`,
    '',
    '内容：',
    ...Object.entries(roleLabels).map(
      ([role, label]) => `  ${label}：${m.files.filter(f => f.role === role).length} 个文件`
    ),
    '',
    '核验方法：',
    `  1. ${manifestName} 列出每个文件的路径、大小、SM3 摘要（GB/T 32905）和 SHA-256。逐个重算比对。`,
    `  2. ${sealName} 是${archive.department}对 ${manifestName} 全部字节的电子签章：SM2 签名（GB/T 32918.2，DER 编码，`,
    '     签名者 ID 1234567812345678），公钥随附；密钥编号是公钥的 SM3 指纹，请与该部门公布的签章密钥核对。',
    `  3. 用办事平台核验：npm run banshi -- archive verify <本文件夹>`,
    ''
  ].join('\n');
  entries.push({ path: manifestName, bytes: read.bytes });
  entries.push({ path: sealName, bytes: new TextEncoder().encode(`${JSON.stringify(seal, null, 2)}\n`) });
  entries.push({ path: readmeName, bytes: new TextEncoder().encode(readme) });
  return entries;
}

/** Writes the package into `folder`, which must be empty or absent: an export never mixes with other files. */
export async function exportFolder(entries: PackageEntries, folder: string): Promise<void> {
  const existing = await readdir(folder).catch(() => [] as string[]);
  if (existing.length) throw new Refusal('conflict', 'archive.folder-not-empty', `目标文件夹 ${folder} 不是空的。`);
  for (const entry of entries) {
    const target = join(folder, ...entry.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.bytes, { flag: 'wx' });
  }
}

/** The package as one zip, under a folder named by the case number (UTF-8 names). */
export function packageZip(caseNumber: string, entries: PackageEntries): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const e of entries) tree[`${caseNumber}/${e.path}`] = e.bytes;
  return zipSync(tree, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/**
 * The package of an archived case as a zip, for staff of the department that archived it (立档单位); anyone else is
 * told it is not there, as for a case they may not see.
 */
export async function departmentPackage(
  s: Pick<Services, 'db' | 'blobs' | 'seals' | 'registry'>,
  staff: { department: string | null },
  caseId: string
): Promise<{ caseNumber: string; zip: Uint8Array; files: number }> {
  const archive = /^[0-9a-f-]{36}$/i.test(caseId) ? await archiveOf(s, caseId) : undefined;
  // The package keeps the name the department had when it archived; a department renamed since is the same one.
  const keeper = archive && (currentNames(s.registry.catalog()).get(archive.department) ?? archive.department);
  if (!archive || !staff.department || staff.department !== keeper)
    throw new Refusal('notFound', 'archive.not-found', '找不到这个办件的电子档案包：办件尚未归档，或不由本部门立档。');
  const entries = await packageEntries(s, caseId);
  return { caseNumber: archive.caseNumber, zip: packageZip(archive.caseNumber, entries), files: entries.length };
}
