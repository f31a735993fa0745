import { z } from 'zod';
import { figures, periodPattern } from '../../supervision/index.ts';
import { Day } from '../../web/schemas.ts';

/** Which figures: a period (or days from–to), a department and a matter, rows by department or by matter. */
export const PerformanceQuery = z.object({
  period: z
    .string()
    .regex(periodPattern, '统计期间应为年（2026）、季度（2026-Q4）或月份（2026-10）')
    .optional()
    .describe('统计期间：年 2026、季度 2026-Q4 或月份 2026-10（北京时间）；给出时 from/to 不用'),
  from: Day.optional().describe('起始日（含），无 period 时使用'),
  to: Day.optional().describe('截止日（含），无 period 时使用'),
  department: z.string().max(50).optional(),
  matter: z.string().max(100).optional().describe('事项编码'),
  by: z.enum(['department', 'matter']).default('department')
});

const Timeliness = z.object({ early: z.number().int(), onTime: z.number().int(), late: z.number().int() });
const UnitAverage = z.object({
  cases: z.number().int().describe('按此单位计时限的办结件数'),
  used: z.number().nullable().describe('平均用时（扣除特别程序与受理后补正的时间）'),
  limit: z.number().nullable().describe('平均时限（含同单位的延期）')
});
const Averages = z.object({ workdays: UnitAverage, days: UnitAverage, hours: UnitAverage });

export const PerformanceRowSchema = z.object({
  key: z.string().describe('部门名称，或按事项统计时的事项编码'),
  department: z.string(),
  matterCode: z.string().nullable(),
  matterName: z.string().nullable(),
  received: z.number().int().describe('收件（按收件日）'),
  accepted: z.number().int().describe('受理（按受理日）'),
  refused: z.number().int().describe('不予受理（按决定日）'),
  withdrawn: z.number().int().describe('撤回（按撤回日）'),
  decided: z.number().int().describe('办结（按决定日）'),
  promised: Timeliness.describe('对照承诺时限：提前、按时、超期（超期含到期未办结的在办件，按到期日计）'),
  legal: Timeliness.describe('对照法定时限'),
  averages: z.object({ promised: Averages, legal: Averages }),
  correctionRounds: z.number().int(),
  corrected: z.number().int(),
  warnings: z.number().int(),
  yellowCards: z.number().int(),
  redCards: z.number().int(),
  anomalies: z.number().int(),
  cardsPer100: z.number().nullable().describe('每百件收件的黄牌、红牌数'),
  anomaliesPer100: z.number().nullable(),
  complaints: z.number().int(),
  complaintsWithoutCase: z.number().int(),
  ratings: z.object({
    verySatisfied: z.number().int(),
    satisfied: z.number().int(),
    basicallySatisfied: z.number().int(),
    dissatisfied: z.number().int(),
    veryDissatisfied: z.number().int(),
    total: z.number().int(),
    bad: z.number().int(),
    satisfaction: z.number().nullable().describe('非差评占比，0–1')
  }),
  channels: z.object({
    online: z.number().int(),
    window: z.number().int(),
    express: z.number().int(),
    onlineShare: z.number().nullable().describe('网上申报占收件的比例，0–1'),
    target: z.number().nullable().describe('双轨运行目标：4 月起 0.3，10 月起 0.7'),
    targetBy: z.string().nullable(),
    met: z.boolean().nullable()
  })
});

const PeriodSchema = z.object({ label: z.string(), from: z.string().nullable(), to: z.string().nullable() });

export const PerformanceResponse = z.object({
  period: PeriodSchema,
  by: z.enum(['department', 'matter']),
  items: z.array(PerformanceRowSchema)
});

export const PerformanceRowsQuery = PerformanceQuery.extend({
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .describe('json（默认）；csv 或 xlsx 时下载同一张表（text/csv 或 Excel 工作簿）')
});

export const PerformanceCasesQuery = PerformanceQuery.omit({ by: true }).extend({
  figure: z.enum(figures),
  /** A page of the cases, oldest received first: skip `offset`, list at most `limit`. */
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(1000)
});

export const PerformanceCasesResponse = z.object({
  figure: z.enum(figures),
  period: PeriodSchema,
  offset: z.number().int(),
  /** The offset of the next page, or null when this page is the last. */
  next: z.number().int().nullable(),
  items: z.array(
    z.object({
      caseId: z.string(),
      caseNumber: z.string(),
      matterCode: z.string(),
      matterName: z.string(),
      department: z.string(),
      channel: z.string(),
      status: z.string(),
      receivedAt: z.string(),
      decidedAt: z.string().nullable(),
      promisedDeadline: z.string().nullable(),
      legalDeadline: z.string().nullable()
    })
  )
});
