/**
 * The texts an editor would hold open, for services that run without a language server: Langium's document
 * builder reads a changed file from here rather than from the file system. `MatterWorkspace.update` writes them.
 */
import type { TextDocument, TextDocumentProvider, URI } from 'langium';

export class OpenTexts implements TextDocumentProvider {
  private readonly documents = new Map<string, TextDocument>();

  get(uri: string | URI): TextDocument | undefined {
    return this.documents.get(uri.toString());
  }

  set(document: TextDocument): void {
    this.documents.set(document.uri, document);
  }
}
