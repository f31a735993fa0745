import {
  AstUtils,
  Cancellation,
  DefaultDocumentValidator,
  type AstNode,
  type AstNodeDescription,
  type AstReflection,
  type LangiumCoreServices,
  type LangiumDocument,
  type ParseResult,
  type ScopeProvider,
  type ValidationAcceptor,
  type ValidationOptions
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticPayload } from './checks/report.js';
import { closest } from './checks/util.js';
import type { IssueCode } from './issue-codes.js';
import { TOO_COMPLEX_PREFIX } from './lexer.js';
import { GLUED_PREFIX } from './messages.js';
import { unexpectedElement } from './recovery.js';
import { performingDepartment } from './scope.js';

/** Codes that say something is absent: after a syntax error in the block, that may only mean it was not read. */
const absence = /\.missing(-|$)|^channels\.no-/;

/** Where in the text a parser error stands: its token, or the token before an inserted one. */
function errorOffset(error: ParseResult['parserErrors'][number]): number | undefined {
  if (Number.isFinite(error.token.startOffset) && error.token.startOffset >= 0) return error.token.startOffset;
  const previous = (error as { previousToken?: { endOffset?: number } }).previousToken;
  return previous?.endOffset !== undefined && Number.isFinite(previous.endOffset) ? previous.endOffset + 1 : undefined;
}

/**
 * Whether the parser stumbled inside the node's block. A top-level element's block runs to the next element, as
 * the parser's recovery may have ended it early.
 */
function parseFailedIn(node: AstNode, offsets: number[]): boolean {
  const cst = node.$cstNode;
  if (!cst || offsets.length === 0) return false;
  let end = cst.end;
  const container = node.$container;
  if (container && !container.$container) {
    const siblings = (container as { elements?: AstNode[] }).elements ?? [];
    const next = siblings[siblings.indexOf(node) + 1]?.$cstNode;
    end = next ? next.offset : Infinity;
  }
  return offsets.some(offset => offset >= cst.offset && offset < end);
}

const typeLabels: Record<string, string> = {
  Department: '部门',
  Region: '地区',
  Role: '角色',
  Field: '表单字段',
  Material: '材料',
  Matter: '事项'
};

/**
 * Turns parser and linker errors into Chinese messages with codes, and attaches one-click fixes where the
 * mistake is clear: a keyword glued to a name, a name misspelt by a character or two.
 */
export class MatterDocumentValidator extends DefaultDocumentValidator {
  private readonly scopes: ScopeProvider;
  private readonly reflection: AstReflection;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.scopes = services.references.ScopeProvider;
    this.reflection = services.shared.AstReflection;
  }

  /** Runs the checks, leaving out claims of absence from a block the parser could not read whole. */
  override async validateAst(
    rootNode: AstNode,
    options: ValidationOptions,
    cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None
  ): Promise<Diagnostic[]> {
    const offsets = AstUtils.getDocument(rootNode)
      .parseResult.parserErrors.map(errorOffset)
      .filter((o): o is number => o !== undefined);
    const items: Diagnostic[] = [];
    const acceptor: ValidationAcceptor = (severity, message, info) => {
      const code = typeof info.code === 'string' ? info.code : '';
      if (absence.test(code) && parseFailedIn(info.node, offsets)) return;
      items.push(this.toDiagnostic(severity, message, info));
    };
    await this.validateAstBefore(rootNode, options, acceptor, cancelToken);
    await this.validateAstNodes(rootNode, options, acceptor, cancelToken);
    await this.validateAstAfter(rootNode, options, acceptor, cancelToken);
    return items;
  }

  protected override processParsingErrors(
    parseResult: ParseResult,
    diagnostics: Diagnostic[],
    options: ValidationOptions
  ): void {
    for (const error of parseResult.parserErrors) {
      const start = diagnostics.length;
      super.processParsingErrors({ ...parseResult, parserErrors: [error] }, diagnostics, options);
      for (const diagnostic of diagnostics.slice(start)) this.explainSyntax(diagnostic, error);
    }
  }

  /** Gives a parser diagnostic its code and, where the mistake is clear, its fix. */
  private explainSyntax(diagnostic: Diagnostic, error: ParseResult['parserErrors'][number]): void {
    const unexpected = unexpectedElement(error);
    if (unexpected) {
      diagnostic.code = 'syntax.unexpected';
      const fix = unexpected.suggestion
        ? {
            title: `改为“${unexpected.suggestion}”`,
            edits: [{ range: diagnostic.range, newText: unexpected.suggestion }]
          }
        : undefined;
      diagnostic.data = { code: 'syntax.unexpected', ...(fix ? { fix } : {}) } satisfies DiagnosticPayload;
      return;
    }
    const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
    const glued = message.startsWith(GLUED_PREFIX) ? /^关键字“([^”]+)”/.exec(message)?.[1] : undefined;
    if (glued) {
      const at = { line: diagnostic.range.start.line, character: diagnostic.range.start.character + glued.length };
      diagnostic.code = 'syntax.glued-keyword';
      diagnostic.data = {
        code: 'syntax.glued-keyword',
        fix: { title: `在“${glued}”后加空格`, edits: [{ range: { start: at, end: at }, newText: ' ' }] }
      } satisfies DiagnosticPayload;
    } else {
      diagnostic.code = 'syntax';
      diagnostic.data = { code: 'syntax' } satisfies DiagnosticPayload;
    }
  }

  protected override processLexingErrors(
    parseResult: ParseResult,
    diagnostics: Diagnostic[],
    options: ValidationOptions
  ): void {
    const start = diagnostics.length;
    super.processLexingErrors(parseResult, diagnostics, options);
    for (const diagnostic of diagnostics.slice(start)) {
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : '';
      const code = message.startsWith(TOO_COMPLEX_PREFIX) ? 'condition.too-complex' : 'syntax.character';
      diagnostic.code = code;
      diagnostic.data = { code } satisfies DiagnosticPayload;
    }
  }

  protected override processLinkingErrors(
    document: LangiumDocument,
    diagnostics: Diagnostic[],
    _options: ValidationOptions
  ): void {
    const scopes = this.scopes;
    const reflection = this.reflection;
    for (const reference of document.references) {
      const error = reference.error;
      if (!error) continue;
      const info = error.info;
      const text = info.reference.$refText;
      const type = reflection.getReferenceType(info);
      // Without a department there are no roles to find; the missing department is reported on its own.
      if (type === 'Role' && !performingDepartment(info.container)) continue;
      const label = typeLabels[type] ?? '名称';
      const candidates = scopes
        .getScope(info)
        .getAllElements()
        .map((d: AstNodeDescription) => d.name)
        .toArray();
      const suggestion = closest(text, candidates);
      const range = reference.$refNode?.range;
      let message = `找不到名为“${text}”的${label}。`;
      if (type === 'Role')
        message = `找不到角色“${text}”：办理部门没有定义这个角色${candidates.length ? `（可用：${candidates.slice(0, 6).join('、')}）` : ''}。`;
      if (type === 'Field') message = `找不到表单字段“${text}”：条件只能引用本事项表单中的字段。`;
      const bracketed = /^（(.+)）$/.exec(text)?.[1];
      if (type === 'Field' && bracketed && candidates.includes(bracketed) && range) {
        const grouped = `（ ${bracketed} ）`;
        diagnostics.push({
          severity: 1,
          range,
          message: `“${text}”被读成了一个名称：全角括号紧贴着文字时是名称的一部分（如“延长审批期限（延期）”）。要用括号把条件括起来，请在括号里加空格，写成“${grouped}”。`,
          code: 'link.unknown-field',
          data: {
            code: 'link.unknown-field',
            fix: { title: `写成“${grouped}”`, edits: [{ range, newText: grouped }] }
          } satisfies DiagnosticPayload,
          source: 'matter'
        });
        continue;
      }
      if (suggestion) message += `是不是“${suggestion}”？`;
      // Every kind of name the grammar links to has its code: issue-codes.test.ts holds the list to the grammar.
      const code = `link.unknown-${type.toLowerCase()}` as IssueCode;
      const data: DiagnosticPayload =
        suggestion && range
          ? { code, fix: { title: `改为“${suggestion}”`, edits: [{ range, newText: suggestion }] } }
          : { code };
      diagnostics.push({
        severity: 1,
        range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message,
        code,
        data,
        source: 'matter'
      });
    }
  }
}
