/**
 * The performance page's tables: column groups with their units, each cell's text and, for a count of cases, the
 * figure whose cases the drill-down lists. The same figures as the export's columns (runtime/src/supervision/export.ts),
 * grouped for reading at 1366 px.
 */
import type { Figure, PerformanceRow } from './performance-api';
import { percentText } from './performance-labels';

export interface Cell {
  text: string;
  /** A count of cases: its link lists them. */
  figure?: Figure;
}
export interface Column {
  label: string;
  value(row: PerformanceRow): Cell;
  /** Numbers are right-aligned; words are not. */
  numeric?: boolean;
}
export interface ColumnGroup {
  label: string;
  columns: Column[];
}
export interface PerformanceTableSpec {
  id: string;
  caption: string;
  groups: ColumnGroup[];
}

const count = (label: string, figure: Figure, pick: (r: PerformanceRow) => number): Column => ({
  label,
  numeric: true,
  value: r => ({ text: String(pick(r)), figure })
});
const number = (label: string, pick: (r: PerformanceRow) => number | null): Column => ({
  label,
  numeric: true,
  value: r => ({ text: pick(r) === null ? '—' : String(pick(r)) })
});
const share = (label: string, pick: (r: PerformanceRow) => number | null): Column => ({
  label,
  numeric: true,
  value: r => ({ text: percentText(pick(r)) })
});

type Unit = 'workdays' | 'days' | 'hours';
const unitNames: Record<Unit, string> = { workdays: '工作日', days: '自然日', hours: '小时' };

/** Average used and limit in one unit: “1.43 / 1.57”, and how many decided cases they are of. */
function averages(which: 'promised' | 'legal', unit: Unit): Column[] {
  const pick = (r: PerformanceRow) => r.averages[which][unit];
  return [
    number('平均用时', r => pick(r).used),
    number('平均时限', r => pick(r).limit),
    number('件数', r => pick(r).cases)
  ];
}

/**
 * The four tables. Averages show a unit's columns only when some row has a case counted in it, but always
 * 工作日 and 小时 (matters counted in hours are averaged apart, in hours).
 */
export function performanceTables(rows: readonly PerformanceRow[]): PerformanceTableSpec[] {
  const units = (['workdays', 'days', 'hours'] as const).filter(
    u => u !== 'days' || rows.some(r => r.averages.promised.days.cases + r.averages.legal.days.cases > 0)
  );
  return [
    {
      id: 'volume',
      caption: '业务量与办结时效',
      groups: [
        {
          label: '业务量（件）',
          columns: [
            count('收件', 'received', r => r.received),
            count('受理', 'accepted', r => r.accepted),
            count('不予受理', 'refused', r => r.refused),
            count('撤回', 'withdrawn', r => r.withdrawn),
            count('办结', 'decided', r => r.decided)
          ]
        },
        {
          label: '对照承诺时限（件）',
          columns: [
            count('提前', 'promisedEarly', r => r.promised.early),
            count('按时', 'promisedOnTime', r => r.promised.onTime),
            count('超期', 'promisedLate', r => r.promised.late)
          ]
        },
        {
          label: '对照法定时限（件）',
          columns: [
            count('提前', 'legalEarly', r => r.legal.early),
            count('按时', 'legalOnTime', r => r.legal.onTime),
            count('超期', 'legalLate', r => r.legal.late)
          ]
        }
      ]
    },
    {
      id: 'averages',
      caption: '平均用时（扣除特别程序与受理后补正的时间）',
      groups: (['promised', 'legal'] as const).flatMap(which =>
        units.map(unit => ({
          label: `对照${which === 'promised' ? '承诺' : '法定'}时限（单位：${unitNames[unit]}）`,
          columns: averages(which, unit)
        }))
      )
    },
    {
      id: 'supervision',
      caption: '补正、预警亮牌、投诉与满意度',
      groups: [
        {
          label: '补正',
          columns: [number('补正次数', r => r.correctionRounds), count('补正件数', 'corrected', r => r.corrected)]
        },
        {
          label: '预警、亮牌与异常',
          columns: [
            count('预警', 'warnings', r => r.warnings),
            count('黄牌', 'yellowCards', r => r.yellowCards),
            count('红牌', 'redCards', r => r.redCards),
            count('异常', 'anomalies', r => r.anomalies),
            number('每百件亮牌', r => r.cardsPer100),
            number('每百件异常', r => r.anomaliesPer100)
          ]
        },
        {
          label: '投诉（件）',
          columns: [
            count('投诉', 'complaints', r => r.complaints),
            number('其中未指明办件', r => r.complaintsWithoutCase)
          ]
        },
        {
          label: '好差评（条）',
          columns: [
            count('评价', 'rated', r => r.ratings.total),
            number('非常满意', r => r.ratings.verySatisfied),
            number('满意', r => r.ratings.satisfied),
            number('基本满意', r => r.ratings.basicallySatisfied),
            number('不满意', r => r.ratings.dissatisfied),
            number('非常不满意', r => r.ratings.veryDissatisfied),
            count('差评', 'badRatings', r => r.ratings.bad),
            share('满意率', r => r.ratings.satisfaction)
          ]
        }
      ]
    },
    {
      id: 'channels',
      caption: '收件渠道与网上办理率',
      groups: [
        {
          label: '收件渠道（件）',
          columns: [
            count('网上', 'online', r => r.channels.online),
            count('窗口', 'window', r => r.channels.window),
            count('邮寄', 'express', r => r.channels.express)
          ]
        },
        {
          label: '网上办理率（双轨运行）',
          columns: [
            share('网上办理率', r => r.channels.onlineShare),
            share('目标', r => r.channels.target),
            {
              label: '是否达标',
              value: r => ({ text: r.channels.met === null ? '—' : r.channels.met ? '达标' : '未达标' })
            }
          ]
        }
      ]
    }
  ];
}
