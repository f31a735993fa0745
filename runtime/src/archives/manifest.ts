import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The layout an archive package follows: GB/T 18894-2016《电子文件归档与电子档案管理规范》's 归档信息包 — the
 * content (every record of the case as its own file), its metadata, and the 固化 information (an SM3 digest of
 * each file in the manifest, the manifest sealed with the department's SM2 electronic seal) in one self-describing
 * folder. The metadata elements are DA/T 46-2009《文书类电子文件元数据方案》's, by their Chinese names (档号, 题名,
 * 责任者, 日期, 保管期限, 文件组合类型…) beside the case's own words. Where this differs: the manifest is JSON, not
 * DA/T 48-2009's XML 封装包 (EEP), and the seal is the platform's SM2 seal over the manifest's bytes rather than
 * an XML signature block; 全宗号 is left to the archives office (the department stands in as 立档单位).
 */
export const archiveStandard = 'GB/T 18894-2016 归档信息包；元数据 DA/T 46-2009';
export const archiveFormat = 'banshi-archive/1';

/** What a file is in the case (归档范围 of seed 001 第二十二条: 申请信息、申请材料、受理回执、审批记录、送达回执、证照批文). */
export const FileRole = z.enum([
  'application', // 申请信息
  'material', // 申请材料
  'notice', // 告知书、回执（受理回执、补正、不予受理、决定书…）
  'record', // 审批记录：全部办理事项、审查意见
  'decision', // 审批决定
  'delivery', // 送达回执
  'licence' // 证照批文
]);
export type FileRole = z.infer<typeof FileRole>;

export const roleLabels: Record<FileRole, string> = {
  application: '申请信息',
  material: '申请材料',
  notice: '告知书与回执',
  record: '审批记录',
  decision: '审批决定',
  delivery: '送达回执',
  licence: '证照批文'
};

export const ManifestFile = z.object({
  /** Relative to the package's folder, '/'-separated. */
  path: z.string().regex(/^(?!\/)(?!.*\.\.)[^\\\0]+$/),
  role: FileRole,
  /** 题名 of this file. */
  title: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  /** SM3 of the file's bytes, hex (GB/T 32905). */
  sm3: z.string().regex(/^[0-9a-f]{64}$/),
  /** SHA-256, hex: the platform's blob store keeps the file under it. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/)
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.object({
  format: z.literal(archiveFormat),
  standard: z.string(),
  metadata: z.object({
    档号: z.string(),
    题名: z.string(),
    责任者: z.string(),
    立档单位: z.string(),
    文件组合类型: z.literal('组合文件'),
    保管期限: z.string(),
    归档日期: z.string(),
    caseNumber: z.string(),
    matter: z.object({ code: z.string(), name: z.string(), version: z.number() }),
    department: z.string(),
    applicant: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      /** 身份证号码 or 统一社会信用代码 as the account holds it. */
      identifier: z.string().nullable()
    }),
    outcome: z.enum(['approved', 'denied', 'refused', 'withdrawn']),
    outcomeLabel: z.string(),
    dates: z.object({
      receivedAt: z.string(),
      acceptedAt: z.string().nullable(),
      decidedAt: z.string().nullable(),
      closedAt: z.string(),
      archivedAt: z.string()
    }),
    retention: z.object({ period: z.string(), basis: z.string() })
  }),
  files: z.array(ManifestFile)
});
export type Manifest = z.infer<typeof Manifest>;

export const sm3Hex = (bytes: Uint8Array): string => createHash('sm3').update(bytes).digest('hex');
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The manifest's bytes as sealed and stored: UTF-8 JSON, two-space indent, in the order written. */
export const manifestBytes = (manifest: Manifest): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);

/** Reads manifest bytes back; undefined when they are not a manifest of this format. */
export function parseManifest(bytes: Uint8Array): Manifest | undefined {
  try {
    const parsed = Manifest.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * 保管期限 by the categories of 国家档案局令第8号《机关文件材料归档范围和文书档案保管期限规定》 (永久, 定期30年,
 * 定期10年): an approval that issued a licence or permit is kept 30 years, since the licence it founds outlives
 * the case; a denial, a refusal to accept and a withdrawal 10 years. A department's archives office may set
 * longer periods in its own 保管期限表; this is the platform's default.
 */
export function retentionOf(outcome: Manifest['metadata']['outcome']): Manifest['metadata']['retention'] {
  return outcome === 'approved'
    ? { period: '定期30年', basis: '准予许可：国家档案局令第8号 定期30年' }
    : { period: '定期10年', basis: '不予许可、不予受理或撤回：国家档案局令第8号 定期10年' };
}
