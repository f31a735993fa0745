/** What an upload is, judged by its first bytes, not by the name or type the browser claims. */
export type Sniffed = { mediaType: 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/ofd'; pages: number | undefined };

export const acceptedTypes = ['PDF', 'JPG', 'PNG', 'OFD'] as const;
export const maxUploadBytes = 20 * 1024 * 1024;

export function sniff(bytes: Uint8Array): Sniffed | undefined {
  const head = (n: number) => Array.from(bytes.subarray(0, n));
  if (bytes.length >= 5 && String.fromCharCode(...head(5)) === '%PDF-') return { mediaType: 'application/pdf', pages: pdfPages(bytes) };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mediaType: 'image/jpeg', pages: 1 };
  if (bytes.length >= 8 && head(8).join(',') === '137,80,78,71,13,10,26,10') return { mediaType: 'image/png', pages: 1 };
  // OFD (GB/T 33190) is a ZIP holding OFD.xml.
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).includes('OFD.xml')) {
    return { mediaType: 'application/ofd', pages: undefined };
  }
  return undefined;
}

/** Page count of a PDF: the page-tree's /Count when present, else the /Type /Page objects. */
function pdfPages(bytes: Uint8Array): number | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g), ...text.matchAll(/\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map(m => Number(m[1]));
  if (counts.length > 0) return Math.max(...counts);
  const pages = text.match(/\/Type\s*\/Page\b(?!s)/g)?.length;
  return pages || undefined;
}
