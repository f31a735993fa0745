import type { Context } from 'hono';
import { z } from 'zod';
import { commandLabels } from '../cases/index.ts';
import { ApiError } from './errors.ts';

z.config(z.locales.zhCN());

/** The issues of a failed parse, as details a form can map to its fields. */
export function issueDetails(error: z.ZodError): Record<string, unknown> {
  return { issues: error.issues.map(i => ({ path: i.path.join('.'), message: i.message })) };
}

/**
 * What the API's fields are called where a clerk reads them: a message never shows an English field name
 * (office-audit, "Rejection messages"). The details keep the path, for programs.
 */
const fieldNames: Record<string, string> = {
  type: '办理事项',
  opinion: '意见',
  reasons: '理由',
  reason: '理由',
  items: '补正内容',
  stepId: '环节',
  toStepId: '退回到的环节',
  agree: '是否同意',
  kind: '特殊程序种类',
  expected: '预计时间',
  amount: '数量',
  unit: '单位',
  result: '结果',
  method: '送达方式',
  approve: '是否准予',
  conclusion: '年检结论',
  stage: '阶段',
  comment: '意见',
  source: '源文件',
  note: '说明',
  path: '路径',
  matterCode: '事项编码',
  channel: '递交方式',
  answers: '申请表',
  materials: '申请材料',
  material: '申请材料',
  fileId: '文件',
  login: '账号',
  password: '密码',
  number: '办件编号',
  holder: '证件号码',
  delivery: '送达方式',
  inspectionMode: '年检方式',
  commitmentSigned: '承诺',
  licences: '调取的电子证照',
  licenceId: '电子证照',
  lift: '是否解除',
  decision: '决定'
};

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  const last = [...path].reverse().find(p => typeof p === 'string') as string | undefined;
  return last ? `“${fieldNames[last] ?? last}”` : '';
}

function readable(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `不认识的字段：${issue.keys.map(k => `“${k}”`).join('、')}`;
  const options = (issue as { options?: unknown[] }).options;
  if (issue.code === 'invalid_union' && Array.isArray(options)) {
    const labels = options.map(o => (commandLabels as Record<string, string>)[String(o)] ?? String(o));
    return `无效，可以是：${labels.join('、')}`;
  }
  if (issue.code === 'invalid_union' || (issue.code === 'invalid_value' && issue.path.at(-1) === 'type'))
    return '取值无效';
  return issue.message;
}

export function invalid(error: z.ZodError, what = '请求'): ApiError {
  const first = error.issues[0];
  const where = first && first.path.length ? fieldName(first.path) : '';
  return new ApiError(
    400,
    'request.invalid',
    `${what}内容有误：${where}${first ? readable(first) : ''}`.trim(),
    issueDetails(error)
  );
}

/** Parses the JSON body against `schema`; a body that is not JSON, or does not fit, is a 400 in the error shape. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'request.not-json', '请求内容不是有效的 JSON。');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = '请求'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error, what);
  return parsed.data;
}
