/**
 * ECharts for the performance page, loaded only there (a dynamic import of this module): the core with the bar
 * chart, the components the options use and the SVG renderer, not the whole library.
 */
import { init, use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer
]);

export { init };
