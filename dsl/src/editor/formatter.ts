import type { LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
  DocumentFormattingParams,
  DocumentOnTypeFormattingParams,
  DocumentRangeFormattingParams,
  TextEdit
} from 'vscode-languageserver';
import { formatText, type FormatterLexer } from '../format/format-text.js';

/** The editor's "Format Document": one edit replacing the file with its formatted text, or none. */
export class MatterFormatter implements Formatter {
  constructor(private readonly lexer: FormatterLexer) {}

  formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): TextEdit[] {
    const text = document.textDocument.getText();
    const formatted = formatText(text, this.lexer);
    if (formatted === undefined || formatted === text) return [];
    const end = document.textDocument.positionAt(text.length);
    return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
  }

  formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
    return this.formatDocument(document, { textDocument: params.textDocument, options: params.options });
  }

  formatDocumentOnType(_document: LangiumDocument, _params: DocumentOnTypeFormattingParams): TextEdit[] {
    return [];
  }

  get formatOnTypeOptions(): undefined {
    return undefined;
  }
}
