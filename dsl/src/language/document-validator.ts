import {
  DefaultDocumentValidator,
  type AstNodeDescription,
  type AstReflection,
  type LangiumCoreServices,
  type LangiumDocument,
  type ParseResult,
  type ScopeProvider,
  type ValidationOptions
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticPayload } from './checks/report.js';
import { closest } from './checks/util.js';
import type { IssueCode } from './issue-codes.js';
import { GLUED_PREFIX } from './messages.js';
import { performingDepartment } from './scope.js';

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

  protected override processParsingErrors(
    parseResult: ParseResult,
    diagnostics: Diagnostic[],
    options: ValidationOptions
  ): void {
    const start = diagnostics.length;
    super.processParsingErrors(parseResult, diagnostics, options);
    for (const diagnostic of diagnostics.slice(start)) {
      diagnostic.code = 'syntax';
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
        diagnostic.data = { code: 'syntax' } satisfies DiagnosticPayload;
      }
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
      diagnostic.code = 'syntax.character';
      diagnostic.data = { code: 'syntax.character' } satisfies DiagnosticPayload;
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
