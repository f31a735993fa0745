import { InspectionPool } from './inspection-pool.ts';

/** What an upload is, judged by its first bytes, not by the name or type the browser claims. */
export type Sniffed = {
  mediaType: 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/ofd';
  pages: number | undefined;
};

export const acceptedTypes = ['PDF', 'JPG', 'PNG', 'OFD'] as const;
export const maxUploadBytes = 20 * 1024 * 1024;
/** How long a file's pages may take to count before it is refused as unreadable: never the server's whole time. */
export const inspectionLimitMs = 20_000;

/** The type by the magic bytes alone. */
export function sniffType(bytes: Uint8Array): Sniffed['mediaType'] | undefined {
  const head = (n: number) => Array.from(bytes.subarray(0, n));
  if (bytes.length >= 5 && String.fromCharCode(...head(5)) === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && head(8).join(',') === '137,80,78,71,13,10,26,10') return 'image/png';
  // OFD (GB/T 33190) is a ZIP holding OFD.xml.
  if (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).includes('OFD.xml')
  )
    return 'application/ofd';
  return undefined;
}

/** A file the type says it is, whose pages cannot be read (damaged, or too costly to read). */
export class UnreadableFileError extends Error {
  constructor(
    readonly mediaType: Sniffed['mediaType'],
    readonly reason: 'damaged' | 'timeout'
  ) {
    super(reason === 'timeout' ? '文件的页数未能在规定时间内读出' : '文件已损坏，无法读取页数');
  }
}

/** The process's page counters: one thread per core but one, two at most, so the server keeps a core of its own. */
const pageCounters = new InspectionPool();

/**
 * The type and the page count of an upload. Pages of a PDF (by a real parser, pdf-lib) and of an OFD are counted in
 * long-lived worker threads, so no file, however crafted, holds up other requests (security-audit §1.2); one that takes more
 * than `inspectionLimitMs` or cannot be parsed is an UnreadableFileError.
 */
export async function inspect(bytes: Uint8Array, limitMs = inspectionLimitMs): Promise<Sniffed | undefined> {
  const mediaType = sniffType(bytes);
  if (!mediaType) return undefined;
  if (mediaType === 'image/jpeg' || mediaType === 'image/png') return { mediaType, pages: 1 };
  const kind = mediaType === 'application/pdf' ? 'pdf' : 'ofd';
  const answer = await pageCounters.count(kind, bytes, limitMs);
  if (answer.timedOut) throw new UnreadableFileError(mediaType, 'timeout');
  if (answer.error !== undefined || (kind === 'pdf' && !answer.pages))
    throw new UnreadableFileError(mediaType, 'damaged');
  return { mediaType, pages: answer.pages || undefined };
}
