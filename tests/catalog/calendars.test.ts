import { readFileSync } from 'node:fs';
import { WorkCalendar } from '@banshi/definition/calendar';
import { describe, expect, it } from 'vitest';
import { compileFolder } from '../../dsl/src/workspace/compile-folder.js';

const root = new URL('../../', import.meta.url).pathname;
const official = JSON.parse(readFileSync(`${root}tests/data/calendar-cn-2025-2026.json`, 'utf8')) as {
  years: Record<string, { holidays: Array<{ name: string; from: string; to: string }>; adjustedWorkdays: string[] }>;
  checks: { examples: Array<{ from: string; workdays: number; ends: string }> };
};

describe('the catalogue calendars', () => {
  it('are exactly the State Council schedules for 2025 and 2026', async () => {
    const { catalog, errors } = await compileFolder(`${root}catalog`);
    expect(errors).toEqual([]);
    const byYear = Object.fromEntries(
      catalog!.calendars.map(c => [String(c.year), { holidays: c.holidays, adjustedWorkdays: c.adjustedWorkdays }])
    );
    expect(byYear).toEqual(official.years);
  });

  it('give the published examples and cover nothing beyond 2026', async () => {
    const { catalog } = await compileFolder(`${root}catalog`);
    const calendar = new WorkCalendar(catalog!.calendars);
    for (const example of official.checks.examples)
      expect(calendar.addWorkdays(example.from, example.workdays)).toBe(example.ends);
    expect(calendar.coveredYears).toEqual([2025, 2026]);
  });
});
