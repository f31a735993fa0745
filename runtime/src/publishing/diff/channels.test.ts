import type { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { checkDraft } from '../check.ts';
import { diffDefinitions } from './definitions.ts';

/** The semantic diff of steps taken on some channels only (仅 现场), on the shipped construction permit. */
const sources = catalogueSources();
const path = 'housing-construction/construction-permit.matter';

async function compile(text: string): Promise<Definition> {
  const result = await checkDraft(sources, path, text);
  if (!result.definition) throw new Error(result.diagnostics.map(e => `${e.line}: ${e.message}`).join('\n'));
  return result.definition;
}

const swap = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`not in the source: ${from}`);
  return text.replace(from, to);
};

async function sentences(before: string, after: string) {
  return diffDefinitions(await compile(before), await compile(after)).map(c => `${c.area}｜${c.text}`);
}

const original = matterSource(path);
const withCheck = (only: string) =>
  swap(
    original,
    '    审查 由 承办人 2 工作日\n',
    `    审查 由 承办人 2 工作日\n    审查 "现场核验" 由 窗口 当日 ${only}\n`
  );

describe('what the head reads when a step is limited to some channels', () => {
  it('a window-only step added says so', async () => {
    expect(await sentences(original, withCheck('仅 现场'))).toEqual([
      '办理环节｜新增环节：现场核验（窗口，当日，仅窗口）'
    ]);
  });

  it('a step limited, widened and freed', async () => {
    expect(await sentences(withCheck(''), withCheck('仅 现场'))).toEqual([
      '办理环节｜新增环节“现场核验”的递交方式限制：仅窗口'
    ]);
    expect(await sentences(withCheck('仅 现场'), withCheck('仅 现场、快递'))).toEqual([
      '办理环节｜环节“现场核验”的递交方式限制 仅窗口 → 仅窗口、快递'
    ]);
    expect(await sentences(withCheck('仅 现场'), withCheck(''))).toEqual([
      '办理环节｜删除环节“现场核验”的递交方式限制：仅窗口'
    ]);
  });
});
