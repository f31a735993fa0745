import { strFromU8, unzipSync } from 'fflate';
import { inspect, UnreadableFileError } from '../../platform/files/inspect.ts';
import { Refusal } from '../../platform/refusal.ts';

/** What a material's template or sample may be: a Word or Excel form, a PDF, an OFD (GB/T 33190). */
export type TemplateType = 'docx' | 'xlsx' | 'pdf' | 'ofd';

export const templateMediaTypes: Record<TemplateType, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  ofd: 'application/ofd'
};

/** As the guide and the studio name each type. */
export const templateTypeLabels: Record<TemplateType, string> = {
  docx: 'Word 文档',
  xlsx: 'Excel 表格',
  pdf: 'PDF',
  ofd: 'OFD'
};

/** Blank forms and filled-in samples are small: 10 MB is ample, and keeps a mistaken scan out. */
export const maxTemplateBytes = 10 * 1024 * 1024;
/** The one part of a ZIP read to judge it; larger is not an Office document's or an OFD's. */
const maxPartBytes = 1024 * 1024;

const typeOfMedia = Object.fromEntries(Object.entries(templateMediaTypes).map(([t, m]) => [m, t])) as Record<
  string,
  TemplateType
>;
export const templateTypeOf = (mediaType: string): TemplateType | undefined => typeOfMedia[mediaType];

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * The type of a ZIP by what it holds, never by its name: an OFD has `OFD.xml` at its root; a Word or Excel file
 * (OOXML) has `[Content_Types].xml` naming its main part's content type. Only those two parts are inflated, and
 * only when small, so a crafted archive costs nothing to refuse.
 */
export function zipTemplateType(bytes: Uint8Array): TemplateType | undefined {
  if (!isZip(bytes)) return undefined;
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: f => (f.name === 'OFD.xml' || f.name === '[Content_Types].xml') && f.originalSize <= maxPartBytes
    });
  } catch {
    return undefined;
  }
  if (parts['OFD.xml']) return 'ofd';
  const types = parts['[Content_Types].xml'];
  if (!types) return undefined;
  const text = strFromU8(types);
  if (text.includes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) return 'docx';
  if (text.includes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')) return 'xlsx';
  return undefined;
}

/**
 * Checks a template or sample by its bytes: the size (10 MB), then the type (a real OOXML document, a PDF or an
 * OFD whose pages can be read, as the applicants' uploads are checked). Refuses in Chinese otherwise.
 */
export async function checkTemplateFile(bytes: Uint8Array): Promise<{ type: TemplateType; mediaType: string }> {
  if (bytes.length > maxTemplateBytes)
    throw new Refusal(
      'tooLarge',
      'material-file.too-large',
      `文件过大：样表和示例文件不能超过 ${maxTemplateBytes / 1024 / 1024} MB。`,
      { maxBytes: maxTemplateBytes, size: bytes.length }
    );
  if (bytes.length === 0) throw new Refusal('invalid', 'material-file.empty', '文件是空的，请重新选择文件。');
  const zipped = zipTemplateType(bytes);
  if (zipped === 'docx' || zipped === 'xlsx') return { type: zipped, mediaType: templateMediaTypes[zipped] };
  const pdf = bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
  if (pdf || zipped === 'ofd') {
    try {
      await inspect(bytes);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      throw new Refusal('invalid', 'material-file.unreadable', '无法读取该文件（可能已损坏），请重新导出后上传。');
    }
    const type = pdf ? 'pdf' : 'ofd';
    return { type, mediaType: templateMediaTypes[type] };
  }
  throw new Refusal(
    'unsupportedType',
    'material-file.type',
    '样表和示例只接受 Word（.docx）、Excel（.xlsx）、PDF、OFD 格式的文件（按文件内容判断，不看扩展名）。',
    { accepted: Object.keys(templateMediaTypes) }
  );
}

/** The name a download gets: the name given, ending in the extension of what the bytes are. */
export function templateDownloadName(name: string, type: TemplateType): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  return ext === type ? name : `${name}.${type}`;
}

/** A size as the guide prints it: 12.3 KB, 1.2 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
