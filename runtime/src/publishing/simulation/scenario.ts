import { z } from 'zod';

/** A Shanghai wall-clock time to the minute, as a person picks it: 2026-09-28T10:00. */
const WallClock = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '提交时间应写成“年-月-日T时:分”，例如 2026-09-28T10:00')
  .refine(
    text => !Number.isNaN(instantOf(text)) && wallClockOf(instantOf(text)) === text,
    '提交时间不是有效的日期和时间'
  );

const Answer = z.union([
  z.string().max(2000, '答案不能超过 2000 个字'),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(50)
]);

const Workdays = (what: string) =>
  z
    .number({ error: `${what}应为数字` })
    .int(`${what}应为整数`)
    .min(0, `${what}不能为负数`)
    .max(250, `${what}不能超过 250 个工作日`);
const Days = (what: string) =>
  z
    .number({ error: `${what}应为数字` })
    .int(`${what}应为整数`)
    .min(0, `${what}不能为负数`)
    .max(365, `${what}不能超过 365 日`);

/**
 * What happens to one application in a simulation: when it arrives, the answers on its form, and what goes
 * differently from staff acting at once. Workdays count on the published calendar; days are calendar days.
 */
export const Scenario = z
  .object({
    submittedAt: WallClock,
    /** How the application arrives; by default online where the matter offers it (a window-only step is then skipped). */
    channel: z
      .enum(['online', 'express', 'onSite'], {
        error: '递交方式应为 online（网上）、express（快递）或 onSite（窗口现场）'
      })
      .optional(),
    answers: z.record(z.string().max(100), Answer).optional(),
    correction: z
      .object({
        afterWorkdays: Workdays('告知补正的时间'),
        applicantTakesDays: Days('申请人补正用时')
      })
      .strict()
      .optional(),
    specialProcedure: z
      .object({
        name: z.string().trim().max(50, '特别程序名称不能超过 50 个字').optional(),
        afterWorkdays: Workdays('特别程序开始的时间'),
        lengthDays: Days('特别程序用时').min(1, '特别程序至少用时 1 日')
      })
      .strict()
      .optional(),
    extension: z.boolean().optional(),
    lateCoApprover: z
      .object({
        name: z.string().trim().min(1, '请填写逾期答复的协办部门').max(50),
        lateByWorkdays: Workdays('逾期的工作日数').min(1, '逾期至少 1 个工作日')
      })
      .strict()
      .optional(),
    staffPace: z
      .enum(['prompt', 'lastDay'], { error: '办理节奏应为 prompt（及时办理）或 lastDay（每个环节在期限最后一天办结）' })
      .optional()
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

const hourMs = 3_600_000;

/** The instant of a Shanghai wall-clock time (UTC+8 all year). */
export function instantOf(wallClock: string): number {
  return Date.parse(`${wallClock}:00+08:00`);
}

function wallClockOf(at: number): string {
  return new Date(at + 8 * hourMs).toISOString().slice(0, 16);
}
