import { EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createMatterServices, type MatterServices } from '../language/matter-module.js';
import type { Workspace as WorkspaceAst } from '../language/generated/ast.js';

/** A set of Matter files parsed, linked and checked together, as the CLI, the tests and the bench use it. */
export interface MatterWorkspace {
  services: MatterServices;
  documents: LangiumDocument<WorkspaceAst>[];
  /** Re-checks one file after its text changed, as an editor does on a keystroke. */
  update(uri: string, text: string): Promise<LangiumDocument<WorkspaceAst>>;
  diagnostics(document: LangiumDocument): Diagnostic[];
  document(uri: string): LangiumDocument<WorkspaceAst> | undefined;
}

export interface SourceFile {
  /** A file URI (`file:///…`) or a path, which is turned into one. */
  uri: string;
  text: string;
}

function toUri(uri: string): URI {
  return uri.includes('://') ? URI.parse(uri) : URI.file(uri);
}

/** Told as each file of a workspace has been parsed (most of a load's time): `done` of `total`, and the file. */
export type LoadProgress = (done: number, total: number, uri: string) => void;

/** Parses, links and checks `files` as one workspace. */
export async function loadWorkspace(
  files: SourceFile[],
  services?: MatterServices,
  progress?: LoadProgress
): Promise<MatterWorkspace> {
  const matter = services ?? createMatterServices(EmptyFileSystem).Matter;
  const shared = matter.shared;
  const factory = shared.workspace.LangiumDocumentFactory;
  const store = shared.workspace.LangiumDocuments;
  const documents = files.map((file, index) => {
    const document = factory.fromString<WorkspaceAst>(file.text, toUri(file.uri));
    store.addDocument(document);
    progress?.(index + 1, files.length, file.uri);
    return document;
  });
  await shared.workspace.DocumentBuilder.build(documents, { validation: true });
  let version = 0;
  return {
    services: matter,
    documents,
    async update(uri, text) {
      const target = toUri(uri);
      // As in an editor: the open text lives in TextDocuments, and the builder relinks what depends on it.
      shared.workspace.TextDocuments.set(TextDocument.create(target.toString(), 'matter', ++version, text));
      if (!store.hasDocument(target)) {
        const document = factory.fromString<WorkspaceAst>(text, target);
        store.addDocument(document);
        documents.push(document);
      }
      await shared.workspace.DocumentBuilder.update([target], []);
      const updated = store.getDocument(target) as LangiumDocument<WorkspaceAst>;
      const index = documents.findIndex(d => d.uri.toString() === target.toString());
      if (index >= 0) documents[index] = updated;
      return updated;
    },
    diagnostics(document) {
      return document.diagnostics ?? [];
    },
    document(uri) {
      return store.getDocument(toUri(uri)) as LangiumDocument<WorkspaceAst> | undefined;
    }
  };
}
