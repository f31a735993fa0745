import type { PerformanceRow } from './performance.ts';

const unitNames = { workdays: '工作日', days: '自然日', hours: '小时' } as const;

/** The export's columns: a Chinese header and the figure it shows; the same for CSV and XLSX. */
export const performanceColumns: ReadonlyArray<{
  header: string;
  value: (r: PerformanceRow) => string | number | null;
}> = [
  { header: '部门', value: r => r.department },
  { header: '事项编码', value: r => r.matterCode },
  { header: '事项名称', value: r => r.matterName },
  { header: '收件', value: r => r.received },
  { header: '受理', value: r => r.accepted },
  { header: '不予受理', value: r => r.refused },
  { header: '撤回', value: r => r.withdrawn },
  { header: '办结', value: r => r.decided },
  { header: '承诺时限·提前', value: r => r.promised.early },
  { header: '承诺时限·按时', value: r => r.promised.onTime },
  { header: '承诺时限·超期', value: r => r.promised.late },
  { header: '法定时限·提前', value: r => r.legal.early },
  { header: '法定时限·按时', value: r => r.legal.onTime },
  { header: '法定时限·超期', value: r => r.legal.late },
  ...(['promised', 'legal'] as const).flatMap(which =>
    (['workdays', 'days', 'hours'] as const).flatMap(unit => {
      const label = `${which === 'promised' ? '承诺' : '法定'}（${unitNames[unit]}）`;
      return [
        { header: `${label}·件数`, value: (r: PerformanceRow) => r.averages[which][unit].cases },
        { header: `${label}·平均用时`, value: (r: PerformanceRow) => r.averages[which][unit].used },
        { header: `${label}·平均时限`, value: (r: PerformanceRow) => r.averages[which][unit].limit }
      ];
    })
  ),
  { header: '补正次数', value: r => r.correctionRounds },
  { header: '补正件数', value: r => r.corrected },
  { header: '预警', value: r => r.warnings },
  { header: '黄牌', value: r => r.yellowCards },
  { header: '红牌', value: r => r.redCards },
  { header: '异常', value: r => r.anomalies },
  { header: '每百件亮牌', value: r => r.cardsPer100 },
  { header: '每百件异常', value: r => r.anomaliesPer100 },
  { header: '投诉', value: r => r.complaints },
  { header: '评价', value: r => r.ratings.total },
  { header: '非常满意', value: r => r.ratings.verySatisfied },
  { header: '满意', value: r => r.ratings.satisfied },
  { header: '基本满意', value: r => r.ratings.basicallySatisfied },
  { header: '不满意', value: r => r.ratings.dissatisfied },
  { header: '非常不满意', value: r => r.ratings.veryDissatisfied },
  { header: '满意率', value: r => r.ratings.satisfaction },
  { header: '网上申报', value: r => r.channels.online },
  { header: '窗口', value: r => r.channels.window },
  { header: '邮寄', value: r => r.channels.express },
  { header: '网上办理率', value: r => r.channels.onlineShare },
  { header: '网上办理目标', value: r => r.channels.target },
  { header: '是否达标', value: r => (r.channels.met === null ? null : r.channels.met ? '达标' : '未达标') }
];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; a BOM so spreadsheets read UTF-8. */
export function performanceCsv(rows: readonly PerformanceRow[]): string {
  const field = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    // A leading = + - @ would be run as a formula by a spreadsheet: quoted and prefixed with '.
    const safe = /^[=+\-@]/.test(text) && typeof v === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [performanceColumns.map(c => field(c.header)).join(',')];
  for (const row of rows) lines.push(performanceColumns.map(c => field(c.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The same table as an XLSX workbook with one sheet named after the period. */
export async function performanceXlsx(rows: readonly PerformanceRow[], period: string): Promise<ArrayBuffer> {
  // ExcelJS is loaded at the first workbook, not at start: some 14 MB resident for an export made now and then.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`绩效测评 ${period}`.replace(/[\\/?*[\]:]/g, '-').slice(0, 31));
  sheet.addRow(performanceColumns.map(c => c.header));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(performanceColumns.map(c => c.value(row)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return bytes.buffer;
}
