import { AstUtils, EmptyFileSystem, GrammarAST } from 'langium';
import { describe, expect, it } from 'vitest';
import { MatterLanguageGrammar } from '../language/generated/grammar.js';
import { createMatterEditorServices } from './editor-module.js';
import { MatterHoverProvider } from './hover.js';

class Probe extends MatterHoverProvider {
  contentFor(keyword: GrammarAST.Keyword) {
    return this.getKeywordHoverContent(keyword);
  }
}

describe('keyword hovers', () => {
  const services = createMatterEditorServices(EmptyFileSystem).Matter;
  const probe = new Probe(services);
  const words = AstUtils.streamAllContents(MatterLanguageGrammar())
    .filter(GrammarAST.isKeyword)
    .filter(k => /[\p{L}]/u.test(k.value))
    .toArray();

  it('every word keyword, in both languages, is explained in Chinese', () => {
    expect(words.length).toBeGreaterThan(300);
    const unexplained = words
      .filter(keyword => {
        const hover = probe.contentFor(keyword);
        const text =
          hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        return !/[\u4e00-\u9fff]/.test(text);
      })
      .map(k => k.value);
    expect(unexplained).toEqual([]);
  });

  it('shows the doc comment of the keyword itself, bold title intact', () => {
    const keyword = words.find(
      k => k.value === '承诺' && AstUtils.getContainerOfType(k, GrammarAST.isParserRule)?.name === 'Limits'
    )!;
    const hover = probe.contentFor(keyword);
    expect(hover?.contents).toEqual({ kind: 'markdown', value: '**承诺 promised**：承诺办结时限，不能长于法定时限。' });
  });
});
