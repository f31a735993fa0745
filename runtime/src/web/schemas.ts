import { z } from 'zod';

export const Uuid = z.uuid({ error: '编号格式不正确' });
export const MatterCode = z.string().regex(/^[0-9A-Z]{33}$/, '事项编码应为 33 位数字或大写字母');
export const CaseNumber = z.string().regex(/^[0-9A-Z]{20,40}$/, '办件编号格式不正确');
export const Text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
export const Limit = z
  .object({ amount: z.number().int().min(0).max(365), unit: z.enum(['workdays', 'days', 'hours']) })
  .strict();
export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional()
});
export const Answers = z.record(
  z.string().max(100),
  z.union([z.string().max(5000), z.number().finite(), z.boolean(), z.null()])
);
export const IdParam = z.object({ id: Uuid });

/** An instant a cursor or filter may name: within 2000–2100, so the database never sees a year it rejects. */
export function instantInRange(text: string): string | undefined {
  const t = Date.parse(text);
  if (Number.isNaN(t) || t < Date.UTC(2000, 0, 1) || t >= Date.UTC(2100, 0, 1)) return undefined;
  return new Date(t).toISOString();
}

/** A day (YYYY-MM-DD) within 2000–2099. */
export const Day = z.iso
  .date('日期格式应为 YYYY-MM-DD')
  .refine(d => d >= '2000-01-01' && d < '2100-01-01', '日期超出范围');
