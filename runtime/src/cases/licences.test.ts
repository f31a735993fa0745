import { describe, expect, it } from 'vitest';
import { validUntil } from './licences.ts';

describe('how long a licence is valid', () => {
  it('runs to the day before the same date after its period', () => {
    expect(validUntil('2026-10-12', { amount: 4, unit: 'years' })).toBe('2030-10-11');
    expect(validUntil('2026-10-12', { amount: 6, unit: 'months' })).toBe('2027-04-11');
    expect(validUntil('2026-10-12', { amount: 30, unit: 'days' })).toBe('2026-11-10');
  });

  it('crosses a leap day and a year end as the calendar does', () => {
    expect(validUntil('2024-02-29', { amount: 1, unit: 'years' })).toBe('2025-02-28');
    expect(validUntil('2026-12-31', { amount: 1, unit: 'days' })).toBe('2026-12-31');
    expect(validUntil('2026-01-01', { amount: 1, unit: 'years' })).toBe('2026-12-31');
  });

  it('ends at the month’s end when that month has no such date (民法典 第二百零二条)', () => {
    expect(validUntil('2026-01-31', { amount: 1, unit: 'months' })).toBe('2026-02-28');
    expect(validUntil('2028-01-30', { amount: 1, unit: 'months' })).toBe('2028-02-29');
    expect(validUntil('2026-08-31', { amount: 3, unit: 'months' })).toBe('2026-11-30');
    expect(validUntil('2026-03-01', { amount: 1, unit: 'months' })).toBe('2026-03-31');
    expect(validUntil('2026-03-31', { amount: 1, unit: 'months' })).toBe('2026-04-30');
  });

  it('has no last day when it is valid indefinitely or the matter names no period', () => {
    expect(validUntil('2026-10-12', 'indefinite')).toBeUndefined();
    expect(validUntil('2026-10-12', undefined)).toBeUndefined();
  });
});
