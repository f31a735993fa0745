import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testIdNumber } from '../../testing/accounts.ts';
import { openTestApp, smsCode, type TestApp } from '../../testing/http.ts';
import type { RouteDoc } from '../api.ts';
import { docsAssets, docsScript } from './docs-page.ts';
import {
  authRouteDocs,
  groupTags,
  openApiDocument,
  openApiPath,
  operationId,
  pathParams,
  type OpenApiDocument,
  type OpenApiOperation
} from './openapi.ts';

const hostile = '<img src=x onerror="alert(1)"> & \'引号\'';
const externalUrl =
  /\b(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}|(src|href|action)\s*=\s*["']?(https?:|\/\/)|@import|url\(\s*["']?(https?:|\/\/)/i;

describe('the OpenAPI document and the docs page', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: RouteDoc[];

  beforeAll(async () => {
    t = await openTestApp('pglite', {
      extensions: [
        // Registered after the docs routes, with text that must come out as text.
        api =>
          api.route(
            {
              method: 'get',
              path: '/api/late/:caseId/items/:itemId',
              group: 'exchange',
              access: 'staff',
              summary: `后来注册的接口 ${hostile}`
            },
            c => c.json({})
          ),
        api =>
          api.route(
            {
              method: 'post',
              path: '/api/late/upload',
              group: 'exchange',
              access: 'signedIn',
              summary: '上传文件',
              multipart: true
            },
            c => c.json({})
          )
      ]
    });
    routes = [...t.api.routes, ...authRouteDocs];
    const response = await t.anonymous.get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    doc = response.body as OpenApiDocument;
  });
  afterAll(async () => t?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op: op as OpenApiOperation }))
    );

  it('is OpenAPI 3.1 with every registered route, the auth routes and routes registered after it, each under its method', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toMatch(/\p{Script=Han}/u);
    for (const route of routes)
      expect(doc.paths[openApiPath(route.path)]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    expect(operations()).toHaveLength(new Set(routes.map(r => `${r.method} ${r.path}`)).size);
    expect(doc.paths['/api/late/{caseId}/items/{itemId}']?.get).toBeDefined();
    for (const path of [
      '/api/auth/login',
      '/api/auth/register/person',
      '/api/auth/register/organisation',
      '/api/auth/logout'
    ])
      expect(doc.paths[path]?.post, path).toBeDefined();
    expect(doc.paths['/api/auth/me']?.get).toBeDefined();
  });

  it('declares every path parameter, and none that is not in the path', () => {
    for (const { path, method, op } of operations()) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map(m => m[1]);
      const declared = op.parameters.filter(p => p.in === 'path');
      expect(declared.map(p => p.name).sort(), `${method} ${path}`).toEqual([...inPath].sort());
      for (const p of declared) expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
    }
    expect(doc.paths['/api/hall/cases/{id}']!.get!.parameters[0]!.schema).toMatchObject({
      type: 'string',
      format: 'uuid'
    });
  });

  it('gives each operation a unique id, its tag, its access, its security and the error shape for 4xx', () => {
    const ids = operations().map(o => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tagNames = doc.tags.map(tag => tag.name);
    for (const tag of doc.tags) expect(tag.description).toMatch(/\p{Script=Han}/u);
    for (const { path, method, op } of operations()) {
      const route = routes.find(r => r.method === method && openApiPath(r.path) === path)!;
      expect(tagNames).toContain(op.tags[0]);
      expect(op.tags[0]).toBe(route.group);
      expect(op['x-access']).toBe(route.access);
      expect(op.summary).toBe(route.summary);
      expect(op.security.length).toBeGreaterThan(0);
      expect(op.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
      if (route.access !== 'public')
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
      expect(
        op.parameters.some(p => p.in === 'header' && p.name === 'Idempotency-Key'),
        `${method} ${path}`
      ).toBe(route.idempotent === true);
      if (route.body) expect(op.requestBody?.content['application/json']?.schema, `${method} ${path}`).toBeDefined();
      if (route.multipart) expect(op.requestBody?.content['multipart/form-data']).toBeDefined();
    }
    expect(doc.components.schemas.Error).toMatchObject({
      required: ['error'],
      properties: { error: { required: ['code', 'message', 'details'] } }
    });
    for (const response of Object.values(doc.components.responses))
      expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'csrf', 'session']);
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'banshi_session'
    });
    expect(doc.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    expect(doc.paths['/api/office/cases/{id}/commands']!.post!.security).toContainEqual({ session: [], csrf: [] });
  });

  it('has schemas that are plain JSON, every one converted (transforms and pipes included) and every $ref resolvable', () => {
    const built = openApiDocument(routes, { title: '办事', version: '1' });
    expect(JSON.parse(JSON.stringify(built))).toEqual(built);
    const text = JSON.stringify(built);
    expect(text).not.toContain('x-schema-error');
    for (const [, ref] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = ref!
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], built);
      expect(target, ref).toBeDefined();
    }
    // The registration bodies are pipes (object → transform): their input side is documented.
    const person = built.paths['/api/auth/register/person']!.post!.requestBody!.content['application/json']!.schema;
    expect(person).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['name', 'idNumber', 'phone', 'password'])
    });
    const page = built.paths['/api/hall/cases']!.get!.parameters.find(p => p.name === 'limit');
    expect(page).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', default: 50 } });
  });

  it('describes the answer of every /api/studio route and of the sign-in routes: the studio is typed from them', () => {
    const studio = routes.filter(r => r.path.startsWith('/api/studio/') || r.path === '/api/studio');
    expect(studio.length).toBeGreaterThan(10);
    const undescribed = studio.filter(r => !r.response).map(r => `${r.method} ${r.path}`);
    expect(undescribed, '这些 /api/studio 接口没有声明 response，工作台无法得到它们的类型').toEqual([]);
    for (const route of [
      ...studio,
      ...authRouteDocs.filter(r => r.path === '/api/auth/me' || r.path === '/api/auth/login')
    ]) {
      const op = doc.paths[openApiPath(route.path)]![route.method]!;
      const ok = op.responses['2XX'] as unknown as { content: Record<string, { schema: Record<string, unknown> }> };
      const schema = ok.content[route.produces ?? 'application/json']!.schema;
      expect(Object.keys(schema).length, `${route.method} ${route.path}`).toBeGreaterThan(0);
    }
    const simulate = doc.paths['/api/studio/simulate']!.post!.responses['2XX'] as unknown as {
      content: { 'application/json': { schema: { oneOf?: unknown[]; anyOf?: unknown[] } } };
    };
    expect(JSON.stringify(simulate.content['application/json'].schema)).toContain('provisionalYears');
    const me = doc.paths['/api/auth/me']!.get!.responses['2XX'] as unknown as {
      content: { 'application/json': { schema: unknown } };
    };
    expect(JSON.stringify(me.content['application/json'].schema)).toContain('duties');
  });

  it('the sign-in routes, described by hand, answer what the document says (through the checked test client)', async () => {
    // Every call below goes through the test client, which holds each answer against the route's documented schema.
    const anonymous = t.anonymous;
    expect((await anonymous.get('/api/auth/demo')).status).toBe(200);
    expect((await anonymous.get('/api/auth/me')).status).toBe(401);
    const started = await anonymous.post('/api/auth/register/person', {
      name: '文档核对',
      idNumber: testIdNumber(918),
      phone: '13900000918',
      password: 'first-pass-2026'
    });
    expect(started.status).toBe(202);
    const code = await smsCode(t.store.db, started.body.registrationId);
    const wrong = await anonymous.post('/api/auth/register/confirm', {
      registrationId: started.body.registrationId,
      code: code === '000000' ? '111111' : '000000'
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    const person = await t.register('person', {
      name: '文档核对乙',
      idNumber: testIdNumber(919),
      phone: '13900000919',
      password: 'first-pass-2026'
    });
    expect((await person.get('/api/auth/me')).body.principal.kind).toBe('person');
    const changed = await person.post('/api/auth/password', {
      current: 'first-pass-2026',
      password: 'second-pass-2026'
    });
    expect(changed.status).toBe(200);
    expect(changed.body.changed).toBe(true);
    const bearer = await anonymous.post('/api/auth/login', {
      login: testIdNumber(919),
      password: 'second-pass-2026',
      bearer: true
    });
    expect(bearer.status).toBe(200);
    expect(bearer.body.token).toEqual(expect.any(String));
    expect(
      (await anonymous.post('/api/auth/login', { login: testIdNumber(919), password: 'nope-nope-nope' })).status
    ).toBe(401);
    const again = await t.signIn(testIdNumber(919), 'second-pass-2026');
    const out = await again.post('/api/auth/logout', { everywhere: true });
    expect(out.body).toEqual({ signedOut: true, everywhere: true });
  });

  it('helps: paths in OpenAPI form, operation ids from method and path, Hono parameter names', () => {
    expect(openApiPath('/api/x/:id{[0-9]+}/y/:name?')).toBe('/api/x/{id}/y/{name}');
    expect(operationId('post', '/api/hall/cases/{id}/withdraw')).toBe('postApiHallCasesByIdWithdraw');
    expect(pathParams('/api/late/:caseId/items/:itemId')).toEqual(['caseId', 'itemId']);
    expect(groupTags.map(g => g.name)).toEqual([
      'hall',
      'office',
      'supervision',
      'studio',
      'exchange',
      'auth',
      'system'
    ]);
  });

  it('serves the page as Chinese HTML that loads only its own script and style, with every field labelled and every text escaped', async () => {
    const response = await t.app.request('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="zh-CN">/);
    expect(html).toContain('<h1>');
    expect(html).not.toMatch(externalUrl);
    // CSP: nothing inline that it would block.
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script type="module" src="${docsAssets.script}">`]);
    expect(html).not.toMatch(/<style\b|<[^>]*\s(style|on[a-z]+)=/i);
    expect(html).toContain(`<link rel="stylesheet" href="${docsAssets.style}">`);
    for (const tag of doc.tags) expect(html).toContain(`<h2 id="tag-${tag.name}-title">${tag['x-displayName']}</h2>`);
    for (const { op } of operations()) expect(html).toContain(`id="op-${op.operationId}"`);
    // The hostile summary is text, not markup.
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;引号&#39;');
    const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map(m => m[2]!);
    expect(controls.length).toBeGreaterThan(10);
    for (const id of controls) expect(html, id).toContain(`<label for="${id}">`);
    expect(new Set(controls).size).toBe(controls.length);
  });

  it('serves the script and the style with their content types and no external URL', async () => {
    const script = await t.app.request(docsAssets.script);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await script.text();
    expect(js).toBe(docsScript);
    expect(js).not.toMatch(externalUrl);
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    const style = await t.app.request(docsAssets.style);
    expect(style.status).toBe(200);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).not.toMatch(externalUrl);
  });

  it('the script sends a form as a request, with the CSRF token of the signed-in user, and shows the answer as text', async () => {
    const login = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'window', password: 'banshi-demo-2026', code: t.code('window') })
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await t.app.request('/api/docs')).text();
    const sent: Array<{ url: string; headers: Record<string, string> }> = [];
    const fakeFetch = async (
      url: string,
      init: { method?: string; headers?: Record<string, string>; body?: string } = {}
    ) => {
      sent.push({ url, headers: init.headers ?? {} });
      return t.app.request(url, { ...init, headers: { ...init.headers, cookie } });
    };
    const page = fakePage(html, 'postApiHallInboxByIdRead');
    runInNewContext(docsScript, {
      document: page.document,
      fetch: fakeFetch,
      URLSearchParams,
      JSON,
      encodeURIComponent
    });
    await until(() => page.who.textContent.includes('已登录'));
    expect(page.who.textContent).toContain('王窗口');

    page.field('path.id').value = '424242';
    page.submit();
    await until(() => page.status.textContent.includes('→'));
    expect(page.status.textContent).toBe('POST /api/hall/inbox/424242/read → 404（失败）');
    expect(JSON.parse(page.pre.textContent)).toEqual({
      error: { code: 'not-found', message: '找不到这条消息。', details: {} }
    });
    expect(sent.at(-1)!.headers['x-csrf-token']).toMatch(/.+/);

    page.field('path.id').value = '';
    page.submit();
    expect(page.status.textContent).toBe('请先填写路径参数：id');
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise(resolve => setImmediate(resolve));
  expect(condition()).toBe(true);
}

interface FakeElement {
  name?: string;
  value: string;
  textContent: string;
  hidden?: boolean;
  disabled?: boolean;
  focus(): void;
}

/** Just enough of a DOM for the docs script: the one form of `operationId` as the page renders it. */
function fakePage(html: string, operationId: string) {
  const section = html.slice(html.indexOf(`<details id="op-${operationId}">`));
  const formTag = /<form class="try" data-method="([^"]+)" data-path="([^"]+)"/.exec(section)!;
  const formHtml = section.slice(0, section.indexOf('</form>'));
  const element = (name?: string): FakeElement => ({ name, value: '', textContent: '', focus() {} });
  const elements = [...formHtml.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)].map(m => element(m[1]));
  const who = element();
  const status = element();
  const pre = element();
  const answer = { hidden: true, querySelector: (selector: string) => (selector === '.status' ? status : pre) };
  const button = element();
  let onSubmit: ((event: { preventDefault(): void }) => void) | undefined;
  const form = {
    dataset: { method: formTag[1], path: formTag[2] },
    elements,
    nextElementSibling: answer,
    querySelector: (selector: string) =>
      selector.startsWith('button') ? button : elements.find(e => selector.includes(`"${e.name}"`)),
    addEventListener: (_: string, handler: typeof onSubmit) => {
      onSubmit = handler;
    },
    setAttribute() {},
    removeAttribute() {}
  };
  return {
    who,
    status,
    pre,
    document: { getElementById: () => who, querySelectorAll: () => [form] },
    field: (name: string) => elements.find(e => e.name === name)!,
    submit: () => onSubmit!({ preventDefault() {} })
  };
}
