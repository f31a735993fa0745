import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { compileWorkspace } from '../compile/index.js';
import { createMatterServices } from '../language/matter-module.js';
import { annual, departments, firstReview, permit, reusedChecker } from '../testing/fixtures.js';
import { formatText } from './format-text.js';

const lexer = createMatterServices(EmptyFileSystem).Matter.parser.Lexer;
const format = (text: string) => formatText(text, lexer);

/** The text split into tokens and the whitespace between them, so a property can re-space it. */
function pieces(text: string): { tokens: string[]; gaps: string[] } {
  const lexed = lexer.tokenize(text);
  const all = [...lexed.tokens, ...lexed.hidden].sort((x, y) => x.startOffset - y.startOffset);
  const gaps: string[] = [];
  let end = 0;
  for (const token of all) {
    gaps.push(text.slice(end, token.startOffset));
    end = token.startOffset + token.image.length;
  }
  gaps.push(text.slice(end));
  return { tokens: all.map(t => t.image), gaps };
}

/** Rebuilds `text` with some of its (non-empty) gaps between tokens replaced. */
function respace(text: string, edits: Array<[number, string]>): string {
  const { tokens, gaps } = pieces(text);
  for (const [index, space] of edits) {
    const at = index % gaps.length;
    if (gaps[at] !== '' && at > 0 && at < gaps.length - 1) gaps[at] = space;
  }
  return tokens.map((token, i) => gaps[i] + token).join('') + gaps[gaps.length - 1];
}

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const check = reusedChecker();

/** A Definition without source positions: formatting moves text, never meaning. */
async function meaning(text: string): Promise<unknown> {
  const checked = await check({ 'departments.matter': departments, 'm.matter': text });
  const { definitions } = compileWorkspace(checked.workspace.documents, '/ws');
  return {
    errors: checked.errors().map(e => e.message),
    definitions: JSON.parse(JSON.stringify(definitions, (key, value) => (key === 'source' ? undefined : value)))
  };
}

describe('the formatter', () => {
  it('indents by braces, spaces tokens, and writes ASCII punctuation and straight quotes', () => {
    const messy =
      '事项   示例｛\n编码“11350200MB00000105300011700600001”\n表单｛ 名称：文本 必填 ；\n 类型 : 选项（“甲”，“乙”、“丙”）｝\n\n\n\n  时限 法定 20 工作日   承诺 1 工作日 // 备注\n｝';
    expect(format(messy)).toBe(
      '事项 示例 {\n  编码 "11350200MB00000105300011700600001"\n  表单 { 名称: 文本 必填;\n    类型: 选项 ("甲", "乙", "丙") }\n\n  时限 法定 20 工作日 承诺 1 工作日 // 备注\n}\n'
    );
  });

  it('keeps time ranges and comments intact', () => {
    expect(format('日历 2026 {\n  /* 办公 */ 办公时间 09:00-12:00 , 13:30 - 17:30\n}')).toBe(
      '日历 2026 {\n  /* 办公 */ 办公时间 09:00-12:00, 13:30-17:30\n}\n'
    );
  });

  it('leaves a file it cannot read alone', () => {
    expect(format('事项 甲 { 编码 "未闭合 }')).toBeUndefined();
  });

  it('is idempotent on the fixtures', () => {
    for (const text of [departments, permit, annual, firstReview]) {
      const once = format(text)!;
      expect(format(once)).toBe(once);
    }
  });

  it('is idempotent whatever the spacing, line breaks and punctuation width (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(400), fc.constantFrom(' ', '  ', '\n', '\n\n\n', '\t', '　')), { maxLength: 40 }),
        fc.boolean(),
        (edits, wide) => {
          let text = respace(permit, edits);
          if (wide) text = text.replace(/\{/g, '｛').replace(/\}/g, '｝').replace(/,/g, '，').replace(/:/g, '：');
          const once = format(text);
          expect(once).toBeDefined();
          expect(format(once!)).toBe(once);
        }
      ),
      { numRuns: 150 }
    );
  });

  it('never changes the compiled Definition (property)', async () => {
    const expected = await meaning(permit);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(400), fc.constantFrom(' ', '   ', '\n', '\n\n')), { maxLength: 25 }),
        fc.boolean(),
        async (edits, wide) => {
          let text = respace(permit, edits);
          if (wide)
            text = text
              .replace(/；/g, ';')
              .replace(/\{/g, '｛')
              .replace(/"新建"/g, '“新建”');
          const before = await meaning(text);
          const after = await meaning(format(text)!);
          expect(after).toEqual(before);
          expect(after).toEqual(expected);
        }
      ),
      { numRuns: 40 }
    );
  });
});

describe('a file that opts out of formatting', () => {
  it('is kept as written when its first line says fmt: off', () => {
    const text = '// 格式化：关闭\n事项 甲 ｛ 编码 “1” ｝\n';
    expect(format(text)).toBe(text);
    expect(format(text.replace('// 格式化：关闭', '// fmt: off'))).toBe(text.replace('// 格式化：关闭', '// fmt: off'));
    expect(format(text.replace('// 格式化：关闭', '// 说明'))).toBe('// 说明\n事项 甲 { 编码 "1" }\n');
  });
});
