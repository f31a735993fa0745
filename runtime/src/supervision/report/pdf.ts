import type { CaseBehind } from '../measure.ts';
import type { PerformanceRow } from '../performance.ts';
import { chartKinds, chartSize } from '../charts.ts';
import { chartSvg } from './chart-svg.ts';
import { fontBytes, type CjkFont } from './font.ts';
import { periodTitle, reportTables, type ReportTable } from './tables.ts';

/** What the period report (分段通报) shows: the figures of one scope and period, the late cases, who asked when. */
export interface PeriodReport {
  period: { label: string; from?: number; to?: number };
  /** The department reported on, or null for every department. */
  department: string | null;
  matter: string | null;
  by: 'department' | 'matter';
  rows: readonly PerformanceRow[];
  late: { promised: readonly CaseBehind[]; legal: readonly CaseBehind[] };
  generatedAt: number;
  generatedBy: { name: string; department: string | null };
}

/** “2026年第四季度 行政审批电子监察绩效通报” */
export const reportTitle = (label: string) => `${periodTitle(label)} 行政审批电子监察绩效通报`;

/** A Beijing date and time, “2026-11-30 10:00” (China keeps no summer time). */
const beijing = (at: number, withTime = true) =>
  new Date(at + 8 * 3600_000)
    .toISOString()
    .slice(0, withTime ? 16 : 10)
    .replace('T', ' ');

const page = { width: 842, height: 595, margin: 40 };
const usable = page.width - 2 * page.margin;
const bottom = page.height - page.margin;

function table(doc: PDFKit.PDFDocument, t: ReportTable): void {
  const scale = Math.min(1, usable / t.columns.reduce((a, c) => a + c.width, 0));
  const widths = t.columns.map(c => c.width * scale);
  const cell = (text: string, x: number, y: number, w: number, align: 'left' | 'right') =>
    doc.text(text, x + 3, y + 3, { width: w - 6, align });
  const heightOf = (cells: string[], size: number) =>
    Math.max(...cells.map((text, i) => doc.fontSize(size).heightOfString(text, { width: widths[i]! - 6 }))) + 6;
  const header = () => {
    const h = heightOf(
      t.columns.map(c => c.header),
      8
    );
    let x = page.margin;
    doc.rect(page.margin, doc.y, usable, h).fill('#eceff1').fillColor('#000');
    const y = doc.y;
    t.columns.forEach((c, i) => {
      cell(c.header, x, y, widths[i]!, c.align);
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  if (doc.y + 60 > bottom) doc.addPage();
  doc.fontSize(11).text(t.title, page.margin, doc.y + 8);
  doc.moveDown(0.3);
  header();
  for (const row of t.rows) {
    const h = heightOf(row, 8);
    if (doc.y + h > bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    let x = page.margin;
    row.forEach((text, i) => {
      cell(text, x, y, widths[i]!, t.columns[i]!.align);
      x += widths[i]!;
    });
    doc
      .moveTo(page.margin, y + h)
      .lineTo(page.margin + usable, y + h)
      .lineWidth(0.5)
      .strokeColor('#b0bec5')
      .stroke();
    doc.y = y + h;
  }
}

function lateCases(doc: PDFKit.PDFDocument, report: PeriodReport): void {
  doc.fontSize(11).text('五、超期办件（含到期未办结的在办件）', page.margin, doc.y + 12);
  doc.fontSize(9).moveDown(0.3);
  for (const [which, name] of [
    ['promised', '承诺时限'],
    ['legal', '法定时限']
  ] as const) {
    const cases = report.late[which];
    const line = cases.length
      ? cases
          .map(c => {
            const deadline = which === 'promised' ? c.promisedDeadline : c.legalDeadline;
            // A deadline falls at the end of its day (00:00 of the next): the day shown is the last one allowed.
            const due = deadline ? `，期限 ${beijing(Date.parse(deadline) - 1, false)}` : '';
            return `${c.caseNumber}（${c.matterName}，${c.department}${due}${c.decidedAt ? '' : '，未办结'}）`;
          })
          .join('；')
      : '无';
    doc.text(`对照${name}超期 ${cases.length} 件：${line}`, page.margin, doc.y, { width: usable });
    doc.moveDown(0.3);
  }
}

/**
 * The period report (分段通报) as a PDF for circulation: A4 landscape, set in a CJK font, with the tables of every
 * figure, the late cases by number, the online share against its target and the charts drawn from their SVG.
 */
export async function periodReportPdf(report: PeriodReport, font: CjkFont): Promise<Uint8Array> {
  const title = reportTitle(report.period.label);
  // Loaded at the first report, not at start (as ECharts for the charts).
  const [{ default: PDFDocument }, { default: SVGtoPDF }] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit')
  ]);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: page.margin,
    info: {
      Title: title,
      Author: report.generatedBy.name,
      Creator: 'Banshi',
      CreationDate: new Date(report.generatedAt)
    }
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontBytes(font), font.family);
  doc.font('cjk');

  doc.fontSize(18).text(title, { align: 'center' });
  doc.moveDown(0.5).fontSize(9);
  const range =
    report.period.from !== undefined && report.period.to !== undefined
      ? `（${beijing(report.period.from, false)} 至 ${beijing(report.period.to - 1, false)}，北京时间）`
      : '';
  const who = report.generatedBy.department
    ? `${report.generatedBy.name}（${report.generatedBy.department}）`
    : report.generatedBy.name;
  for (const line of [
    `统计期间：${periodTitle(report.period.label)}${range}`,
    `范围：${report.department ?? '全部部门'}${report.matter ? `，事项 ${report.matter}` : ''}；按${report.by === 'matter' ? '事项' : '部门'}统计`,
    `生成时间：${beijing(report.generatedAt)}（北京时间）\u3000生成人：${who}`
  ])
    doc.text(line);

  const rows = report.rows;
  if (rows.length === 0) doc.moveDown().fontSize(11).text('本期间没有办件。');
  else for (const t of reportTables(rows, report.by)) table(doc, t);

  const target = rows.find(r => r.channels.target !== null)?.channels;
  doc.fontSize(9).moveDown(0.5);
  doc.text(
    target
      ? `网上办理率目标：${target.targetBy} 起达到 ${Math.round(target.target! * 100)}%。` +
          rows
            .filter(r => r.channels.met !== null)
            .map(r => `${r.matterName ?? r.department}${r.channels.met ? '达标' : '未达标'}`)
            .join('，') +
          '。'
      : '本期间无网上办理率目标（双轨运行目标自4月起适用，按月、季、年统计时显示）。',
    page.margin,
    doc.y,
    { width: usable }
  );
  lateCases(doc, report);

  if (rows.length > 0)
    for (const kind of chartKinds) {
      const { width, height } = chartSize(kind, rows.length);
      let scale = Math.min(1, usable / width, (bottom - page.margin - 10) / height);
      // Shrunk by up to a fifth to stay on the page it starts on; else on a page of its own.
      const room = bottom - doc.y - 10;
      if (height * scale > room) {
        if (height * scale * 0.8 <= room) scale = room / height;
        else doc.addPage();
      }
      const y = doc.y + 10;
      SVGtoPDF(doc, await chartSvg(kind, rows), page.margin + (usable - width * scale) / 2, y, {
        width: width * scale,
        height: height * scale,
        fontCallback: () => 'cjk'
      });
      doc.y = y + height * scale;
      doc.x = page.margin;
    }
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
