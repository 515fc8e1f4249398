// The ECharts Payesh draws with (wwwroot/js/charts.js): line series with markLine, the legend, the tooltip and
// the grid, on the SVG renderer. Anything else a page needs must be added here and the bundle rebuilt (build.mjs).
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);
window.echarts = echarts;
