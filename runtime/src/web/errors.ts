import { CalendarRangeError } from '@banshi/definition/calendar';
import { CaseNotFoundError, ConcurrencyError } from '../cases/index.ts';
import { isConnectionLost } from '../platform/db/db.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Refusal, type RefusalKind } from '../platform/refusal.ts';

/** The one error shape every endpoint answers with. `message` is a Chinese sentence a user can act on. */
export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** Thrown anywhere in a request; the app's error handler turns it into the error shape and its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
  }
  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const unauthenticated = () => new ApiError(401, 'auth.required', '请先登录。');
export const forbidden = (message = '您没有办理这项业务的权限。', details: Record<string, unknown> = {}) =>
  new ApiError(403, 'auth.forbidden', message, details);
export const notFound = (message: string, details: Record<string, unknown> = {}) =>
  new ApiError(404, 'not-found', message, details);
export const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new ApiError(409, code, message, details);

/** The one table from the domain's kinds of "no" to HTTP statuses. */
export const refusalStatus: Record<RefusalKind, ContentfulStatusCode> = {
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  gone: 410,
  tooLarge: 413,
  unsupportedType: 415,
  invalid: 422,
  throttled: 429,
  unavailable: 503
};

/** A refusal as an ApiError of its status, for code that handles both alike. */
export const refusalError = (refusal: Refusal) =>
  new ApiError(refusalStatus[refusal.kind], refusal.code, refusal.message, refusal.details);

/** A refusal as the API answers it: its status, the error shape, and Retry-After when it says when to retry. */
export function refusalResponse(refusal: Refusal, c: import('hono').Context): Response {
  const retryAfter = refusal.details.retryAfterSeconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  return c.json(
    { error: { code: refusal.code, message: refusal.message, details: refusal.details } },
    refusalStatus[refusal.kind]
  );
}

/**
 * The app's error handler: refusals and ApiErrors keep their status and shape; anything else is a 500 with no
 * internals.
 */
export function handleError(error: Error, c: import('hono').Context): Response {
  if (error instanceof Refusal) return refusalResponse(error, c);
  if (error instanceof ApiError) return c.json(error.body(), error.status);
  // A date outside every year a calendar can be worked out for (a year without a published calendar is provisional).
  if (error instanceof CalendarRangeError)
    return c.json({ error: { code: error.code, message: error.message, details: { year: error.year } } }, 422);
  // The store gave up after repeated races on one case, or was asked for a case that is not there.
  if (error instanceof ConcurrencyError)
    return c.json(
      { error: { code: 'case.busy', message: '该办件正在被其他人同时办理，请稍后重试。', details: {} } },
      409
    );
  if (error instanceof CaseNotFoundError)
    return c.json({ error: { code: 'not-found', message: '找不到这个办件。', details: {} } }, 404);
  // Hono's own HTTPException (e.g. a body over the size limit) keeps its status, in our shape.
  const status = (error as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return c.json({ error: { code: 'request.invalid', message: '请求有误。', details: {} } }, status as 400);
  }
  // The database went away under this request: try again shortly; the pool reconnects (security-audit §1.8).
  if (isConnectionLost(error)) {
    console.error(
      JSON.stringify({
        level: 'warn',
        msg: 'database connection lost',
        path: c.req.path,
        code: (error as { code?: string }).code
      })
    );
    c.header('Retry-After', '2');
    return c.json(
      {
        error: {
          code: 'service.database-unavailable',
          message: '数据库连接暂时中断，请稍后重试（重试不会重复办理）。',
          details: {}
        }
      },
      503
    );
  }
  console.error(
    JSON.stringify({ level: 'error', msg: 'unhandled', path: c.req.path, error: String(error?.stack ?? error) })
  );
  return c.json({ error: { code: 'internal', message: '服务器出错了，请稍后再试。', details: {} } }, 500);
}
