import { strToU8, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { inspect, UnreadableFileError } from './inspect.ts';
import { InspectionPool } from './inspection-pool.ts';

async function pdfOf(pages: number, objectStreams: boolean): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (let i = 0; i < pages; i++)
    document.addPage([595, 842]).drawText(`第 ${i + 1} 页`.replace(/[^\x20-\x7e]/g, ''), { x: 50, y: 800 });
  return document.save({ useObjectStreams: objectStreams });
}

function ofdOf(pages: number): Uint8Array {
  const page = (i: number) => `<ofd:Page ID="${i + 10}" BaseLoc="Pages/Page_${i}/Content.xml"/>`;
  return zipSync({
    'OFD.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
    ),
    'Doc_0/Document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>${Array.from({ length: pages }, (_, i) => page(i)).join('')}</ofd:Pages></ofd:Document>`
    )
  });
}

describe('inspecting an upload (security-audit §1.2)', () => {
  it("counts a PDF's pages with a real parser, compressed object streams included", async () => {
    expect(await inspect(await pdfOf(7, true))).toEqual({ mediaType: 'application/pdf', pages: 7 });
    expect(await inspect(await pdfOf(2, false))).toEqual({ mediaType: 'application/pdf', pages: 2 });
  });

  it("counts an OFD's pages (GB/T 33190)", async () => {
    expect(await inspect(ofdOf(3))).toEqual({ mediaType: 'application/ofd', pages: 3 });
  });

  it('refuses the crafted "PDF" as unreadable without holding up the event loop while it is read', async () => {
    const crafted = new TextEncoder().encode(`%PDF-1.4\n${'/Type/Pages '.repeat(43_690)}`);
    let done = false;
    let turns = 0;
    const spin = () => {
      if (!done) {
        turns++;
        setImmediate(spin);
      }
    };
    setImmediate(spin);
    const outcome = await inspect(crafted).then(
      () => undefined,
      (error: unknown) => error
    );
    done = true;
    expect(outcome).toBeInstanceOf(UnreadableFileError);
    // The main thread kept turning while the file was read elsewhere: the old regex held it for seconds, turning never.
    expect(turns).toBeGreaterThan(0);
  });

  it('images are one page; anything else is no accepted type', async () => {
    expect(await inspect(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toEqual({
      mediaType: 'image/jpeg',
      pages: 1
    });
    expect(await inspect(new TextEncoder().encode('<html>'))).toBeUndefined();
  });
});

describe('the page counters (one long-lived worker per slot, not one per file)', () => {
  it('a file that runs past its limit is refused and the next file is counted by a fresh worker', async () => {
    const pool = new InspectionPool(1);
    try {
      const big = new TextEncoder().encode(`%PDF-1.4\n${'/Type/Pages '.repeat(1_000_000)}`);
      const [slow, next] = await Promise.all([
        pool.count('pdf', big, 1),
        pool.count('pdf', await pdfOf(3, true), 60_000)
      ]);
      expect(slow).toEqual({ timedOut: true });
      expect(next).toEqual({ pages: 3, error: undefined });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a worker left idle ends, giving back its memory, and the next file starts a fresh one', async () => {
    const pool = new InspectionPool(1, 50);
    try {
      expect(pool.workers).toBe(0);
      expect(await pool.count('pdf', await pdfOf(2, false), 60_000)).toEqual({ pages: 2, error: undefined });
      expect(pool.workers).toBe(1);
      await vi.waitFor(() => expect(pool.workers).toBe(0), { timeout: 10_000 });
      expect(await pool.count('pdf', await pdfOf(4, true), 60_000)).toEqual({ pages: 4, error: undefined });
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
    expect(pool.workers).toBe(0);
  });

  it('many files at once are all answered, each with its own count', async () => {
    const pool = new InspectionPool(2);
    try {
      const files = await Promise.all([1, 2, 3, 4, 5, 6].map(n => pdfOf(n, n % 2 === 0)));
      const counts = await Promise.all(files.map(bytes => pool.count('pdf', bytes, 60_000)));
      expect(counts.map(c => c.pages)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await pool.close();
    }
  });
});
