import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../testing/catalog.ts';
import { Refusal } from '../platform/refusal.ts';
import { checkSlot } from './slots.ts';

const { calendar } = loadCatalog();
const now = at('2026-09-28 10:00');

function refusal(local: string): string | undefined {
  try {
    checkSlot(calendar, at(local), now);
    return undefined;
  } catch (error) {
    if (error instanceof Refusal) return error.code;
    throw error;
  }
}

describe('appointment slots', () => {
  it('on a workday, on the hour or half hour from 09:00 to the 16:30 slot, in office hours', () => {
    for (const time of [
      '2026-09-29 09:00',
      '2026-09-29 11:30',
      '2026-09-29 13:30',
      '2026-09-29 16:30',
      '2026-09-28 10:30'
    ])
      expect(refusal(time), time).toBeUndefined();
  });

  it('never in the past or now', () => {
    expect(refusal('2026-09-28 10:00')).toBe('appointment.past');
    expect(refusal('2026-09-28 09:30')).toBe('appointment.past');
  });

  it('not between slots, before 09:00, or ending after 17:00', () => {
    expect(refusal('2026-09-29 10:15')).toBe('appointment.slot');
    expect(refusal('2026-09-29 08:30')).toBe('appointment.slot');
    expect(refusal('2026-09-29 17:00')).toBe('appointment.slot');
    expect(refusal('2026-09-29 10:00:30')).toBe('appointment.slot');
  });

  it("not over the hall's lunch break (12:00–13:30 in the catalogue's office hours)", () => {
    expect(refusal('2026-09-29 12:00')).toBe('appointment.closed');
    expect(refusal('2026-09-29 13:00')).toBe('appointment.closed');
  });

  it('not on weekends or holidays, but on an adjusted workday; in a year without a published calendar, by the provisional rule', () => {
    expect(refusal('2026-10-02 10:00')).toBe('appointment.not-workday');
    expect(refusal('2026-10-04 10:00')).toBe('appointment.not-workday');
    expect(refusal('2026-10-10 10:00')).toBeUndefined();
    expect(refusal('2027-03-01 10:00')).toBeUndefined();
    // 正月初三 2027 rests by the rule.
    expect(refusal('2027-02-08 10:00')).toBe('appointment.not-workday');
    expect(refusal('2100-01-04 10:00')).toBe('appointment.not-open');
  });
});
