import { chartOptions, chartSize, chartTitles, rowLabel, type ChartKind, type ChartRow } from '../charts.ts';

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

/**
 * One performance chart as an SVG document, drawn by ECharts' server-side renderer (no DOM, no canvas). ECharts
 * escapes every text it writes (labels, titles, the aria description), so a department's or matter's name cannot
 * inject markup. ECharts is loaded at the first chart, not at start: it is some 30 MB resident in a process that
 * draws a chart a few times a month.
 */
export async function chartSvg(kind: ChartKind, rows: readonly ChartRow[]): Promise<string> {
  const echarts = await import('echarts');
  const { width, height } = chartSize(kind, rows.length);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOptions(kind, rows));
    // ECharts' aria labels a DOM container; a standalone SVG carries its name itself.
    const name = escapeXml(`${chartTitles[kind]}（${rows.map(rowLabel).join('、') || '无数据'}）`);
    return chart
      .renderToSVGString()
      .replace(/^<svg /, `<svg role="img" aria-label="${name}" `)
      .replace(/^(<svg[^>]*>)/, `$1<title>${name}</title>`);
  } finally {
    chart.dispose();
  }
}
