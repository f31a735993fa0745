import { z } from 'zod';
import { Refusal } from '../../platform/refusal.ts';
import { ApiError, refusalError } from '../../web/errors.ts';
import { CaseNumber, MatterCode, Text } from '../../web/schemas.ts';
import type { FieldErrors } from '../components/form.tsx';

/*
 * What the consultation, complaint and evaluation forms accept and how their errors read (routes/requests.ts): the
 * JSON API's bodies as a form sends them, the schema's complaints and the services' refusals as field errors.
 */

/** The API's department field (http/routes/requests.ts). */
const Department = z.string().trim().min(1, '请选择部门').max(50);

/** The body of POST /api/hall/consultations, as the API declares it. */
export const AskBody = z
  .object({ matterCode: MatterCode.optional(), department: Department.optional(), question: Text(2000) })
  .strict()
  .refine(b => b.matterCode || b.department, { message: '请选择咨询的事项或部门', path: ['department'] });

/** The body of POST /api/hall/complaints, with the case named by its number instead of its id, and the matter it is about. */
export const ComplaintBody = z
  .object({
    department: Department,
    matterCode: MatterCode.optional(),
    caseNumber: CaseNumber.optional(),
    content: Text(2000)
  })
  .strict();

/** The body of POST /api/hall/cases/:id/evaluation; a form sends the level as text. */
export const EvaluationBody = z
  .object({
    level: z
      .string()
      .regex(/^[1-5]$/, '请选择评价等级')
      .transform(Number),
    reason: z.string().trim().max(500, '不能超过 500 个字').optional()
  })
  .strict();

/** A form's fields: the body's key → the control's id and the label its errors are worded with, in page order. */
type Fields = Record<string, { id: string; label: string }>;

export const askFields: Fields = {
  matterCode: { id: 'matter', label: '咨询的事项' },
  department: { id: 'department', label: '咨询的部门' },
  question: { id: 'question', label: '咨询内容' }
};
export const complaintFields: Fields = {
  department: { id: 'department', label: '被投诉的部门' },
  matterCode: { id: 'matter', label: '涉及的事项' },
  caseNumber: { id: 'caseNumber', label: '办件编号' },
  content: { id: 'content', label: '投诉内容' }
};
export const evaluationFields: Fields = {
  level: { id: 'level', label: '评价' },
  reason: { id: 'reason', label: '原因' }
};

/**
 * The schema's complaints as field errors, the first for each field, in the form's order. The shared schemas say
 * “不能为空” and “不能超过 2000 个字”: those get the field's label in front.
 */
export function fieldErrors(error: z.ZodError, fields: Fields): FieldErrors {
  const keys = Object.keys(fields);
  const first = keys[0]!;
  const errors: Array<[number, string, string]> = [];
  for (const issue of error.issues) {
    const key = keys.includes(String(issue.path[0])) ? String(issue.path[0]) : first;
    const field = fields[key]!;
    if (errors.some(([, id]) => id === field.id)) continue;
    errors.push([
      keys.indexOf(key),
      field.id,
      issue.message.startsWith('不能') ? `${field.label}${issue.message}` : issue.message
    ]);
  }
  return Object.fromEntries(errors.sort((a, b) => a[0] - b[0]).map(([, id, message]) => [id, message]));
}

/** Runs a service call; a refusal (or an API error, as `acting` throws them) comes back as the error, anything else is thrown. */
export async function attempt<T>(work: () => Promise<T>): Promise<T | ApiError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) return refusalError(error);
    if (error instanceof ApiError && error.status < 500) return error;
    throw error;
  }
}

/**
 * A refusal as the form shows it: under the field it concerns, with the refusal's status; a value in the form that
 * names nothing of the user's (a matter, a case) is a 422 on that field, not a missing page.
 */
export function refused(
  error: ApiError,
  fieldOf: Record<string, string>,
  fallback: string
): { errors: FieldErrors; status: number } {
  return {
    errors: { [fieldOf[error.code] ?? fallback]: error.message },
    status: error.status === 404 ? 422 : error.status
  };
}
