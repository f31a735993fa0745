import { describe, expect, it } from 'vitest';
import { isRealDate, isValidCreditCode, isValidIdNumber, parseMatterCode } from './identifiers.ts';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard annex examples, with upper or lower case X', () => {
    expect(isValidIdNumber('11010519491231002X', '2026-11-23')).toBe(true);
    expect(isValidIdNumber('11010519491231002x', '2026-11-23')).toBe(true);
    expect(isValidIdNumber('440524188001010014', '2026-11-23')).toBe(true);
  });
  it('rejects a wrong check character, a future birth date and an unknown province', () => {
    expect(isValidIdNumber('110105194912310021', '2026-11-23')).toBe(false);
    expect(isValidIdNumber('440524188001010015', '2026-11-23')).toBe(false);
    expect(isValidIdNumber('11010519491231002X', '1949-12-30')).toBe(false);
    expect(isValidIdNumber('99010519491231002X', '2026-11-23')).toBe(false);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts the public example and rejects its altered twin', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });
  it('rejects letters outside the charset', () => {
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
  });
});

describe('matter codes', () => {
  it('reads the parts of a live portal code', () => {
    const parsed = parseMatterCode('11622101013921538K400011700600004');
    expect(parsed).toMatchObject({
      ok: true,
      implementer: '11622101013921538K',
      level: 4,
      basicCode: '000117006000',
      item: '04'
    });
  });
  it('explains a code of the wrong length', () => {
    expect(parseMatterCode('123')).toEqual({ ok: false, reason: '应为 33 位，现为 3 位' });
  });
});

describe('real dates', () => {
  it('knows leap years', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
  });
});
