/**
 * The Matter language server in a browser web worker: dsl/src/editor/worker.ts bundled by esbuild (esm, browser),
 * served on 127.0.0.1, started in Chromium with `new Worker(url, { type: 'module' })`, spoken to over postMessage.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { departmentsText, matterText, positionOf } from '../support/lsp-fixtures.ts';

declare global {
  interface Window {
    lsp: {
      request(method: string, params: unknown): Promise<unknown>;
      notify(method: string, params: unknown): void;
      diagnostics(uri: string): Promise<Diagnostic[]>;
    };
  }
}

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'banshi-worker-'));
// Encoded as editors send them (file:///catalog/%E5%BB%BA…): the server publishes under the encoded form.
const departmentsUri = URI.file('/catalog/departments.matter').toString();
const matterUri = URI.file('/catalog/建筑工程施工许可证核发.matter').toString();

let metafile: Metafile;
let http: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function open(uri: string, text: string): Promise<void> {
  return page.evaluate(
    ([uri, text]) =>
      window.lsp.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'matter', version: 1, text }
      }),
    [uri, text] as const
  );
}

const diagnosticsOf = (uri: string) => page.evaluate(uri => window.lsp.diagnostics(uri), uri);

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(here, '../../dsl/src/editor/worker.ts')],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'error'
  });
  metafile = result.metafile;
  const files: Record<string, [string, Buffer]> = {
    '/': ['text/html; charset=utf-8', readFileSync(join(here, 'worker-page.html'))],
    '/worker.js': ['text/javascript; charset=utf-8', readFileSync(join(dir, 'worker.js'))]
  };
  http = createServer((request, response) => {
    const file = files[request.url ?? ''];
    response.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    response.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
  page = await browser.newPage();
  page.on('pageerror', error => pageErrors.push(error.message));
  page.on('console', message => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.lsp !== undefined);
  const init = await page.evaluate(() =>
    window.lsp.request('initialize', { processId: null, rootUri: null, capabilities: {} })
  );
  expect(init).toMatchObject({ capabilities: { hoverProvider: true } });
  await page.evaluate(() => window.lsp.notify('initialized', {}));
  // The departments first, so that the matter links against them on its first build.
  await open(departmentsUri, departmentsText);
  await diagnosticsOf(departmentsUri);
  await open(matterUri, matterText);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise(resolve => (http ? http.close(resolve) : resolve(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

describe('the language server in a web worker', { timeout: 60_000 }, () => {
  it('bundles for the browser with nothing Node-only in it', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter(path => path.endsWith('dsl/src/editor/worker.ts'))).toHaveLength(1);
    const externals = Object.values(metafile.inputs).flatMap(input =>
      input.imports.filter(i => i.external).map(i => i.path)
    );
    expect(externals).toEqual([]);
    expect(inputs.filter(path => /^node:|\/lib\/node\/|langium\/lib\/node/.test(path))).toEqual([]);
    expect(inputs.filter(path => path.endsWith('vscode-languageserver/lib/browser/main.js'))).toHaveLength(1);
  });

  it('publishes the Chinese diagnostic with its code', async () => {
    const diagnostics = await diagnosticsOf(matterUri);
    expect(
      diagnostics.map(d => d.code),
      pageErrors.join('\n')
    ).toEqual(['limits.promised-exceeds-legal']);
    expect(diagnostics[0]!.message).toBe(
      '承诺时限 25 个工作日长于法定时限 20 个工作日：承诺时限可以比法定时限短，不能更长。'
    );
    expect(diagnostics[0]!.range.start).toEqual(positionOf(matterText, '承诺 25', 3));
    expect(await diagnosticsOf(departmentsUri)).toEqual([]);
  });

  it('answers hover on a Chinese keyword with Chinese markdown', async () => {
    const hover = (await page.evaluate(
      ([uri, position]) =>
        window.lsp.request('textDocument/hover', {
          textDocument: { uri },
          position
        }),
      [matterUri, positionOf(matterText, '事项', 1)] as const
    )) as Hover | null;
    const contents = hover?.contents as MarkupContent | undefined;
    expect(contents?.kind).toBe('markdown');
    expect(contents?.value).toMatch(/^\*\*事项 matter\*\*：一个行政审批或公共服务事项/);
  });
});
