import { AstUtils, EmptyFileSystem, GrammarAST, URI } from 'langium';
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

describe('the 待确认 hover', () => {
  it('explains the marker, a hidden terminal, in Chinese', async () => {
    const services = createMatterEditorServices(EmptyFileSystem);
    const text = '事项 甲 { 办理时间 "周一至周五" 待确认 }';
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('file:///h.matter'));
    await services.shared.workspace.DocumentBuilder.build([document]);
    const character = text.indexOf('待确认') + 1;
    const hover = await services.Matter.lsp.HoverProvider!.getHoverContent(document, {
      textDocument: { uri: 'file:///h.matter' },
      position: { line: 0, character }
    });
    expect(hover?.contents).toMatchObject({
      kind: 'markdown',
      value: expect.stringMatching(/^\*\*待确认 to be confirmed\*\*：/)
    });
  });
});
