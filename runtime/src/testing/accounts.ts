import { creditCodeCheckChar, isValidIdNumber } from '@banshi/definition/identifiers';

/** A valid resident ID number (Xicheng, Beijing, born 1990-01-01) for each `n` below 1000, for tests. */
export function testIdNumber(n: number): string {
  const body = `11010219900101${String(n).padStart(3, '0')}`;
  const check = [...'0123456789X'].find(c => isValidIdNumber(body + c, '2100-01-01'));
  return body + check;
}

/** A valid unified social credit code (an enterprise in Fuzhou) for each `n` below 100,000, for tests. */
export function testCreditCode(n: number): string {
  const first17 = `91350100MA${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** A clock for tests: it moves only when told to. */
export function testClock(start = Date.parse('2026-03-02T09:00:00+08:00')) {
  let at = start;
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    }
  };
}
