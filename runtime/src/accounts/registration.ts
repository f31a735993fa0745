import { z } from 'zod';
import { isRealDate, isValidCreditCode, isValidIdNumber } from '@banshi/definition/identifiers';
import { Password } from './passwords.ts';

/** The resident ID number, upper-cased, checked against GB 11643 as of `today` (YYYY-MM-DD, Shanghai). */
export function IdNumber(today: string) {
  return z
    .string({ error: '请填写身份证号码' })
    .trim()
    .toUpperCase()
    .superRefine((id, ctx) => {
      const problem = idNumberProblem(id, today);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

function idNumberProblem(id: string, today: string): string | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X';
  if (isValidIdNumber(id, today)) return undefined;
  // Whether another check character would make it valid tells a mistyped last character from a wrong body.
  if ([...'0123456789X'].some(c => isValidIdNumber(id.slice(0, 17) + c, today))) return '身份证号码校验位不正确';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(birth) || birth > today) return '身份证号码中的出生日期不正确';
  return '身份证号码前两位不是有效的省级行政区划代码';
}

/** The unified social credit code, upper-cased, checked against GB 32100. */
export const CreditCode = z
  .string({ error: '请填写统一社会信用代码' })
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(code)) {
      ctx.addIssue({ code: 'custom', message: '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）' });
    } else if (!isValidCreditCode(code)) {
      ctx.addIssue({ code: 'custom', message: '统一社会信用代码校验位不正确' });
    }
  });

/** A mainland mobile number: 11 digits starting 13–19; spaces, hyphens and a +86 prefix are dropped. */
export const Phone = z
  .string({ error: '请填写手机号码' })
  .transform(p => p.replace(/[\s-]/g, '').replace(/^\+?86(?=\d{11}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号码'));

const personName = z.string({ error: '请填写姓名' }).trim().min(2, '姓名至少 2 个字').max(50, '姓名最多 50 个字');

/** What a person gives to register; their ID number becomes their login. */
export function PersonRegistration(today: string) {
  return z
    .object({ name: personName, idNumber: IdNumber(today), phone: Phone, password: Password })
    .transform(v => ({ kind: 'person' as const, ...v }));
}
export type PersonRegistration = z.infer<ReturnType<typeof PersonRegistration>>;

/** What an organisation gives to register; its credit code becomes its login. */
export const OrganisationRegistration = z
  .object({
    name: z.string({ error: '请填写单位名称' }).trim().min(2, '单位名称至少 2 个字').max(100, '单位名称最多 100 个字'),
    creditCode: CreditCode,
    contactName: personName,
    phone: Phone,
    password: Password
  })
  .transform(v => ({ kind: 'organisation' as const, ...v }));
export type OrganisationRegistration = z.infer<typeof OrganisationRegistration>;

export type ApplicantRegistration = PersonRegistration | OrganisationRegistration;

/**
 * The stored form of what someone types as a login: ID numbers and credit codes in upper case (a lower-case x is
 * common), staff login names in lower case. Staff names start with a letter and never pass the credit-code check
 * (`StaffLogin`), so the two kinds cannot meet.
 */
export function normaliseLogin(raw: string): string {
  const login = raw.trim();
  const upper = login.toUpperCase();
  return /^\d{17}[\dX]$/.test(upper) || isValidCreditCode(upper) ? upper : login.toLowerCase();
}

/** A staff login name: 3–32 lower-case letters, digits, dots, hyphens or underscores, starting with a letter. */
export const StaffLogin = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, '登录名应为 3–32 位小写字母、数字、点、连字符或下划线，以字母开头')
  .refine(l => normaliseLogin(l) === l, '登录名不能是统一社会信用代码');

/** A login attempt. `bearer: true` asks for the session token in the answer instead of a cookie (API clients). */
export const LoginRequest = z.object({
  login: z.string({ error: '请填写账号' }).trim().min(1, '请填写账号').max(64, '账号不正确').transform(normaliseLogin),
  // Longer than any valid password, short enough that hashing it costs nothing extra.
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(1024, '密码不正确'),
  bearer: z.boolean().optional(),
  /** The holder's own password, when the one typed is a temporary one an administrator set. */
  newPassword: Password.optional()
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The second step of registering: the id the first step answered and the 6-digit code sent by SMS. */
export const RegistrationCode = z
  .object({
    registrationId: z.uuid('注册编号不正确'),
    code: z
      .string({ error: '请填写短信验证码' })
      .trim()
      .regex(/^\d{6}$/, '短信验证码为 6 位数字')
  })
  .strict();
