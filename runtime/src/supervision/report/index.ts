export { chartSvg } from './chart-svg.ts';
export { findCjkFont, type CjkFont } from './font.ts';
export { periodReportPdf, reportTitle, type PeriodReport } from './pdf.ts';
export { periodTitle, reportTables } from './tables.ts';
