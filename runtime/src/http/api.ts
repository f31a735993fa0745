import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Principal } from '../accounts/index.ts';
import type { AppEnv } from '../web/env.ts';
import { ApiError, unauthenticated, forbidden } from '../web/errors.ts';
import { parseWith } from '../web/validate.ts';

export type Group = 'hall' | 'office' | 'supervision' | 'studio' | 'exchange' | 'auth' | 'system';

/** Who may call a route at all; handlers then check the case, the department and the role. */
export type Access = 'public' | 'signedIn' | 'applicant' | 'staff';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono style, with `:param`. */
  path: string;
  group: Group;
  summary: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Not JSON: a multipart upload. */
  multipart?: boolean;
  response?: z.ZodType;
  /** Answers with something other than JSON (HTML, CSV, a file). */
  produces?: string;
  /** Other content types the same success may come as (e.g. `format=csv`), declared beside `produces`. */
  alsoProduces?: string[];
  /** Answers other than success and the shared error body (e.g. health's 503), by status. */
  otherResponses?: Record<string, { description: string; schema: z.ZodType }>;
  idempotent?: boolean;
}

type Input<D extends RouteDoc> = {
  params: D['params'] extends z.ZodType ? z.infer<D['params']> : Record<string, string>;
  query: D['query'] extends z.ZodType ? z.infer<D['query']> : Record<string, string>;
  body: D['body'] extends z.ZodType ? z.infer<D['body']> : undefined;
  principal: D['access'] extends 'public' ? Principal | undefined : Principal;
};

export type Handler<D extends RouteDoc> = (c: Context<AppEnv>, input: Input<D>) => Promise<Response> | Response;

/**
 * Routes registered once and described once: the same definition mounts the handler (with its input parsed by
 * zod and its access checked) and feeds the OpenAPI document.
 */
export class Api {
  readonly routes: RouteDoc[] = [];

  constructor(readonly app: Hono<AppEnv>) {}

  route<const D extends RouteDoc>(doc: D, handler: Handler<D>): void {
    this.routes.push(doc);
    this.app.on(doc.method.toUpperCase(), doc.path, async c => {
      const principal = c.get('principal');
      if (doc.access !== 'public' && !principal) throw unauthenticated();
      if (doc.access === 'applicant' && principal?.kind === 'staff')
        throw forbidden('这项业务由申请人本人办理，工作人员账号不能使用。');
      if (doc.access === 'staff' && principal?.kind !== 'staff') throw forbidden('这是工作人员使用的功能。');
      const params = parse(doc.params, c.req.param(), '路径参数');
      const query = parse(doc.query, c.req.query(), '查询参数');
      let body: unknown;
      if (doc.body) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          throw new ApiError(400, 'request.not-json', '请求内容不是有效的 JSON。');
        }
        body = parse(doc.body, raw, '请求');
      }
      return handler(c, { params, query, body, principal } as Input<D>);
    });
  }
}

const parse = (schema: z.ZodType | undefined, value: unknown, what: string): unknown =>
  schema ? parseWith(schema, value, what) : value;
