import type { EChartsOption } from 'echarts';

/**
 * The performance charts (绩效测评图表) as ECharts options: the same module draws them in the studio (in the browser)
 * and on the server (SVG for the chart route and the period report's PDF), so a printout shows what the screen
 * shows. It reads only the fields below of a performance row (structurally, so the studio can import this file
 * without the runtime's types) and imports nothing but ECharts' types.
 */
export interface ChartRow {
  key: string;
  department: string;
  matterName: string | null;
  promised: { early: number; onTime: number; late: number };
  legal: { early: number; onTime: number; late: number };
  ratings: {
    verySatisfied: number;
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    veryDissatisfied: number;
  };
  channels: { online: number; window: number; express: number; onlineShare: number | null; target: number | null };
}

export const chartKinds = ['timeliness', 'online', 'satisfaction'] as const;
export type ChartKind = (typeof chartKinds)[number];

export const chartTitles: Record<ChartKind, string> = {
  timeliness: '办结时效（对照承诺时限与法定时限）',
  online: '网上办理率与双轨运行目标',
  satisfaction: '好差评（五级）'
};

/** Fonts the Noto CJK package (fonts-noto-cjk) and common desktops cover, so Chinese labels render everywhere. */
export const chartFont = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif';

/** Colours with at least 3:1 contrast on white, told apart by position and legend too (not by colour alone). */
const colours = {
  early: '#2e7d32',
  onTime: '#1565c0',
  late: '#c62828',
  legalEarly: '#66bb6a',
  legalOnTime: '#5c8fd6',
  legalLate: '#e57373',
  met: '#2e7d32',
  notMet: '#c62828',
  target: '#6a1b9a'
};
const ratingColours = ['#1b5e20', '#43a047', '#9e9d24', '#ef6c00', '#b71c1c'];
const ratingNames = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'];
const ratingKeys = ['verySatisfied', 'satisfied', 'basicallySatisfied', 'dissatisfied', 'veryDissatisfied'] as const;

/** The name a row is shown by: the department, or the matter's name when rows are by matter. */
export const rowLabel = (row: ChartRow) => row.matterName ?? row.department ?? row.key;

/** A chart's width and height for `rows` rows: one band of 56 px a row (two bars for timeliness). */
export function chartSize(kind: ChartKind, rows: number): { width: number; height: number } {
  const band = kind === 'timeliness' ? 64 : 44;
  return { width: 760, height: 150 + Math.max(rows, 1) * band };
}

/**
 * A count written inside its bar, dark or light text by the bar's colour; no text border (ECharts draws one with
 * paint-order, which PDF converters do not honour: the border would cover the glyphs).
 */
const inside = (text: string) => ({
  show: true,
  color: text,
  textBorderWidth: 0,
  formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '')
});
const light = '#fff';
const dark = '#1b1f24';

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

function base(kind: ChartKind, rows: readonly ChartRow[]): EChartsOption {
  const labels = rows.map(rowLabel);
  return {
    animation: false,
    aria: { enabled: true, label: { enabled: true, description: `${chartTitles[kind]}：图中的数字见下方表格。` } },
    textStyle: { fontFamily: chartFont },
    title: { text: chartTitles[kind], left: 8, textStyle: { fontSize: 15, fontFamily: chartFont } },
    legend: { bottom: 0, textStyle: { fontFamily: chartFont } },
    grid: { left: 12, right: 48, top: 40, bottom: 56, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 180, overflow: 'truncate' } }
  };
}

function timeliness(rows: readonly ChartRow[]): EChartsOption {
  const series = (which: 'promised' | 'legal', part: 'early' | 'onTime' | 'late', name: string, colour: string) => ({
    type: 'bar' as const,
    name,
    stack: which,
    barMaxWidth: 22,
    itemStyle: { color: colour },
    label: inside(which === 'promised' ? light : dark),
    data: rows.map(r => r[which][part])
  });
  return {
    ...base('timeliness', rows),
    xAxis: { type: 'value', name: '件', minInterval: 1 },
    series: [
      series('promised', 'early', '承诺·提前', colours.early),
      series('promised', 'onTime', '承诺·按时', colours.onTime),
      series('promised', 'late', '承诺·超期', colours.late),
      series('legal', 'early', '法定·提前', colours.legalEarly),
      series('legal', 'onTime', '法定·按时', colours.legalOnTime),
      series('legal', 'late', '法定·超期', colours.legalLate)
    ]
  };
}

function online(rows: readonly ChartRow[]): EChartsOption {
  const target = rows.find(r => r.channels.target !== null)?.channels.target ?? null;
  return {
    ...base('online', rows),
    legend: { show: false },
    xAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: [
      {
        type: 'bar',
        name: '网上办理率',
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: '{c}%', color: dark, textBorderWidth: 0 },
        data: rows.map(r => {
          const value = percent(r.channels.onlineShare);
          const met = target === null || value === null ? null : (r.channels.onlineShare ?? 0) >= target;
          return {
            value: value ?? 0,
            itemStyle: { color: met === false ? colours.notMet : met ? colours.met : colours.onTime }
          };
        }),
        ...(target === null
          ? {}
          : {
              markLine: {
                symbol: 'none',
                lineStyle: { color: colours.target, type: 'dashed', width: 2 },
                label: { formatter: `目标 ${percent(target)}%`, position: 'start', color: colours.target },
                data: [{ xAxis: percent(target)! }]
              }
            })
      }
    ]
  };
}

function satisfaction(rows: readonly ChartRow[]): EChartsOption {
  return {
    ...base('satisfaction', rows),
    xAxis: { type: 'value', name: '条', minInterval: 1 },
    series: ratingKeys.map((key, i) => ({
      type: 'bar' as const,
      name: ratingNames[i]!,
      stack: 'ratings',
      barMaxWidth: 22,
      itemStyle: { color: ratingColours[i]! },
      label: inside(i === 0 || i === 4 ? light : dark),
      data: rows.map(r => r.ratings[key])
    }))
  };
}

/** The ECharts options of one performance chart over the rows given. */
export function chartOptions(kind: ChartKind, rows: readonly ChartRow[]): EChartsOption {
  switch (kind) {
    case 'timeliness':
      return timeliness(rows);
    case 'online':
      return online(rows);
    case 'satisfaction':
      return satisfaction(rows);
    default: {
      const never: never = kind;
      throw new Error(`unknown chart ${String(never)}`);
    }
  }
}

/** A chart's figures as a table (headers, then one row per chart row): what the studio shows beside the chart. */
export function chartData(kind: ChartKind, rows: readonly ChartRow[]): { headers: string[]; rows: string[][] } {
  const n = (v: number) => String(v);
  const pct = (share: number | null) => (share === null ? '—' : `${percent(share)}%`);
  switch (kind) {
    case 'timeliness':
      return {
        headers: ['名称', '承诺·提前', '承诺·按时', '承诺·超期', '法定·提前', '法定·按时', '法定·超期'],
        rows: rows.map(r => [
          rowLabel(r),
          ...[r.promised.early, r.promised.onTime, r.promised.late, r.legal.early, r.legal.onTime, r.legal.late].map(n)
        ])
      };
    case 'online':
      return {
        headers: ['名称', '网上办理率', '目标'],
        rows: rows.map(r => [rowLabel(r), pct(r.channels.onlineShare), pct(r.channels.target)])
      };
    case 'satisfaction':
      return {
        headers: ['名称', ...ratingNames],
        rows: rows.map(r => [rowLabel(r), ...ratingKeys.map(k => n(r.ratings[k]))])
      };
    default: {
      const never: never = kind;
      throw new Error(`unknown chart ${String(never)}`);
    }
  }
}
