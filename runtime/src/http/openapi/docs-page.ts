import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from './openapi.ts';

/** Where the page's own script and style are served: the app's CSP (`default-src 'self'`) forbids inline ones. */
export const docsAssets = { script: '/api/docs/app.js', style: '/api/docs/app.css' } as const;

/** Text for HTML, in element content and in quoted attributes alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const methodOrder = ['get', 'post', 'put', 'delete'] as const;

/**
 * The interactive API page, rendered on the server from the OpenAPI document: operations by tag, each with a
 * labelled form for its parameters and body. The script only sends the form and shows the answer; without it the
 * page still documents every operation.
 */
export function renderDocsPage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    methodOrder.flatMap(method => (item[method] ? [{ path, method, op: item[method]! }] : []))
  );
  const sections = doc.tags
    .map(tag => {
      const ops = operations.filter(o => o.op.tags[0] === tag.name);
      if (ops.length === 0) return '';
      return `<section id="tag-${escapeHtml(tag.name)}" aria-labelledby="tag-${escapeHtml(tag.name)}-title">
<h2 id="tag-${escapeHtml(tag.name)}-title">${escapeHtml(tag['x-displayName'])}</h2>
<p>${escapeHtml(tag.description)}</p>
${ops.map(o => renderOperation(doc, o.path, o.method, o.op)).join('\n')}
</section>`;
    })
    .join('\n');
  const toc = doc.tags
    .filter(t => operations.some(o => o.op.tags[0] === t.name))
    .map(t => `<li><a href="#tag-${escapeHtml(t.name)}">${escapeHtml(t['x-displayName'])}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} · 接口文档</title>
<link rel="stylesheet" href="${docsAssets.style}">
<script type="module" src="${docsAssets.script}"></script>
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header>
<h1>${escapeHtml(doc.info.title)} 接口文档</h1>
${doc.info.description ? `<p>${escapeHtml(doc.info.description)}</p>` : ''}
<p>机器可读的 OpenAPI 3.1 文档：<a href="/api/openapi.json">/api/openapi.json</a>。错误一律以 <code>{"error": {"code", "message", "details"}}</code> 答复。</p>
<p id="who" role="status" aria-live="polite">登录状态：启用 JavaScript 后显示。</p>
<noscript><p>在本页直接发送请求需要启用 JavaScript；接口说明无需脚本即可阅读。</p></noscript>
</header>
<nav aria-labelledby="toc-title"><h2 id="toc-title">目录</h2><ul>${toc}</ul></nav>
<main id="main">
${sections}
</main>
</body>
</html>
`;
}

function renderOperation(doc: OpenApiDocument, path: string, method: string, op: OpenApiOperation): string {
  const id = escapeHtml(op.operationId);
  const groups: Array<[string, OpenApiParameter[]]> = [
    ['路径参数', op.parameters.filter(p => p.in === 'path')],
    ['查询参数', op.parameters.filter(p => p.in === 'query')],
    ['请求头', op.parameters.filter(p => p.in === 'header')]
  ];
  const fieldsets = groups
    .filter(([, ps]) => ps.length > 0)
    .map(
      ([legend, ps]) =>
        `<fieldset><legend>${legend}</legend>${ps.map(p => renderField(op.operationId, p)).join('')}</fieldset>`
    )
    .join('');
  const json = op.requestBody?.content['application/json'];
  const body = json
    ? `<div class="field"><label for="${id}-body">请求内容（JSON）</label>
<p class="hint" id="${id}-body-hint">按需修改示例；必填字段已列出。</p>
<textarea id="${id}-body" name="body" rows="8" spellcheck="false" aria-describedby="${id}-body-hint">${escapeHtml(JSON.stringify(exampleOf(doc, json.schema), null, 2))}</textarea></div>`
    : op.requestBody
      ? '<p class="hint">此接口接收文件上传（multipart/form-data），请使用接口客户端调用。</p>'
      : '';
  const canSend = !op.requestBody || json;
  return `<details id="op-${id}">
<summary><span class="method method-${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code> <span class="summary">${escapeHtml(op.summary)}</span></summary>
<div class="op">
<h3>${escapeHtml(op.summary)}</h3>
<p>${escapeHtml(op.description)}</p>
<form class="try" data-method="${escapeHtml(method.toUpperCase())}" data-path="${escapeHtml(path)}" aria-label="${escapeHtml(`调用 ${method.toUpperCase()} ${path}`)}" novalidate>
${fieldsets}${body}
${canSend ? '<button type="submit">发送请求</button>' : ''}
</form>
<div class="answer" hidden>
<h4>响应</h4>
<p class="status" role="status" aria-live="polite"></p>
<pre class="json" tabindex="0"></pre>
</div>
</div>
</details>`;
}

function renderField(operationId: string, p: OpenApiParameter): string {
  const id = escapeHtml(`${operationId}-${p.in}-${p.name}`);
  const name = escapeHtml(`${p.in}.${p.name}`);
  const hint = [p.description, describeSchema(p.schema)].filter(Boolean).join(' ');
  const choices = enumOf(p.schema);
  const control = choices
    ? `<select id="${id}" name="${name}" aria-describedby="${id}-hint"><option value="">（不填）</option>${choices.map(c => `<option>${escapeHtml(c)}</option>`).join('')}</select>`
    : `<input id="${id}" name="${name}" type="text" autocomplete="off" spellcheck="false"${p.required ? ' required aria-required="true"' : ''} aria-describedby="${id}-hint">`;
  return `<div class="field"><label for="${id}">${escapeHtml(p.name)}${p.required ? '（必填）' : '（选填）'}</label>
<p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>${control}</div>`;
}

function enumOf(schema: JsonSchema): string[] | undefined {
  const values = Array.isArray(schema.enum) ? schema.enum : undefined;
  return values && values.every(v => typeof v === 'string') ? (values as string[]) : undefined;
}

/** A field's constraints in a sentence: type, format, lengths, range, pattern, default. */
export function describeSchema(schema: JsonSchema): string {
  const parts: string[] = [];
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  const typeNames: Record<string, string> = {
    string: '文本',
    integer: '整数',
    number: '数字',
    boolean: '是/否',
    array: '列表',
    object: '对象'
  };
  if (type) parts.push(`类型：${typeNames[type] ?? type}`);
  if (typeof schema.format === 'string') parts.push(`格式：${schema.format}`);
  if (typeof schema.minLength === 'number') parts.push(`至少 ${schema.minLength} 个字符`);
  if (typeof schema.maxLength === 'number') parts.push(`至多 ${schema.maxLength} 个字符`);
  if (typeof schema.minimum === 'number') parts.push(`不小于 ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') parts.push(`大于 ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER)
    parts.push(`不大于 ${schema.maximum}`);
  if (typeof schema.pattern === 'string' && typeof schema.format !== 'string') parts.push(`须匹配 ${schema.pattern}`);
  if (schema.default !== undefined) parts.push(`默认 ${JSON.stringify(schema.default)}`);
  return parts.join('；');
}

/** A starting body for a schema: its required fields with placeholder values, the first of every choice. */
export function exampleOf(doc: OpenApiDocument, schema: JsonSchema, depth = 0): unknown {
  if (depth > 8) return null;
  if (typeof schema.$ref === 'string') {
    const target = doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    return target ? exampleOf(doc, target, depth + 1) : null;
  }
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const choice = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(choice) && choice.length > 0)
    return exampleOf(doc, choice.find(c => c.type !== 'null') ?? choice[0]!, depth + 1);
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.filter(k => props[k]).map(k => [k, exampleOf(doc, props[k]!, depth + 1)]));
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    default:
      return {};
  }
}

/**
 * The page's script, plain JavaScript served as a file. It builds every piece of the answer with textContent: an
 * answer is data, never markup.
 */
export const docsScript = `const who = document.getElementById('who');
let csrf;

async function refreshWho() {
  try {
    const r = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (r.ok) {
      const b = await r.json();
      csrf = b.csrfToken;
      who.textContent = '已登录：' + b.principal.name + '（' + b.principal.login + '）。本页发送的请求使用此会话。';
    } else {
      csrf = undefined;
      who.textContent = '未登录。公开接口可直接调用；其他接口请先在“身份认证”中调用登录接口（POST /api/auth/login）。';
    }
  } catch {
    who.textContent = '无法确认登录状态：连接服务器失败。';
  }
}

function buildRequest(form) {
  const method = form.dataset.method;
  let path = form.dataset.path;
  const query = new URLSearchParams();
  const headers = { accept: 'application/json' };
  const missing = [];
  let body;
  for (const el of form.elements) {
    if (!el.name) continue;
    const dot = el.name.indexOf('.');
    const kind = dot < 0 ? el.name : el.name.slice(0, dot);
    const name = el.name.slice(dot + 1);
    const value = el.value;
    if (kind === 'path') {
      if (value === '') missing.push(name);
      path = path.split('{' + name + '}').join(encodeURIComponent(value));
    } else if (kind === 'query' && value !== '') query.append(name, value);
    else if (kind === 'header' && value !== '') headers[name] = value;
    else if (kind === 'body' && value.trim() !== '') {
      body = value;
      headers['content-type'] = 'application/json';
    }
  }
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const qs = query.toString();
  return { missing, url: path + (qs ? '?' + qs : ''), init: { method, headers, body, credentials: 'same-origin' } };
}

async function send(form) {
  const answer = form.nextElementSibling;
  const status = answer.querySelector('.status');
  const pre = answer.querySelector('.json');
  const button = form.querySelector('button[type=submit]');
  const request = buildRequest(form);
  answer.hidden = false;
  if (request.missing.length > 0) {
    status.textContent = '请先填写路径参数：' + request.missing.join('、');
    pre.textContent = '';
    form.querySelector('[name="path.' + request.missing[0] + '"]').focus();
    return;
  }
  button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  status.textContent = '正在发送 ' + request.init.method + ' ' + request.url + ' ……';
  pre.textContent = '';
  try {
    const r = await fetch(request.url, request.init);
    const text = await r.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
    status.textContent = request.init.method + ' ' + request.url + ' → ' + r.status + (r.ok ? '（成功）' : '（失败）');
    pre.textContent = shown;
    if (request.url.startsWith('/api/auth/')) await refreshWho();
  } catch {
    status.textContent = '请求没有发出或没有收到答复：请检查网络连接。';
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

for (const form of document.querySelectorAll('form.try')) {
  form.addEventListener('submit', event => {
    event.preventDefault();
    void send(form);
  });
}
void refreshWho();
`;

export const docsStyle = `:root { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; line-height: 1.5; color: #0b0c0c; background: #fff; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffdd00; padding: .5rem; }
a { color: #1d70b8; }
:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 5px #0b0c0c; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; }
details { border: 1px solid #b1b4b6; margin: .5rem 0; }
summary { cursor: pointer; padding: .5rem; }
summary code { font-weight: bold; }
.op { padding: 0 1rem 1rem; }
.method { display: inline-block; min-width: 4.5em; text-align: center; font-weight: bold; color: #fff; background: #505a5f; border-radius: 3px; }
.method-get { background: #00703c; }
.method-post { background: #1d70b8; }
.method-put { background: #6f3c00; }
.method-delete { background: #942514; }
fieldset { border: 1px solid #b1b4b6; margin: 0 0 1rem; }
.field { margin-bottom: .75rem; }
label { display: block; font-weight: bold; }
.hint { margin: 0; color: #505a5f; font-size: .9em; }
input, select, textarea { font: inherit; border: 2px solid #0b0c0c; padding: .25rem; width: 100%; box-sizing: border-box; }
textarea { font-family: ui-monospace, monospace; }
button { font: inherit; font-weight: bold; color: #fff; background: #00703c; border: 0; padding: .5rem 1rem; cursor: pointer; }
button[disabled] { background: #505a5f; }
pre { background: #f3f2f1; padding: .5rem; overflow: auto; max-height: 30rem; white-space: pre-wrap; word-break: break-all; }
`;
