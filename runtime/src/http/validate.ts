import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from './errors.ts';

z.config(z.locales.zhCN());

/** The issues of a failed parse, as details a form can map to its fields. */
export function issueDetails(error: z.ZodError): Record<string, unknown> {
  return { issues: error.issues.map(i => ({ path: i.path.join('.'), message: i.message })) };
}

export function invalid(error: z.ZodError, what = '请求'): ApiError {
  const first = error.issues[0];
  const where = first && first.path.length ? `“${first.path.join('.')}”` : '';
  return new ApiError(400, 'request.invalid', `${what}内容有误：${where}${first?.message ?? ''}`.trim(), issueDetails(error));
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


