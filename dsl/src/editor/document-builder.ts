import { DefaultDocumentBuilder, type DocumentState, type LangiumDocument, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';

/**
 * Langium's document builder, except that a request about a file the editor has not opened yet waits for it (a
 * moment) instead of being refused: Monaco's LSP client asks for code actions before it sends didOpen, and shows a
 * refusal as an error in the page.
 */
export class MatterDocumentBuilder extends DefaultDocumentBuilder {
  /**
   * Check only the files open in the editor. In the studio the rest of the catalogue is there for its names alone:
   * checking a thousand live matters again on an edit would cost time, and nobody would see the result.
   */
  validateOpenOnly = false;

  protected override shouldValidate(document: LangiumDocument): boolean {
    if (this.validateOpenOnly && !this.textDocuments?.get(document.uri.toString())) return false;
    return super.shouldValidate(document);
  }

  protected override async awaitDocumentState(
    state: DocumentState,
    uri: URI,
    cancelToken: CancellationToken
  ): Promise<URI> {
    if (!this.langiumDocuments.hasDocument(uri)) {
      await new Promise<void>(resolve => {
        const started = Date.now();
        const poll = () => {
          if (
            this.langiumDocuments.hasDocument(uri) ||
            cancelToken.isCancellationRequested ||
            Date.now() - started > 5000
          )
            resolve();
          else setTimeout(poll, 20);
        };
        poll();
      });
    }
    return super.awaitDocumentState(state, uri, cancelToken);
  }
}
