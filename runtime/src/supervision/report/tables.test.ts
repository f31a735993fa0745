import { describe, expect, it } from 'vitest';
import { periodTitle } from './tables.ts';
import { reportTitle } from './pdf.ts';

describe('the period report’s title (分段通报)', () => {
  it('names a quarter, a month, a year, a range of days and all time as a Chinese notice does', () => {
    expect(reportTitle('2026-Q3')).toBe('2026年第三季度 行政审批电子监察绩效通报');
    expect(periodTitle('2026-Q4')).toBe('2026年第四季度');
    expect(periodTitle('2026-04')).toBe('2026年4月');
    expect(periodTitle('2026')).toBe('2026年');
    expect(periodTitle('2026-11-01~2026-11-30')).toBe('2026-11-01至2026-11-30');
    expect(periodTitle('全部')).toBe('全部期间');
  });
});
