import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { validUntil } from './validity.ts';

const periods = [
  { amount: 30, unit: 'days' },
  { amount: 1, unit: 'months' },
  { amount: 3, unit: 'months' },
  { amount: 6, unit: 'months' },
  { amount: 1, unit: 'years' },
  { amount: 4, unit: 'years' }
] as const;

// The licence's first day is issued (TypeScript, on issue) or the day after its last (SQL, on extension): the two
// must agree on every day, month ends and leap days included.
describe.each(dbKinds)('a licence’s last day in TypeScript and in the database on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(() => t.drop());

  it('agrees for every first day of 2027 and 2028 and every period', async () => {
    for (const period of periods) {
      const rows = await t.db.query<{ start: string; last: string }>(
        `select d::date::text as start, licence_last_day(d::date, $1::jsonb)::text as last
           from generate_series(date '2027-01-01', date '2028-12-31', interval '1 day') d`,
        [JSON.stringify(period)]
      );
      expect(rows).toHaveLength(731);
      const differ = rows.filter(r => validUntil(r.start, period) !== r.last);
      expect(differ.slice(0, 3).map(r => `${r.start}+${period.amount}${period.unit}: ${r.last}`)).toEqual([]);
    }
  });
});
