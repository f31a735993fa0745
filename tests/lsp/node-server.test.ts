/**
 * The Matter language server in Node: spawned as `node … dsl/src/editor/main-node.ts --stdio`, spoken to over
 * stdio as an editor would, with a workspace folder holding a departments file and a matter file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  Location,
  LocationLink,
  MarkupContent,
  Position,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { departmentsText, gluedText, matterText, positionOf } from '../support/lsp-fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'banshi-lsp-'));
const departmentsUri = URI.file(join(dir, 'departments.matter')).toString();
const matterUri = URI.file(join(dir, '建筑工程施工许可证核发.matter')).toString();
const gluedUri = URI.file(join(dir, '建筑工程施工许可证变更.matter')).toString();

let server: ChildProcess;
let connection: MessageConnection;
let stderr = '';
const published = new Map<string, Diagnostic[]>();
const waiting = new Map<string, Array<(diagnostics: Diagnostic[]) => void>>();

/**
 * The diagnostics last published for `uri`, or the next ones; fails after `ms` naming the URIs published. The wait is
 * long on purpose: a busy machine (another test run beside this one) is slow, not wrong.
 */
function diagnosticsOf(uri: string, ms = 170_000): Promise<Diagnostic[]> {
  const known = published.get(uri);
  if (known) return Promise.resolve(known);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no diagnostics for ${uri}; published: ${[...published.keys()].join(', ')}\n${stderr}`)),
      ms
    );
    waiting.set(uri, [
      ...(waiting.get(uri) ?? []),
      diagnostics => {
        clearTimeout(timer);
        resolve(diagnostics);
      }
    ]);
  });
}

function open(uri: string, text: string): void {
  void connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'matter', version: 1, text }
  });
}

beforeAll(async () => {
  writeFileSync(fileURLToPath(departmentsUri), departmentsText);
  writeFileSync(fileURLToPath(matterUri), matterText);
  server = spawn(
    process.execPath,
    ['--import', './tools/node-polyfills.mjs', '--import', 'tsx', 'dsl/src/editor/main-node.ts', '--stdio'],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe']
    }
  );
  server.stderr!.on('data', chunk => {
    stderr += String(chunk);
  });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.set(params.uri, params.diagnostics);
    for (const resolve of waiting.get(params.uri) ?? []) resolve(params.diagnostics);
    waiting.delete(params.uri);
  });
  // Requests the server may make of its client: configuration, capability registration, progress.
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest(() => null);
  connection.listen();
  const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: URI.file(dir).toString(),
    workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'banshi' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: {},
        completion: { completionItem: { snippetSupport: true } },
        definition: { linkSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } }
      }
    }
  });
  expect(result.capabilities).toMatchObject({
    hoverProvider: true,
    renameProvider: expect.anything(),
    documentFormattingProvider: expect.anything()
  });
  await connection.sendNotification('initialized', {});
  open(matterUri, matterText);
}, 180_000);

afterAll(async () => {
  if (connection) {
    await Promise.race([connection.sendRequest('shutdown'), new Promise(resolve => setTimeout(resolve, 2000))]).catch(
      () => undefined
    );
    void connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
  }
  if (server && server.exitCode === null) server.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Node language server', { timeout: 180_000 }, () => {
  it('publishes a Chinese diagnostic with its code for 承诺 longer than 法定', async () => {
    const diagnostics = await diagnosticsOf(matterUri);
    expect(
      diagnostics.map(d => d.code),
      stderr
    ).toEqual(['limits.promised-exceeds-legal']);
    const [problem] = diagnostics;
    expect(problem!.severity).toBe(1);
    expect(problem!.message).toBe('承诺时限 25 个工作日长于法定时限 20 个工作日：承诺时限可以比法定时限短，不能更长。');
    expect(problem!.range.start).toEqual(positionOf(matterText, '承诺 25', 3));
    // The departments file is found on disk through the workspace folder and links cleanly.
    expect(await diagnosticsOf(departmentsUri)).toEqual([]);
  });

  it('explains a Chinese keyword on hover, in Chinese markdown', async () => {
    const hover = await connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: matterUri },
      position: positionOf(matterText, '时限 法定', 1)
    });
    const contents = hover?.contents as MarkupContent | undefined;
    expect(contents?.kind).toBe('markdown');
    expect(contents?.value).toMatch(/^\*\*时限 limits\*\*：`时限 法定 20 工作日 承诺 7 工作日`/);
  });

  it('offers the department’s roles after 由', async () => {
    const result = await connection.sendRequest<CompletionList | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri: matterUri },
      position: positionOf(matterText, '审查 由 ', 5)
    });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    const labels = items.map(item => item.label);
    expect(labels).toEqual(expect.arrayContaining(['窗口', '承办人', '处室负责人', '分管领导']));
    expect(labels).not.toContain('市住房和建设局');
  });

  it('goes from a department name to its definition in departments.matter', async () => {
    const result = await connection.sendRequest<Location | Location[] | LocationLink[] | null>(
      'textDocument/definition',
      {
        textDocument: { uri: matterUri },
        position: positionOf(matterText, '部门 市住房和建设局', 4)
      }
    );
    const first = Array.isArray(result) ? result[0] : result;
    const target =
      first && 'targetUri' in first
        ? { uri: first.targetUri, range: first.targetSelectionRange }
        : (first ?? undefined);
    expect(target?.uri).toBe(departmentsUri);
    expect(target?.range.start).toEqual(positionOf(departmentsText, '部门 市住房和建设局', 3));
  });

  it('renames a role in its department and in every step that names it', async () => {
    const edit = await connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', {
      textDocument: { uri: matterUri },
      position: positionOf(matterText, '由 窗口', 2),
      newName: '综合窗口'
    });
    const changes = edit?.changes ?? {};
    expect(Object.keys(changes).sort()).toEqual([departmentsUri, matterUri].sort());
    const starts = (edits: TextEdit[] | undefined) =>
      (edits ?? []).map(e => [e.range.start.line, e.range.start.character, e.newText]);
    expect(starts(changes[departmentsUri])).toEqual([
      [positionOf(departmentsText, '窗口').line, positionOf(departmentsText, '窗口').character, '综合窗口']
    ]);
    const uses = [0, 1, 2].map(nth => positionOf(matterText, '由 窗口', 2, nth));
    expect(starts(changes[matterUri]).sort()).toEqual(uses.map(p => [p.line, p.character, '综合窗口']).sort());
  });

  it('renames a form field together with the condition that uses it', async () => {
    const edit = await connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', {
      textDocument: { uri: matterUri },
      position: positionOf(matterText, '涉及消防:'),
      newName: '涉及消防设计'
    });
    const edits = (edit?.changes?.[matterUri] ?? []).map(e => e.range.start);
    expect(Object.keys(edit?.changes ?? {})).toEqual([matterUri]);
    expect(edits).toEqual(
      expect.arrayContaining([positionOf(matterText, '涉及消防:'), positionOf(matterText, '当 涉及消防', 2)])
    );
    expect(edits).toHaveLength(2);
  });

  it('formats full-width braces to ASCII', async () => {
    const edits = await connection.sendRequest<TextEdit[] | null>('textDocument/formatting', {
      textDocument: { uri: matterUri },
      options: { tabSize: 2, insertSpaces: true }
    });
    expect(edits).toHaveLength(1);
    const formatted = edits![0]!.newText;
    expect(formatted.startsWith('事项 建筑工程施工许可证核发 {\n')).toBe(true);
    expect(formatted).not.toContain('｛');
    expect(formatted.replace('{', '｛')).toBe(matterText);
  });

  it('reports a keyword glued to a name and offers a quick fix inserting a space', async () => {
    open(gluedUri, gluedText);
    const diagnostics = await diagnosticsOf(gluedUri);
    const glued = diagnostics.find(d => d.code === 'syntax.glued-keyword');
    expect(glued, JSON.stringify(diagnostics.map(d => [d.code, d.message]))).toBeDefined();
    expect(glued!.message).toBe(
      '关键字“由”和后面的“窗口”连在了一起：中文关键字和名称之间要加一个空格，写成“由 窗口”。'
    );
    const actions = await connection.sendRequest<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri: gluedUri },
      range: glued!.range,
      context: { diagnostics: [glued] }
    });
    const fix = actions?.find(a => a.kind === 'quickfix');
    const at: Position = positionOf(gluedText, '由窗口', 1);
    expect(fix?.title).toBe('在“由”后加空格');
    expect(fix?.edit?.changes?.[gluedUri]).toEqual([{ range: { start: at, end: at }, newText: ' ' }]);
  });
});
