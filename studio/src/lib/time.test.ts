import { describe, expect, it } from 'vitest';
import { beijingDeadline, beijingInput, beijingText, fromBeijingInput } from './time';

describe('Beijing time in the studio, whatever the browser’s zone', () => {
  it('reads a datetime-local value as Beijing time, with or without seconds, and refuses what is not one', () => {
    expect(fromBeijingInput('2027-01-01T00:00')).toBe('2027-01-01T00:00:00+08:00');
    expect(Date.parse(fromBeijingInput('2027-01-01T00:00:30')!)).toBe(Date.UTC(2026, 11, 31, 16, 0, 30));
    expect(fromBeijingInput('2027-13-01T00:00')).toBeNull();
    expect(fromBeijingInput('明年元旦')).toBeNull();
  });

  it('writes an instant back for the input and for reading', () => {
    const newYear = Date.UTC(2026, 11, 31, 16, 0, 0);
    expect(beijingInput(newYear)).toBe('2027-01-01T00:00:00');
    expect(beijingText(newYear)).toBe('2027-01-01 00:00');
    expect(beijingText(newYear + 5000)).toBe('2027-01-01 00:00:05');
  });

  it('writes a limit that runs out at midnight as 24:00 of its last day', () => {
    expect(beijingDeadline('2026-10-10T16:00:00.000Z')).toBe('2026-10-10 24:00');
    expect(beijingDeadline('2026-10-10T09:30:00.000Z')).toBe('2026-10-10 17:30');
  });
});
