/**
 * The performance charts' options, from the same module the runtime draws its SVG and PDF charts with
 * (runtime/src/supervision/charts.ts: pure, importing only ECharts' types), so the screen and the printout agree.
 */
export {
  chartData,
  chartKinds,
  chartOptions,
  chartSize,
  chartTitles,
  type ChartKind,
  type ChartRow
} from '../../../../runtime/src/supervision/charts.ts';
