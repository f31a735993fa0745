import { AstUtils, GrammarAST } from 'langium';
import { describe, expect, it } from 'vitest';
import { MatterLanguageGrammar } from './generated/grammar.js';
import { issueCodes } from './issue-codes.js';

describe('issue codes', () => {
  it('every kind of name the grammar links to has the code its "not found" diagnostic carries', () => {
    const kinds = AstUtils.streamAllContents(MatterLanguageGrammar())
      .filter(GrammarAST.isCrossReference)
      .map(reference => reference.type.ref?.name ?? '')
      .distinct()
      .toArray();
    expect(kinds.length).toBeGreaterThan(0);
    for (const kind of kinds) expect(issueCodes).toContain(`link.unknown-${kind.toLowerCase()}`);
  });
});
