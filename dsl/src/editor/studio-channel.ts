/** The language server's side of the studio's own notifications (studio-protocol.ts). */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { compileMatter } from '../compile/compile-matter.js';
import { supervisionDefaults } from '../compile/compile-catalog.js';
import { isMatter, type Workspace } from '../language/generated/ast.js';
import { MatterDocumentBuilder } from './document-builder.js';
import {
  catalogueLoadedNotification,
  catalogueNotification,
  catalogueRoot,
  compiledNotification,
  type CatalogueParams,
  type CompiledParams
} from './studio-protocol.js';

/** Wires both notifications onto a started Langium language server. */
export function connectStudioChannel(connection: Connection, shared: LangiumSharedServices): void {
  const documents = shared.workspace.LangiumDocuments;
  const factory = shared.workspace.LangiumDocumentFactory;
  const builder = shared.workspace.DocumentBuilder;
  const opened = shared.workspace.TextDocuments;
  const changedAt = new Map<string, number>();
  if (builder instanceof MatterDocumentBuilder) builder.validateOpenOnly = true;

  opened.onDidChangeContent(event => changedAt.set(event.document.uri, performance.now()));
  // The editor asks for colours and symbols as soon as it opens a file: the file must exist for the server by then,
  // or the request is refused (ServerCancelled), which Monaco's client reports as an error in the page.
  opened.onDidOpen(event => {
    const uri = URI.parse(event.document.uri);
    if (!documents.hasDocument(uri)) documents.addDocument(factory.fromString(event.document.getText(), uri));
  });

  connection.onNotification(catalogueNotification, async (params: CatalogueParams) => {
    const started = performance.now();
    await shared.workspace.WorkspaceLock.write(async token => {
      const added: LangiumDocument[] = [];
      for (const file of params.files) {
        const uri = URI.file(`${catalogueRoot}/${file.path}`);
        if (opened.get(uri.toString()) || documents.hasDocument(uri)) continue;
        const document = factory.fromString(file.text, uri);
        documents.addDocument(document);
        added.push(document);
      }
      await builder.build(added, { validation: false }, token);
      // What is open was linked before the catalogue came: link and check it again against it.
      const open = opened.all().map(d => URI.parse(d.uri));
      if (open.length > 0) await builder.update(open, [], token);
    });
    void connection.sendNotification(catalogueLoadedNotification, {
      files: params.files.length,
      ms: Math.round(performance.now() - started)
    });
  });

  builder.onBuildPhase(DocumentState.Validated, built => {
    const all = documents.all.toArray() as LangiumDocument<Workspace>[];
    for (const document of built) {
      const uri = document.uri.toString();
      const text = opened.get(uri);
      if (!text) continue;
      const params = compiled(document as LangiumDocument<Workspace>, all, text.version);
      const since = changedAt.get(uri);
      params.ms = since === undefined ? 0 : Math.round(performance.now() - since);
      void connection.sendNotification(compiledNotification, params);
    }
  });
}

function compiled(document: LangiumDocument<Workspace>, all: LangiumDocument<Workspace>[], version: number) {
  const diagnostics = document.diagnostics ?? [];
  const errors = diagnostics.filter(d => d.severity === 1).length;
  const warnings = diagnostics.filter(d => d.severity === 2).length;
  const params: CompiledParams = { uri: document.uri.toString(), version, errors, warnings, definition: null, ms: 0 };
  if (errors > 0) return params;
  const matter = document.parseResult.value.elements?.find(isMatter);
  if (!matter) return params;
  const result = compileMatter(matter, {
    root: catalogueRoot,
    supervisionDefaults: supervisionDefaults(all, document.uri.path)
  });
  if (result.ok) params.definition = result.definition;
  else params.failure = result.message;
  return params;
}
