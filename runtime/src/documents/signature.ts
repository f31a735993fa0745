import { createHash } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';

/**
 * The document's electronic seal inside the PDF, as ISO 32000-1 §12.8 lays a signature out: a /Sig dictionary
 * whose /ByteRange names every byte of the file but the /Contents string, which carries the signature. Here the
 * signature is SM2 (GB/T 32918.2, with Z over the default ID) over the 32-byte SM3 digest (GB/T 32905) of those byte
 * ranges, DER-encoded: /Filter /Banshi.SM2Seal and /SubFilter /Banshi.SM2.SM3 name it, so a reader that knows only
 * PKCS#7 says it cannot check it rather than calling it broken. The key's id and the document's id are in the
 * dictionary, inside the signed bytes.
 */
export const sealFilter = 'Banshi.SM2Seal';
export const sealSubFilter = 'Banshi.SM2.SM3';
/** Room for the DER signature (at most 72 bytes) in /Contents. */
const contentsBytes = 128;

export interface SignatureFieldInput {
  keyId: string;
  documentId: string;
  department: string;
  signedAt: Date;
}

/** pdfkit writes a JavaScript String object as a PDF string, a primitive string as a name. */
const text = (value: string) => new String(value);

/** Adds the signature field (the seal's area on the current page) and its /Sig dictionary with placeholders. */
export function signatureField(
  doc: PDFKit.PDFDocument,
  input: SignatureFieldInput,
  area: { x: number; y: number; size: number }
): void {
  const sig = doc.ref({
    Type: 'Sig',
    Filter: sealFilter,
    SubFilter: sealSubFilter,
    Name: text(input.department),
    M: input.signedAt,
    Reason: text('电子签章'),
    BanshiKeyId: text(input.keyId),
    BanshiDocument: text(input.documentId),
    ByteRange: [0, '**********', '**********', '**********'],
    Contents: Buffer.alloc(contentsBytes)
  });
  const height = (doc.page as unknown as { height: number }).height;
  const widget = doc.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [area.x, height - area.y - area.size, area.x + area.size, height - area.y],
    V: sig,
    T: text('电子签章'),
    // Print, locked.
    F: 132,
    P: doc.page.dictionary
  });
  (doc.page as unknown as { annotations: unknown[] }).annotations.push(widget);
  // pdfkit's own form dictionary, which it writes when the document ends.
  doc.initForm();
  const form = (doc as unknown as { _root: { data: { AcroForm: { data: Record<string, unknown> } } } })._root.data
    .AcroForm.data;
  form.SigFlags = 3;
  delete form.NeedAppearances;
  (form.Fields as unknown[]).push(widget);
  sig.end('');
  widget.end('');
}

/** SM3 of bytes (Node's OpenSSL), hex. */
export const sm3Hex = (bytes: Uint8Array) => createHash('sm3').update(bytes).digest('hex');

class DigestSigner extends Signer {
  digest = '';
  constructor(private readonly signDigest: (digest: Buffer) => Promise<string>) {
    super();
  }
  override async sign(signed: Buffer): Promise<Buffer> {
    this.digest = sm3Hex(signed);
    return Buffer.from(await this.signDigest(Buffer.from(this.digest, 'hex')), 'hex');
  }
}

/**
 * Fills the byte range and signs: `signDigest` gets the SM3 digest of the signed ranges and returns the SM2
 * signature (DER, hex). The sealed PDF and that digest.
 */
export async function signPdf(
  pdf: Buffer,
  signDigest: (digest: Buffer) => Promise<string>
): Promise<{ pdf: Buffer; digest: string }> {
  const signer = new DigestSigner(signDigest);
  const sealed = await new SignPdf().sign(pdf, signer);
  return { pdf: sealed, digest: signer.digest };
}

/** What a PDF's seal says, read from its bytes: nothing is trusted until the signature is checked. */
export interface ReadSeal {
  byteRange: [number, number, number, number];
  /** The bytes the signature covers: the file without the /Contents string. */
  signed: Buffer;
  digest: string;
  signature: string;
  keyId: string;
  documentId: string;
  /** False when bytes were added after the signed ranges (an incremental update after sealing). */
  coversWholeFile: boolean;
}

export type ReadFailure = { problem: 'no-seal' | 'malformed' };

/** The last signature of the file, if it is one of ours in form; its bytes as the signature covers them. */
export function readSeal(pdf: Buffer): ReadSeal | ReadFailure {
  const at = pdf.lastIndexOf('/ByteRange');
  if (at < 0) return { problem: 'no-seal' };
  const dictStart = pdf.lastIndexOf('/Type /Sig', at);
  const head = pdf.subarray(Math.max(0, dictStart), at).toString('latin1');
  if (dictStart < 0 || at - dictStart > 4096 || !head.includes(`/Filter /${sealFilter}`)) return { problem: 'no-seal' };
  const range = /^\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/.exec(
    pdf.subarray(at, at + 80).toString('latin1')
  );
  if (!range) return { problem: 'malformed' };
  const [a, b, c, d] = range.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b + 1 || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e)
    return { problem: 'malformed' };
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return { problem: 'malformed' };
  const signature = derPrefix(hex.toLowerCase());
  const keyId = /\/BanshiKeyId \((SM2-[0-9a-f]{16})\)/.exec(head)?.[1];
  const documentId = /\/BanshiDocument \(([0-9a-f-]{36})\)/.exec(head)?.[1];
  if (!signature || !keyId || !documentId) return { problem: 'malformed' };
  const signed = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
  return {
    byteRange: [a, b, c, d],
    signed,
    digest: sm3Hex(signed),
    signature,
    keyId,
    documentId,
    coversWholeFile: c + d === pdf.length
  };
}

/** The DER SEQUENCE at the start of the zero-padded /Contents, or undefined. */
function derPrefix(hex: string): string | undefined {
  if (!hex.startsWith('30') || hex.length < 4) return undefined;
  const first = parseInt(hex.slice(2, 4), 16);
  const length = first < 0x80 ? first : first === 0x81 ? parseInt(hex.slice(4, 6), 16) : NaN;
  const header = first < 0x80 ? 2 : 3;
  if (!Number.isFinite(length) || (header + length) * 2 > hex.length) return undefined;
  return hex.slice(0, (header + length) * 2);
}
