import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { ChartRow } from '../charts.ts';
import { chartSvg } from './chart-svg.ts';

const row = (department: string, over: Partial<ChartRow> = {}): ChartRow => ({
  key: department,
  department,
  matterName: null,
  promised: { early: 1, onTime: 2, late: 3 },
  legal: { early: 4, onTime: 2, late: 0 },
  ratings: { verySatisfied: 1, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, veryDissatisfied: 2 },
  channels: { online: 3, window: 1, express: 0, onlineShare: 0.75, target: 0.7 },
  ...over
});

function elementsAndTexts(svg: string) {
  const parser = new SaxesParser({ xmlns: true });
  const elements: string[] = [];
  const texts: string[] = [];
  parser.on('opentag', tag => elements.push(tag.local));
  parser.on('text', text => text.trim() && texts.push(text.trim()));
  parser.write(svg).close();
  return { elements, texts };
}

describe('performance charts drawn on the server', () => {
  it('writes a name that looks like markup as text, never as elements', async () => {
    const hostile = '市<script>alert(1)</script>局"&\'';
    const svg = await chartSvg('timeliness', [row(hostile)]);
    const { elements, texts } = elementsAndTexts(svg);
    expect(elements).not.toContain('script');
    expect(texts).toContain(hostile);
    expect(svg).not.toContain('<script>');
  });

  it('names itself for assistive technology and draws a bar per figure', async () => {
    const svg = await chartSvg('online', [
      row('市卫生健康委员会'),
      row('市住房和建设局', { channels: { online: 0, window: 2, express: 0, onlineShare: 0, target: 0.7 } })
    ]);
    expect(svg).toMatch(/^<svg role="img" aria-label="网上办理率与双轨运行目标（市卫生健康委员会、市住房和建设局）"/);
    const { elements, texts } = elementsAndTexts(svg);
    expect(elements[1]).toBe('title');
    expect(texts).toEqual(expect.arrayContaining(['75%', '0%', '目标 70%']));
  });

  it('draws an empty period without failing', async () => {
    expect(elementsAndTexts(await chartSvg('satisfaction', [])).elements[0]).toBe('svg');
  });
});
