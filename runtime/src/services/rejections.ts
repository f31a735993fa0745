import type { Rejection } from '../engine/index.ts';
import { ApiError } from '../http/errors.ts';

/** An engine rejection as an HTTP error: not yours → 403, wrong moment → 409, incomplete input → 422. */
export function rejectionError(rejection: Rejection): ApiError {
  const { code, message } = rejection;
  if (code.endsWith('not-allowed')) return new ApiError(403, code, message);
  if (
    code.startsWith('case.') ||
    code.includes('already') ||
    code.includes('not-current') ||
    code.includes('once') ||
    code.includes('not-due') ||
    code.includes('distributed')
  ) {
    return new ApiError(409, code, message);
  }
  return new ApiError(422, code, message);
}
