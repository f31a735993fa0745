import { readFileSync } from 'node:fs';
import type { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { flowGraph } from './graph';

const golden = (code: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../tests/golden/examples/${code}.json`, import.meta.url), 'utf8')
  ) as Definition;

describe('the flow diagram', () => {
  it('labels a step taken on some channels only, and no other step', () => {
    const graph = flowGraph(golden('11990100MB000006XP399070602500001'));
    const labelled = graph.nodes.filter(n => n.only).map(n => [n.title, n.only]);
    expect(labelled).toEqual([['现场核验原件', '仅窗口']]);
  });

  it('labels several channels in the order written', () => {
    const definition = golden('11990100MB000006XP399070602500001');
    const steps = definition.steps.map(s =>
      s.kind === 'review' && s.channels ? { ...s, channels: ['onSite' as const, 'express' as const] } : s
    );
    const graph = flowGraph({ ...definition, steps });
    expect(graph.nodes.find(n => n.title === '现场核验原件')?.only).toBe('仅窗口、快递');
  });
});
