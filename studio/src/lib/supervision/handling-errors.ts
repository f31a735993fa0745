/**
 * A refusal of a handling step as a form shows it: each problem by the field it concerns (the request's invalid
 * fields by their path, the domain's refusals by their code), what concerns no field at the top. Every message a
 * full Chinese sentence, so the error summary can list them as they are.
 */
import { ApiProblem } from '../api/client';

/** Field name → message; `top` for what concerns the form as a whole. */
export type FieldErrors = Record<string, string>;

/** The refusals of the domain that concern one field of the request-explanation form. */
const fieldOfCode: Record<string, string> = {
  'supervision.no-responsible': 'to',
  'supervision.unknown-person': 'to',
  'supervision.unknown-post': 'to',
  'supervision.deadline-past': 'workdays'
};

/** The form's field for an issue's path: `deadline.workdays` is the workdays field, `persons.0.name` the persons. */
function fieldOfPath(path: string): string {
  const first = path.split('.')[0] ?? '';
  if (first === 'deadline') return 'workdays';
  return first || 'top';
}

/**
 * The problems of a failed step, by field. `labels` names the form's fields (说明的问题, 说明期限 …) for the issues
 * whose message names no field ("不能为空"); `fallback` is said when the failure is not the API's.
 */
export function fieldErrors(error: unknown, labels: Record<string, string>, fallback: string): FieldErrors {
  if (!(error instanceof ApiProblem)) return { top: fallback };
  const issues = (error.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues ?? [];
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    if (out[field]) continue;
    out[field] = labels[field] ? `${labels[field]}${issue.message}。` : error.message;
  }
  if (issues.length === 0) out[fieldOfCode[error.code] ?? 'top'] = error.message;
  // An issue on a field the form does not have is said at the top, in the server's own words.
  for (const field of Object.keys(out))
    if (field !== 'top' && !labels[field]) {
      delete out[field];
      out.top = error.message;
    }
  return out;
}
