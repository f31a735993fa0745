import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../accounts/index.ts';
import { PersonRegistration } from '../accounts/index.ts';
import { testCreditCode, testIdNumber } from '../testing/accounts.ts';
import { dateOf } from '@banshi/definition/calendar';
import { dbKinds } from '../testing/database.ts';
import { answersFor } from '../testing/answers.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../testing/http.ts';
import { uploadRequired } from '../testing/materials.ts';
import type { RouteDoc } from './api.ts';
import { authRouteDocs, pathParams } from './openapi/openapi.ts';
import { proofSize, recordFigures } from '../../../tools/proof/figures.ts';

/** Generated inputs per route (`npm run proof` raises it: BANSHI_PROOF_MALFORMED_RUNS). */
const generatedRuns = proofSize('MALFORMED_RUNS', 40);
// The generated sweep's time limit grows with its size (the other tests give their own).
vi.setConfig({ testTimeout: 300_000 + generatedRuns * 3_000 });

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const organisation = '91350100M000100Y43';
const roles = ['anonymous', 'applicant', 'window', 'bureau'] as const;
type Role = (typeof roles)[number];

/** Strings an attacker or a broken client sends where an id, a number, a date or a name is expected. */
const hostileStrings = [
  '\u0000',
  'a\u0000b',
  '',
  ' ',
  'not-a-uuid',
  '-1',
  '0',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '9007199254740993',
  'x'.repeat(5000),
  '中文参数',
  '😀',
  '\u202e',
  "' or '1'='1' --",
  '<script>alert(1)</script>',
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'true',
  '[]',
  '{}',
  '../../../etc/passwd',
  '..\\..\\windows',
  '-010000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '0000-01-01',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'
];

/** Values of the wrong type (or of the right type and absurd) for a JSON field. */
const hostileValues: unknown[] = [
  '\u0000',
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  '',
  'x'.repeat(100_000),
  '中文参数',
  '😀',
  '\ud800',
  [],
  [null],
  {},
  { nested: { deeper: [1, 'a', null] } },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  nest(200),
  '../../etc/passwd',
  "' or 1=1 --",
  '-010000-01-01T00:00:00Z'
];

/** Bodies that are not JSON, or JSON that is not an object, or JSON a parser or a validator may choke on. */
const rawBodies: Array<[label: string, text: string, contentType?: string]> = [
  ['empty', ''],
  ['whitespace', ' \n '],
  ['not JSON', '这不是 JSON'],
  ['truncated', '{"a":'],
  ['a closing brace', '}'],
  ['single quotes', "{'a':1}"],
  ['a trailing comma', '{"a":1,}'],
  ['NaN', 'NaN'],
  ['null', 'null'],
  ['true', 'true'],
  ['a number', '0'],
  ['a huge number', '1e999'],
  ['a string', '"文本"'],
  ['an array', '[]'],
  ['an array of objects', '[{}]'],
  ['an empty object', '{}'],
  ['__proto__', '{"__proto__":{"polluted":true}}'],
  ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['deeply nested arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
  ['deeply nested objects', '{"a":'.repeat(5_000) + '{}' + '}'.repeat(5_000)],
  ['a huge string', JSON.stringify({ a: 'x'.repeat(900_000) })],
  ['over the size limit', JSON.stringify({ a: 'x'.repeat(1_200_000) })],
  ['a NUL escape', '{"a":"\\u0000"}'],
  ['a lone surrogate', '{"a":"\\ud800"}'],
  ['a byte order mark', '\ufeff{}'],
  ['duplicate keys', '{"a":1,"a":2}'],
  ['JSON as text/plain', '{}', 'text/plain'],
  ['a urlencoded form', 'a=1&b=2', 'application/x-www-form-urlencoded'],
  ['multipart without a boundary', '--x\r\n', 'multipart/form-data'],
  ['broken multipart', '--x\r\nContent-Disposition: form-data\r\n', 'multipart/form-data; boundary=x'],
  ['XML', '<a/>', 'application/xml'],
  ['JSON declared UTF-16', '{}', 'application/json; charset=utf-16']
];

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** What the server receives and must answer; `undefined` where the test cannot tell how the server reads it. */
interface Probe {
  label: string;
  method: string;
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | FormData;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

const stackTrace = [
  /(\\n|\n)\s*at /,
  /\bat [\w.$<>]+ \(/,
  /\bat (file|node|async) ?:?/,
  /\.ts:\d/,
  /\.m?js:\d/,
  /Error:/,
  /node_modules/
];
const sqlText = [
  /\b(select|insert into|delete from)\b[\s\S]{0,200}\b(from|where|values)\b/i,
  /\bupdate \w+ set\b/i,
  /syntax error at or near/i,
  /violates [\w ]*constraint/i,
  /PostgresError/,
  /invalid byte sequence/i,
  /out of range for type/i,
  /\brelation "/i,
  /\bcolumn "/i,
  /::(jsonb|text|uuid|bigint|timestamptz)\b/
];

/** Why an answer is wrong for a probe: a 5xx, a 4xx outside the error shape, a leak, or a rejection missing. */
function problems(answer: Answer, mustReject: boolean): string[] {
  const found: string[] = [];
  if (answer.status >= 500) found.push(`status ${answer.status}`);
  else if (mustReject && (answer.status < 400 || answer.status >= 500))
    found.push(`accepted (${answer.status}) input its schema refuses`);
  if (answer.status < 400) return found;
  if (!(answer.headers.get('content-type') ?? '').includes('application/json'))
    found.push(`content-type ${answer.headers.get('content-type')}`);
  const error = (answer.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (typeof error?.code !== 'string') found.push('no error.code');
  if (typeof error?.message !== 'string' || !/\p{Script=Han}/u.test(error.message))
    found.push('error.message is not Chinese');
  if (typeof error?.details !== 'object' || error.details === null || Array.isArray(error.details))
    found.push('error.details is not an object');
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const leak = [...stackTrace, ...sqlText].find(r => r.test(text));
  if (leak) found.push(`leaks ${leak}`);
  return found;
}

function refusedByAccess(route: RouteDoc, who: Principal | undefined): boolean {
  if (route.access === 'public') return false;
  if (!who) return true;
  if (route.access === 'applicant') return who.kind === 'staff';
  if (route.access === 'staff') return who.kind !== 'staff';
  return false;
}

/** Whether the route's own schemas refuse what the probe sends: then the answer must be a 4xx. */
function mustReject(route: RouteDoc, who: Principal | undefined, probe: Probe): boolean {
  if (refusedByAccess(route, who)) return true;
  if (probe.params && route.params && !route.params.safeParse(probe.params).success) return true;
  if (probe.query && route.query && !route.query.safeParse(probe.query).success) return true;
  if (route.body) {
    if (typeof probe.body !== 'string') return true;
    let value: unknown;
    try {
      value = JSON.parse(probe.body);
    } catch {
      return true;
    }
    return !route.body.safeParse(value).success;
  }
  return false;
}

/** The top-level field names a body schema knows, through transforms and across a union's options. */
function keysOf(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return keysOf(schema.in as z.ZodType);
  if (schema instanceof z.ZodUnion) return [...new Set((schema.options as z.ZodType[]).flatMap(keysOf))];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable)
    return keysOf(schema.unwrap() as z.ZodType);
  return [];
}

/** Every string inside a value, each replaced once by `replace`: one variant per string leaf. */
function eachStringReplaced(value: unknown, replace: (s: string) => string): unknown[] {
  if (typeof value === 'string') return [replace(value)];
  if (Array.isArray(value))
    return value.flatMap((item, i) =>
      eachStringReplaced(item, replace).map(v => value.map((x, j) => (j === i ? v : x)))
    );
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, item]) =>
      eachStringReplaced(item, replace).map(v => ({ ...value, [k]: v }))
    );
  }
  return [];
}

const routeKey = (route: Pick<RouteDoc, 'method' | 'path'>) => `${route.method} ${route.path}`;

describe('Malformed input to every endpoint gets a 4xx with the error shape, never a 500 or a stack trace', () => {
  describe.each(dbKinds)('on %s', kind => {
    let t: TestApp;
    let routes: RouteDoc[];
    const clients = {} as Record<Role, Client>;
    /** Sessions of their own for sign-out, which would end the shared ones. */
    const leaving = {} as Record<Role, Client>;
    /** A case of the applicant's per route that takes a case id, so bodies reach the engine and the database. */
    const caseFor = new Map<string, string>();
    let anyCase: string;
    const bases = new Map<string, unknown>();
    const failures: string[] = [];
    const probed = new Map<string, number>();
    const statuses = new Map<number, number>();
    let wrongAnswers = 0;

    const signIn = async (login: string) => {
      const response = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: 'banshi-demo-2026', code: t.code(login) })
      });
      const body = (await response.json()) as { principal: Principal; csrfToken: string };
      return new Client(t.app, body.principal, response.headers.get('set-cookie')!.split(';')[0]!, body.csrfToken);
    };
    /** A valid online application: the answers and a file for each material they make required. */
    const application = async () => {
      const answers = answersFor(permit);
      return {
        matterCode: permit.code,
        channel: 'online',
        answers,
        materials: await uploadRequired(clients.applicant, permit, answers)
      };
    };
    const submitCase = async () => {
      const response = await clients.applicant.post('/api/hall/cases', await application());
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return (response.body as { id: string }).id;
    };

    beforeAll(async () => {
      t = await openTestApp(kind);
      clients.anonymous = t.anonymous;
      clients.applicant = await t.as(organisation);
      clients.window = await t.as('window');
      clients.bureau = await t.as('bureau');
      leaving.anonymous = t.anonymous;
      leaving.applicant = await signIn(organisation);
      leaving.window = await signIn('window');
      leaving.bureau = await signIn('bureau');
      const today = dateOf(t.clock.now);
      routes = [
        ...t.api.routes,
        ...authRouteDocs
          .filter(a => !t.api.routes.some(r => routeKey(r) === routeKey(a)))
          .map(a => (a.path === '/api/auth/register/person' ? { ...a, body: PersonRegistration(today) } : a))
      ];
      anyCase = await submitCase();
      await freshCases();
      bases.set('post /api/auth/register/person', {
        name: '张三',
        idNumber: testIdNumber(901),
        phone: '13800138000',
        password: 'abc12345'
      });
      bases.set('post /api/auth/register/organisation', {
        name: '福州某某科技有限公司',
        creditCode: testCreditCode(901),
        contactName: '李四',
        phone: '13900139000',
        password: 'abc12345'
      });
      bases.set('post /api/auth/login', { login: 'window', password: 'not-the-password-1' });
      bases.set('post /api/hall/cases/:id/withdraw', { reason: '不再需要办理' });
      bases.set('post /api/hall/cases/:id/resubmit', { answers: {} });
      bases.set('post /api/office/cases/:id/commands', { type: 'passPreReview', opinion: '材料齐全' });
    }, 120_000);
    afterAll(async () => {
      const count = (p: (s: number) => boolean) => [...statuses].reduce((n, [s, c]) => n + (p(s) ? c : 0), 0);
      recordFigures(`malformed-api-${kind}`, {
        routes: routes.length,
        requests: count(() => true),
        fiveHundreds: count(s => s >= 500),
        problems: wrongAnswers,
        statuses: Object.fromEntries(statuses)
      });
      await t?.close();
    });

    /**
     * A new case for each route that acts on one, so that what one test did to a case does not shield the next; and
     * new files for the application's base body (a submission that gets through makes its files the case's).
     */
    const freshCases = async () => {
      for (const route of routes)
        if (/\/cases\/:id\b/.test(route.path) && route.method !== 'get')
          caseFor.set(routeKey(route), await submitCase());
      bases.set('post /api/hall/cases', await application());
    };

    /** Path parameters that reach the handler: a case the applicant owns for `id`, a published matter's `code`. */
    const goodParams = (route: RouteDoc): Record<string, string> =>
      Object.fromEntries(
        pathParams(route.path).map(name => [
          name,
          name === 'id'
            ? (caseFor.get(routeKey(route)) ?? (route.path.includes('/inbox/') ? '1' : anyCase))
            : name === 'code'
              ? permit.code
              : 'x'
        ])
      );
    const fill = (path: string, params: Record<string, string>, encode: (s: string) => string = encodeURIComponent) =>
      path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encode(params[name] ?? ''));
    const baseBody = (route: RouteDoc) =>
      route.method === 'get' ? undefined : JSON.stringify(bases.get(routeKey(route)) ?? {});
    const clientFor = (route: RouteDoc, role: Role) =>
      route.path === '/api/auth/logout' ? leaving[role] : clients[role];

    async function send(route: RouteDoc, role: Role, probe: Probe): Promise<string[]> {
      const client = clientFor(route, role);
      const body = route.method === 'get' ? undefined : probe.body;
      const answer = await client.request(probe.method, probe.path, body, probe.headers ?? {});
      probed.set(routeKey(route), (probed.get(routeKey(route)) ?? 0) + 1);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const found = problems(answer, mustReject(route, client.principal, { ...probe, body }));
      if (found.length > 0) {
        wrongAnswers++;
        const shown = JSON.stringify(answer.body)?.slice(0, 160);
        failures.push(
          `${role} ${probe.method} ${probe.path.slice(0, 100)} [${probe.label}] → ${answer.status} ${found.join('; ')}: ${shown}`
        );
      }
      return found;
    }

    const everyRoleAndRoute = async (each: (route: RouteDoc, role: Role) => Promise<void>) => {
      for (const role of roles) for (const route of routes) await each(route, role);
    };

    it('bad path parameters: not an id, huge, unicode, NUL, traversal, malformed escapes', async () => {
      failures.length = 0;
      await everyRoleAndRoute(async (route, role) => {
        const names = pathParams(route.path);
        for (const name of names) {
          for (const value of hostileStrings) {
            const params = { ...goodParams(route), [name]: value };
            const dots = value === '' || /^\.+$/.test(value);
            await send(route, role, {
              label: `${name}=${JSON.stringify(value.slice(0, 20))}`,
              method: route.method.toUpperCase(),
              path: fill(route.path, params),
              ...(dots ? {} : { params }),
              body: baseBody(route)
            });
          }
          for (const raw of ['%E0%A4%A', '%', '..', '..%2F..%2Fapi%2Fhealth', '%2e%2e', 'a%2Fb', '%u0000']) {
            await send(route, role, {
              label: `${name} raw ${raw}`,
              method: route.method.toUpperCase(),
              path: fill(route.path, { ...goodParams(route), [name]: raw }, (s: string) => s),
              body: baseBody(route)
            });
          }
        }
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it('bad query strings: every known parameter with hostile values, unknown and repeated parameters, broken encoding', async () => {
      failures.length = 0;
      await everyRoleAndRoute(async (route, role) => {
        const path = fill(route.path, goodParams(route));
        const base: Record<string, string> =
          route.path === '/api/hall/track' ? { number: 'AAAAAAAAAAAAAAAAAAAA', holder: organisation } : {};
        for (const key of keysOf(route.query)) {
          for (const value of hostileStrings) {
            const query = { ...base, [key]: value };
            await send(route, role, {
              label: `${key}=${JSON.stringify(value.slice(0, 20))}`,
              method: route.method.toUpperCase(),
              path: `${path}?${new URLSearchParams(query)}`,
              query
            });
          }
        }
        for (const qs of [
          '__proto__[polluted]=1',
          '__proto__=1&constructor=1',
          'limit=1&limit=abc',
          'unexpected=1',
          '=',
          '&&&',
          '%',
          '%E0%A4%A=1',
          'a=%ZZ',
          `${'k'.repeat(3000)}=${'v'.repeat(3000)}`
        ]) {
          await send(route, role, {
            label: `?${qs.slice(0, 30)}`,
            method: route.method.toUpperCase(),
            path: `${path}?${qs}`
          });
        }
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it('bad bodies: not JSON, the wrong type, wrong fields, missing and extra fields, NUL in every string, the wrong content type, multipart', async () => {
      failures.length = 0;
      await freshCases();
      await everyRoleAndRoute(async (route, role) => {
        if (route.method === 'get') return;
        const method = route.method.toUpperCase();
        const path = fill(route.path, goodParams(route));
        const probe = (label: string, body: string | FormData, headers: Record<string, string> = {}) =>
          send(route, role, { label, method, path, body, headers });
        const base = (bases.get(routeKey(route)) ?? {}) as Record<string, unknown>;
        // Values a database cannot hold come first, while the case can still take the command.
        for (const variant of eachStringReplaced(base, s => `${s}\u0000`))
          await probe(`NUL in ${JSON.stringify(variant).slice(0, 60)}`, JSON.stringify(variant));
        for (const variant of eachStringReplaced(base, s => `${s}\ud800`))
          await probe(`lone surrogate in ${JSON.stringify(variant).slice(0, 60)}`, JSON.stringify(variant));
        // Handlers read the body as JSON whatever its declared type, so the same text under another type must be refused too.
        for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
          for (const variant of eachStringReplaced(base, s => `${s}\u0000`))
            await probe(`NUL as ${type} in ${JSON.stringify(variant).slice(0, 60)}`, JSON.stringify(variant), {
              'content-type': type
            });
        }
        for (const [label, text, contentType] of rawBodies)
          await probe(label, text, contentType ? { 'content-type': contentType } : {});
        const form = new FormData();
        form.set('type', 'passPreReview');
        form.set('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), '材料.pdf');
        await probe('multipart to a JSON route', form);
        for (const key of [...new Set([...keysOf(route.body), ...Object.keys(base)])]) {
          for (const value of hostileValues)
            await probe(`${key}=${JSON.stringify(value)?.slice(0, 30)}`, JSON.stringify({ ...base, [key]: value }));
          const { [key]: _missing, ...rest } = base;
          await probe(`without ${key}`, JSON.stringify(rest));
        }
        await probe('an extra field', JSON.stringify({ ...base, unexpected: true }));
        await probe(
          'an extra __proto__',
          JSON.stringify(base).replace(
            /^\{/,
            Object.keys(base).length ? '{"__proto__":{"admin":true},' : '{"__proto__":{"admin":true}'
          )
        );
        await probe('a bad Idempotency-Key', JSON.stringify(base), { 'idempotency-key': ' ' });
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it('generated input (fast-check, fixed seed): random parameters, query strings and JSON bodies for every route', async () => {
      failures.length = 0;
      const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...hostileStrings));
      for (const route of routes) {
        const names = pathParams(route.path);
        const queryKeys = keysOf(route.query);
        const bodyKeys = keysOf(route.body);
        const json = fc.jsonValue({ maxDepth: 3 });
        const body = fc.oneof(
          json,
          bodyKeys.length
            ? fc.dictionary(fc.constantFrom(...bodyKeys), fc.oneof(json, fc.string({ unit: 'binary', maxLength: 20 })))
            : json
        );
        const input = fc.record({
          role: fc.constantFrom(...roles),
          params: fc.record(Object.fromEntries(names.map(n => [n, text]))) as fc.Arbitrary<Record<string, string>>,
          query: fc.dictionary(
            fc.oneof(fc.constantFrom(...(queryKeys.length ? queryKeys : ['q'])), fc.string({ maxLength: 8 })),
            text,
            { maxKeys: 4 }
          ),
          body
        });
        const result = await fc.check(
          fc.asyncProperty(input, async ({ role, params, query, body: value }) => {
            const qs = new URLSearchParams(query).toString();
            const found = await send(route, role, {
              label: 'generated',
              method: route.method.toUpperCase(),
              path: `${fill(route.path, params)}${qs ? `?${qs}` : ''}`,
              ...(Object.values(params).some(v => v === '' || /^\.+$/.test(v)) ? {} : { params }),
              ...(Object.keys(query).some(k => k === '__proto__') ? {} : { query }),
              body: route.method === 'get' ? undefined : JSON.stringify(value)
            });
            return found.length === 0;
          }),
          { seed: 20260928, numRuns: generatedRuns }
        );
        if (result.failed)
          failures.push(`${routeKey(route)}: counterexample ${JSON.stringify(result.counterexample)?.slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
    });

    it('reached every route, the auth routes and the docs among them', () => {
      const missed = routes.filter(r => (probed.get(routeKey(r)) ?? 0) < 10).map(routeKey);
      expect(missed).toEqual([]);
      expect(routes.map(routeKey)).toEqual(
        expect.arrayContaining([
          'post /api/auth/login',
          'get /api/auth/me',
          'get /api/openapi.json',
          'post /api/hall/cases'
        ])
      );
    });

    it.each([
      ['a NUL in the login', 'anonymous', 'POST', '/api/auth/login', { login: 'a\u0000b', password: 'x' }],
      [
        "a NUL in a registering person's name",
        'anonymous',
        'POST',
        '/api/auth/register/person',
        { name: '张\u0000三', idNumber: testIdNumber(902), phone: '13800138000', password: 'abc12345' }
      ],
      [
        "a NUL in an organisation's name",
        'anonymous',
        'POST',
        '/api/auth/register/organisation',
        {
          name: '福州\u0000科技有限公司',
          creditCode: testCreditCode(902),
          contactName: '李四',
          phone: '13900139000',
          password: 'abc12345'
        }
      ],
      ['a cursor before 4713 BC', 'applicant', 'GET', '/api/hall/cases?cursor=-010000-01-01T00:00:00Z', undefined],
      [
        'a cursor after the year 9999',
        'applicant',
        'GET',
        '/api/hall/cases?cursor=%2B275760-09-13T00:00:00Z',
        undefined
      ],
      [
        'a cursor before 4713 BC (office)',
        'window',
        'GET',
        '/api/office/cases?cursor=-010000-01-01T00:00:00Z',
        undefined
      ],
      ['an inbox cursor past bigint', 'applicant', 'GET', '/api/hall/inbox?cursor=99999999999999999999', undefined],
      ['the year 0000', 'bureau', 'GET', '/api/supervision/performance?from=0000-01-01', undefined],
      ['a NUL in the department', 'bureau', 'GET', '/api/supervision/events?department=%00', undefined],
      [
        'a NUL in a withdrawal reason',
        'applicant',
        'POST',
        '/api/hall/cases/{new}/withdraw',
        { reason: '不办了\u0000' }
      ],
      [
        'a NUL in a withdrawal reason sent as text/plain',
        'applicant',
        'POST',
        '/api/hall/cases/{new}/withdraw',
        { reason: '不办了\u0000' },
        'text/plain'
      ],
      [
        'a lone surrogate in a withdrawal reason sent as text/plain',
        'applicant',
        'POST',
        '/api/hall/cases/{new}/withdraw',
        { reason: '不办了\ud800' },
        'text/plain'
      ],
      [
        'a NUL in the login sent as text/plain',
        'anonymous',
        'POST',
        '/api/auth/login',
        { login: 'a\u0000b', password: 'x' },
        'text/plain'
      ],
      [
        'a NUL in the login sent as a form',
        'anonymous',
        'POST',
        '/api/auth/login',
        { login: 'a\u0000b', password: 'x' },
        'application/x-www-form-urlencoded'
      ],
      [
        'a NUL in an opinion',
        'window',
        'POST',
        '/api/office/cases/{new}/commands',
        { type: 'passPreReview', opinion: '同意\u0000' }
      ],
      [
        'a NUL in an answer',
        'applicant',
        'POST',
        '/api/hall/cases',
        { matterCode: permit.code, channel: 'online', answers: { ...answersFor(permit), 备注: '\u0000' } }
      ],
      [
        'a lone surrogate in an answer',
        'applicant',
        'POST',
        '/api/hall/cases',
        { matterCode: permit.code, channel: 'online', answers: { ...answersFor(permit), 备注: '\ud800' } }
      ],
      [
        "a NUL in an answer's name",
        'applicant',
        'POST',
        '/api/hall/cases',
        { matterCode: permit.code, channel: 'online', answers: { ...answersFor(permit), ['名\u0000']: '1' } }
      ]
    ] as Array<[string, Role, string, string, unknown, string?]>)(
      'refuses %s with a 4xx, not a 500',
      async (_, role, method, path, body, type) => {
        const target = path.includes('{new}') ? path.replace('{new}', await submitCase()) : path;
        const answer = await clients[role].request(
          method,
          target,
          type ? JSON.stringify(body) : body,
          type ? { 'content-type': type } : {}
        );
        expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
        expect(problems(answer, true)).toEqual([]);
      }
    );
  });
});
