import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

/**
 * Strings: "…" with escapes, “…” as typed with a Chinese input method, and """…""" for long text over
 * several lines, whose common indentation and first and last line breaks are removed.
 */
export class MatterValueConverter extends DefaultValueConverter {
  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
    if (rule.name === 'STRING' && input.startsWith('"""')) return dedent(input.slice(3, -3));
    return super.runConverter(rule, input, cstNode);
  }
}

export function dedent(text: string): string {
  const lines = text
    .replace(/^[ \t]*\r?\n/, '')
    .replace(/\r?\n[ \t]*$/, '')
    .split(/\r?\n/);
  const indents = lines.filter(line => line.trim() !== '').map(line => /^[ \t\u3000]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map(line => line.slice(common)).join('\n');
}
