import type { PerformanceRow } from '../performance.ts';
import { periodPattern } from '../period.ts';

/** A table of the period report: headers, column widths (points) and rows of text, numbers right-aligned. */
export interface ReportTable {
  title: string;
  columns: Array<{ header: string; width: number; align: 'left' | 'right' }>;
  rows: string[][];
}

const quarters = ['一', '二', '三', '四'];

/** “2026年第四季度”, “2026年11月”, “2026年”, “2026-11-01至2026-11-30”, “全部期间”. */
export function periodTitle(label: string): string {
  const match = periodPattern.exec(label);
  if (!match) return label === '全部' ? '全部期间' : label.replace('~', '至');
  if (match[2]) return `${match[1]}年第${quarters[Number(match[2]) - 1]}季度`;
  if (match[3]) return `${match[1]}年${Number(match[3])}月`;
  return `${match[1]}年`;
}

const num = (n: number | null) => (n === null ? '—' : String(n));
const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);
const unitNames = { workdays: '工作日', days: '自然日', hours: '小时' } as const;
const name = (r: PerformanceRow) => r.matterName ?? r.department;

function averages(r: PerformanceRow, which: 'promised' | 'legal'): string {
  const parts = (['workdays', 'days', 'hours'] as const)
    .filter(unit => r.averages[which][unit].cases > 0)
    .map(unit => {
      const a = r.averages[which][unit];
      return `${num(a.used)}/${num(a.limit)} ${unitNames[unit]}（${a.cases}件）`;
    });
  return parts.length ? parts.join('；') : '—';
}

const left = (header: string, width: number) => ({ header, width, align: 'left' as const });
const right = (header: string, width = 44) => ({ header, width, align: 'right' as const });

/** The report's four tables: volume and timeliness, average time used, corrections to ratings, the online share. */
export function reportTables(rows: readonly PerformanceRow[], by: 'department' | 'matter'): ReportTable[] {
  const head = left(by === 'matter' ? '事项' : '部门', 150);
  return [
    {
      title: '一、业务量与办结时效（件）',
      columns: [
        head,
        ...['收件', '受理', '不予受理', '撤回', '办结'].map(h => right(h)),
        ...['承诺·提前', '承诺·按时', '承诺·超期', '法定·提前', '法定·按时', '法定·超期'].map(h => right(h, 56))
      ],
      rows: rows.map(r => [
        name(r),
        ...[r.received, r.accepted, r.refused, r.withdrawn, r.decided].map(num),
        ...[r.promised.early, r.promised.onTime, r.promised.late, r.legal.early, r.legal.onTime, r.legal.late].map(num)
      ])
    },
    {
      title: '二、平均用时 / 平均时限（扣除特别程序与补正时间；按工作日计与按小时计分列）',
      columns: [head, left('对照承诺时限', 300), left('对照法定时限', 300)],
      rows: rows.map(r => [name(r), averages(r, 'promised'), averages(r, 'legal')])
    },
    {
      title: '三、补正、预警亮牌、异常、投诉与满意度',
      columns: [
        head,
        ...['补正次数', '补正件数', '预警', '黄牌', '红牌', '异常'].map(h => right(h, 38)),
        right('每百件亮牌', 46),
        right('每百件异常', 46),
        right('投诉', 34),
        right('评价', 34),
        ...['非常满意', '满意', '基本满意', '不满意', '非常不满意'].map(h => right(h, 38)),
        right('满意率', 44)
      ],
      rows: rows.map(r => [
        name(r),
        ...[r.correctionRounds, r.corrected, r.warnings, r.yellowCards, r.redCards, r.anomalies].map(num),
        num(r.cardsPer100),
        num(r.anomaliesPer100),
        num(r.complaints),
        num(r.ratings.total),
        ...[
          r.ratings.verySatisfied,
          r.ratings.satisfied,
          r.ratings.basicallySatisfied,
          r.ratings.dissatisfied,
          r.ratings.veryDissatisfied
        ].map(num),
        pct(r.ratings.satisfaction)
      ])
    },
    {
      title: '四、网上办理率（双轨运行目标：4月起30%，10月起70%）',
      columns: [
        head,
        right('网上申报', 56),
        right('窗口', 56),
        right('邮寄', 56),
        right('网上办理率', 70),
        right('目标', 56),
        left('是否达标', 70)
      ],
      rows: rows.map(r => [
        name(r),
        num(r.channels.online),
        num(r.channels.window),
        num(r.channels.express),
        pct(r.channels.onlineShare),
        pct(r.channels.target),
        r.channels.met === null ? '—' : r.channels.met ? '达标' : '未达标'
      ])
    }
  ];
}
