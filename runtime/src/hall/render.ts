import type { Context } from 'hono';
import { jsx } from 'hono/jsx';
import { isApplicant, type Applicant, type Principal } from '../accounts/index.ts';
import { weakTag } from '../platform/observability/http.ts';
import type { AppEnv } from '../web/env.ts';
import type { Viewer } from './components/layout.tsx';

/** A request to the hall, as its routes receive it. */
export type HallContext = Context<AppEnv>;

/** The signed-in viewer of a page, or undefined for a visitor. */
export function viewerOf(c: HallContext): Viewer | undefined {
  const principal = c.get('principal');
  const csrf = c.get('csrfToken');
  if (!principal || !csrf) return undefined;
  return { name: principal.name, kind: principal.kind, csrf };
}

/**
 * A hall page as a response. Pages for a signed-in viewer carry their name and CSRF token, and `personal` pages
 * someone's case or ID number, so neither is ever cached; other public pages may be, and carry their ETag.
 */
export function render(c: HallContext, node: unknown, status = 200, options: { personal?: boolean } = {}): Response {
  const html = `<!DOCTYPE html>${String(node)}`;
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
  if (c.get('principal') || options.personal) headers['cache-control'] = 'no-store';
  else if (status === 200) headers.etag = weakTag(html);
  return c.body(html, status as 200, headers);
}

/** Renders a component: `view(c, Component, props)`. */
export function view<P extends object>(
  c: HallContext,
  component: (props: P) => unknown,
  props: P,
  status = 200,
  options: { personal?: boolean } = {}
): Response {
  return render(c, jsx(component as never, props as never), status, options);
}

/**
 * A form post's text fields (urlencoded or multipart), each trimmed of nothing and cut to `max` characters; files
 * and repeated fields other than the last are ignored. What the user typed is kept to be shown again on error.
 */
export async function formOf(c: HallContext, max = 5000): Promise<Record<string, string>> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    return {};
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '__proto__' || name.length > 100) continue;
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (typeof last === 'string') fields[name] = clean(last).slice(0, max);
  }
  return fields;
}

/** Text PostgreSQL cannot store (NUL, lone surrogates) is dropped from what a form sent. */
function clean(text: string): string {
  return text.replace(/\0/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/**
 * A path of this site to come back to after signing in; anything else becomes the home page. Browsers drop TAB and
 * newlines from a URL and read a backslash as a slash, so `/<TAB>/evil.example` is `//evil.example` to them
 * (security-audit §1.6): no control character, space or backslash passes, and the path must resolve to this origin.
 */
export function safeNext(next: string | undefined): string {
  if (
    !next ||
    next.length > 500 ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    /[\u0000-\u0020\u007f-\u009f\\]/.test(next)
  )
    return '/hall';
  const origin = 'http://banshi.invalid';
  try {
    return new URL(next, origin).origin === origin ? next : '/hall';
  } catch {
    return '/hall';
  }
}

/** To the sign-in page, coming back here afterwards (to this page, or for a form post, to the page it came from). */
function signInFirst(c: HallContext, staff: boolean): Response {
  const here = new URL(c.req.url);
  const next = c.req.method === 'GET' ? here.pathname + here.search : here.pathname;
  return c.redirect(`/hall/login?next=${encodeURIComponent(safeNext(next))}${staff ? '&staff=1' : ''}`, 303);
}

/** The signed-in applicant, or a redirect to the sign-in page (saying why when staff are signed in). */
export function applicantOrSignIn(c: HallContext): Applicant | Response {
  const principal = c.get('principal');
  return isApplicant(principal) ? principal : signInFirst(c, principal !== undefined);
}

/** Anyone signed in (applicants and staff), or a redirect to the sign-in page. */
export function signedInOrSignIn(c: HallContext): Principal | Response {
  return c.get('principal') ?? signInFirst(c, false);
}

/** The notice a page shows after `?done=<what>`: only one of `texts`' own keys names one (not `constructor`, …). */
export const doneNotice = (texts: Record<string, string>, done: string | undefined): string | undefined =>
  done !== undefined && Object.hasOwn(texts, done) ? texts[done] : undefined;
