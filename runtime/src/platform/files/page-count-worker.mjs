// Counts the pages of uploaded PDFs and OFDs off the main thread. One worker serves many files, one at a time
// (runtime/src/platform/files/inspection-pool.ts hands them out and replaces a worker that takes too long). Plain JavaScript:
// it runs in a worker thread without the TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { unzipSync, strFromU8 } from 'fflate';
import { PDFDocument } from 'pdf-lib';

/** A PDF's pages from its page tree, read by a real parser: compressed object streams and incremental saves count right. */
async function pdfPages(bytes) {
  const document = await PDFDocument.load(bytes, {
    ignoreEncryption: true,
    updateMetadata: false,
    throwOnInvalidObject: false
  });
  return document.getPageCount();
}

/** An OFD's pages (GB/T 33190): OFD.xml names each document's root, whose Pages list one Page each. */
function ofdPages(bytes) {
  const files = unzipSync(bytes, { filter: file => file.name === 'OFD.xml' || file.name.endsWith('Document.xml') });
  const entry = files['OFD.xml'];
  if (!entry) return undefined;
  const roots = [...strFromU8(entry).matchAll(/<(?:\w+:)?DocRoot>\s*([^<\s]+)\s*<\/(?:\w+:)?DocRoot>/g)].map(m =>
    m[1].replace(/^\//, '')
  );
  let pages = 0;
  for (const root of roots) {
    const document = files[root];
    if (!document) return undefined;
    pages += [...strFromU8(document).matchAll(/<(?:\w+:)?Page\b[^>]*\bBaseLoc=/g)].length;
  }
  return roots.length ? pages : undefined;
}

parentPort.on('message', async ({ id, kind, bytes }) => {
  try {
    const pages = kind === 'pdf' ? await pdfPages(bytes) : ofdPages(bytes);
    parentPort.postMessage({ id, pages });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
