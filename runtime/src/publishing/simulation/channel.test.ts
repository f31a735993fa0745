import { describe, expect, it } from 'vitest';
import { Refusal } from '../../platform/refusal.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { exampleMatter } from '../../testing/examples.ts';
import { Scenario } from './scenario.ts';
import { simulateDefinition } from './simulate.ts';

const { calendar } = loadCatalog();
/** Example 42: `审查 "现场核验原件" 由 窗口 当日 仅 现场`, submitted online or at the window. */
const matter = exampleMatter('社会团体变更登记');
const labels = (channel?: 'online' | 'onSite' | 'express') =>
  simulateDefinition(matter, calendar, {
    submittedAt: '2026-09-28T10:00',
    ...(channel ? { channel } : {})
  }).timeline.map(e => e.label);

describe('a simulation on a channel', () => {
  it('an application entered at the window passes the window-only check of the originals', () => {
    expect(labels('onSite')).toContain('现场核验原件办结');
  });

  it('an online application, the default where the matter offers it, goes past it', () => {
    expect(labels('online')).not.toContain('现场核验原件办结');
    expect(labels()).toEqual(labels('online'));
    expect(labels('online')).toContain('审查办结');
  });

  it('a channel the matter does not offer is refused in Chinese', () => {
    expect(() => labels('express')).toThrow(Refusal);
    expect(() => labels('express')).toThrow('本事项不支持快递递交，可选：网上、窗口现场。');
  });

  it('the scenario accepts only the three channels', () => {
    expect(Scenario.safeParse({ submittedAt: '2026-09-28T10:00', channel: 'fax' }).success).toBe(false);
  });
});
