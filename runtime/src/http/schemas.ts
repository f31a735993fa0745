import { z } from 'zod';

export const Uuid = z.uuid({ error: '编号格式不正确' });
export const MatterCode = z.string().regex(/^[0-9A-Z]{33}$/, '事项编码应为 33 位数字或大写字母');
export const CaseNumber = z.string().regex(/^[0-9A-Z]{20,40}$/, '办件编号格式不正确');
export const Text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
export const Limit = z.object({ amount: z.number().int().min(0).max(365), unit: z.enum(['workdays', 'hours']) }).strict();
export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional()
});
export const Answers = z.record(z.string().max(100), z.union([z.string().max(5000), z.number().finite(), z.boolean(), z.null()]));
export const IdParam = z.object({ id: Uuid });
