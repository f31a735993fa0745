/**
 * The studio's only way to the runtime: its HTTP API, typed from the OpenAPI document (schema.d.ts, written by
 * `npm run studio:api`). The session is the browser's cookie; every unsafe request carries the CSRF token.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Headers for a request made outside the typed client (the hall's preview pages). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET' && request.method !== 'HEAD')
      request.headers.set('x-csrf-token', csrfToken);
    return request;
  }
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** A refusal or failure from the API, with its Chinese message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

/** The data of an answer, or an ApiProblem saying in Chinese what went wrong. */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>
): Promise<NonNullable<T>> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw new ApiProblem(0, 'network', '连接服务器失败，请检查网络后重试。');
  }
  if (answer.response.ok && answer.data !== undefined) return answer.data as NonNullable<T>;
  const body = (answer.error ?? {}) as ErrorBody;
  const status = answer.response.status;
  if (status === 401) onSignedOut?.();
  throw new ApiProblem(
    status,
    body.error?.code ?? `http.${status}`,
    body.error?.message ?? `服务器返回错误（${status}），请稍后重试。`,
    body.error?.details
  );
}

let onSignedOut: (() => void) | undefined;

/** What to do when the API says the session has ended (the shell sends the person to sign in). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}
