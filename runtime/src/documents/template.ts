import type * as Fontkit from 'fontkit';
import { findCjkFont, fontBytes } from '../supervision/index.ts';
import { templates, type DocumentKind } from './kinds.ts';
import { qrPng } from './qr.ts';
import { drawSeal, sealRed } from './seal-image.ts';
import { signatureField, type SignatureFieldInput } from './signature.ts';

/** What a document says, as it is sealed and kept. */
export interface DocumentContent {
  kind: DocumentKind;
  title: string;
  /** Under the title: 电子证照 for a licence. */
  subtitle?: string;
  /** Who it is addressed to (the applicant), for a notice. */
  addressee?: string;
  lines: string[];
  facts: Array<[string, string]>;
  department: string;
  /** The date it is issued on, as a document writes it: 2026年9月28日. */
  date: string;
}

export interface RenderInput {
  content: DocumentContent;
  number: string;
  /** The public verification page of this document (absolute URL): printed and in the QR code. */
  verifyUrl: string;
  signature: SignatureFieldInput;
  /** When it is sealed: the PDF's creation date. */
  at: Date;
}

let face: Fontkit.Font | undefined;

/**
 * The CJK face, parsed once per process: pdfkit takes a fontkit font as it is, so its tables and glyph layouts are
 * read once rather than for every document (from about a second a document to some tens of milliseconds); each
 * document still embeds its own subset. pdfkit and fontkit are loaded at the first document, not at start: some
 * 8 MB resident that a process serving the hall alone never needs.
 */
async function cjkFace(): Promise<Fontkit.Font> {
  if (face) return face;
  const fontkit = await import('fontkit');
  const font = findCjkFont(process.env.BANSHI_REPORT_FONT);
  if (!font) throw new Error('找不到中文字体：请安装 fonts-noto-cjk，或以 BANSHI_REPORT_FONT 指定字体文件。');
  const opened = fontkit.create(fontBytes(font), font.family);
  face = 'fonts' in opened ? opened.fonts[0]! : opened;
  return face;
}

const page = { width: 595.28, height: 841.89, margin: 72 };
const usable = page.width - 2 * page.margin;

/**
 * The document as a PDF with its signature field ready to be signed (a /Sig dictionary with the ByteRange and
 * Contents placeholders): one A4 page per template, Chinese text in the embedded (subset) Noto CJK font, the seal
 * over the department's name and date, the QR code of the verification page with its address printed under it.
 */
export async function renderDocument(input: RenderInput): Promise<Buffer> {
  const { content } = input;
  const template = templates[content.kind];
  const qr = await qrPng(input.verifyUrl);
  const { default: PDFDocument } = await import('pdfkit');
  const cjk = await cjkFace();
  const doc = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    autoFirstPage: true,
    pdfVersion: '1.7',
    info: {
      Title: content.title,
      Author: content.department,
      Subject: input.number,
      Creator: 'Banshi',
      Producer: 'Banshi',
      CreationDate: input.at
    }
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>(resolve => doc.on('end', () => resolve()));
  doc.registerFont('cjk', cjk as never);
  doc.font('cjk').fillColor('#000');

  doc.fontSize(22).text(content.title, page.margin, 88, { width: usable, align: 'center' });
  if (content.subtitle) doc.fontSize(11).fillColor('#555').text(content.subtitle, { width: usable, align: 'center' });
  doc.fillColor('#000').moveDown(0.4).fontSize(12).text(input.number, { width: usable, align: 'center' });
  const rule = doc.y + 6;
  doc
    .moveTo(page.margin, rule)
    .lineTo(page.margin + usable, rule)
    .lineWidth(1.2)
    .strokeColor(sealRed)
    .stroke();
  doc.strokeColor('#000');
  doc.y = rule + 18;

  const facts = () => {
    for (const [label, value] of content.facts) {
      doc.fontSize(11).text(`${label}：${value}`, page.margin, doc.y, { width: usable });
      doc.moveDown(0.25);
    }
    doc.moveDown(0.6);
  };
  if (template.factsFirst) facts();
  if (template.addressed && content.addressee) {
    doc.fontSize(12).text(`${content.addressee}：`, page.margin, doc.y, { width: usable });
    doc.moveDown(0.4);
  }
  for (const line of content.lines) {
    doc.fontSize(12).text(line, page.margin, doc.y, { width: usable, indent: 24, lineGap: 4 });
    doc.moveDown(0.4);
  }
  if (!template.factsFirst) {
    doc.moveDown(0.4);
    facts();
  }

  // The department and the date at the right, the seal over them; then the QR code at the foot.
  const sealRadius = 58;
  if (doc.y + 2 * sealRadius + 150 > page.height - page.margin) doc.addPage();
  const signY = Math.max(doc.y + 30, 430);
  const right = page.margin + usable;
  doc.fontSize(12).text(content.department, right - 260, signY, { width: 240, align: 'right' });
  doc.text(content.date, right - 260, signY + 22, { width: 240, align: 'right' });
  const centre = { x: right - 20 - 120 + 40, y: signY + 14 };
  drawSeal(doc, centre, sealRadius, content.department, template.purpose);

  const qrSize = 84;
  const qrY = page.height - page.margin - qrSize - 10;
  doc.image(qr, page.margin, qrY, { width: qrSize, height: qrSize });
  const noteX = page.margin + qrSize + 12;
  const noteWidth = usable - qrSize - 12;
  doc.fontSize(9).fillColor('#333');
  doc.text('扫描二维码或访问以下地址，核验本文书的电子签章：', noteX, qrY + 4, { width: noteWidth });
  doc.text(input.verifyUrl, noteX, doc.y + 2, { width: noteWidth });
  doc.text(`文书编号：${input.number}`, noteX, doc.y + 2, { width: noteWidth });
  doc.text('本文书经电子签章（SM2/SM3），与纸质文书具有同等法律效力。', noteX, doc.y + 2, { width: noteWidth });
  doc.fillColor('#000');

  signatureField(doc, input.signature, {
    x: centre.x - sealRadius,
    y: centre.y - sealRadius,
    size: 2 * sealRadius
  });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
