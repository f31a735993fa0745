import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { RouteDoc } from '../http/api.ts';
import { authRouteDocs, ErrorBody } from '../http/openapi/openapi.ts';

/** What a test client saw: enough to hold it against the route's documented answer. */
export interface Seen {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

interface Compiled {
  doc: RouteDoc;
  pattern: RegExp;
  /** Fewer parameters first: `/complaints/public` wins over `/complaints/:id`. */
  params: number;
}

const compile = (doc: RouteDoc): Compiled => {
  const source = doc.path
    .split('/')
    .map(part => {
      const param = /^:([A-Za-z_][A-Za-z0-9_]*)(\{([^}]*)\})?(\?)?$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return param[3] ? `(?:${param[3]})` : '[^/]+';
    })
    .join('/');
  return { doc, pattern: new RegExp(`^${source}$`), params: (doc.path.match(/:/g) ?? []).length };
};

/**
 * Holds every answer of a documented /api route against its documented schema: a JSON success against the
 * route's `response` (and nothing more: a field the schema does not name is a mismatch too), an error against the
 * shared error body, and a JSON success of a route that documents none is itself a mismatch. Throws with the
 * route, the status and zod's issues, so the test that made the call fails where it made it.
 */
export function responseChecker(routes: readonly RouteDoc[]): (seen: Seen) => void {
  const compiled = [
    ...routes,
    ...authRouteDocs.filter(a => !routes.some(r => r.method === a.method && r.path === a.path))
  ]
    .map(compile)
    .sort((a, b) => a.params - b.params);
  return seen => {
    const method = seen.method.toLowerCase();
    const path = seen.path.split('?')[0]!;
    const route = compiled.find(r => r.doc.method === method && r.pattern.test(path))?.doc;
    if (!route) return;
    const json = /^application\/json\b/.test(seen.contentType ?? '');
    const where = `${seen.method} ${seen.path} → ${seen.status} (${route.method} ${route.path})`;
    const other = route.otherResponses?.[String(seen.status)];
    if (other) return holds(other.schema, seen.body, where);
    if (seen.status >= 400) {
      if (json) holds(ErrorBody, seen.body, where);
      return;
    }
    if (seen.status < 200 || seen.status >= 300) return;
    const base = (seen.contentType ?? '').split(';')[0]!.trim();
    if (route.alsoProduces?.includes(base)) return;
    const produces = route.produces ?? 'application/json';
    if (produces === 'application/json') {
      if (!json) throw new Error(`${where}: documented as JSON, answered ${seen.contentType}`);
      if (!route.response) throw new Error(`${where}: answers JSON but documents no response schema`);
      holds(route.response, seen.body, where);
    } else if (json && route.response) holds(route.response, seen.body, where);
  };
}

function holds(schema: z.ZodType, body: unknown, where: string): void {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `${where}: the answer does not match its documented schema:\n${JSON.stringify(parsed.error.issues, null, 1)}`
    );
  // zod drops keys an object does not name: what it kept must be all there was.
  const kept = JSON.parse(JSON.stringify(parsed.data)) as unknown;
  if (!isDeepStrictEqual(kept, body))
    throw new Error(
      `${where}: the answer has fields its documented schema does not name: ${undocumented(body, kept, '')}`
    );
}

/** The paths of the first few values in `body` that `kept` lost. */
function undocumented(body: unknown, kept: unknown, at: string): string {
  if (Array.isArray(body) && Array.isArray(kept))
    return body
      .map((b, i) => undocumented(b, kept[i], `${at}[${i}]`))
      .filter(Boolean)
      .slice(0, 5)
      .join(', ');
  if (body && typeof body === 'object' && kept && typeof kept === 'object')
    return Object.keys(body)
      .map(k =>
        k in kept
          ? undocumented((body as Record<string, unknown>)[k], (kept as Record<string, unknown>)[k], `${at}.${k}`)
          : `${at}.${k}`
      )
      .filter(Boolean)
      .slice(0, 5)
      .join(', ');
  return isDeepStrictEqual(body, kept)
    ? ''
    : `${at} (${JSON.stringify(body)?.slice(0, 80)} → ${JSON.stringify(kept)?.slice(0, 80)})`;
}
