import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar } from '@banshi/definition/calendar';
import { ensureDemoAccounts } from '../accounts/index.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { remindOfNextYear } from './calendar-reminder.ts';

const { catalog } = loadCatalog();
const at = (text: string) => Date.parse(text);

describe.each(dbKinds)('the reform office is reminded that next year is provisional (%s)', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await ensureDemoAccounts(t.db);
  });
  afterAll(async () => t?.drop());

  const notices = async () =>
    t.db.query<{ subject: string; body: string; recipient: string }>(
      `select subject, body, recipient from outbox where payload->>'kind' = 'calendarReminder' order by id`
    );

  it('from 1 November once, once more from 1 December if still missing, never before November or once published', async () => {
    const calendar = new WorkCalendar(catalog.calendars);
    expect(await remindOfNextYear(t.db, calendar, at('2026-10-31T23:00:00+08:00'))).toBe(0);
    // Both reform-office accounts (the office and its head) get it; a second pass and a second process send nothing.
    expect(await remindOfNextYear(t.db, calendar, at('2026-11-01T08:00:00+08:00'))).toBe(2);
    expect(
      await Promise.all([
        remindOfNextYear(t.db, calendar, at('2026-11-02T08:00:00+08:00')),
        remindOfNextYear(t.db, calendar, at('2026-11-20T08:00:00+08:00'))
      ])
    ).toEqual([0, 0]);
    const november = await notices();
    expect(november).toHaveLength(2);
    expect(november[0]!.subject).toBe('【工作日历】2027 年节假日安排尚未发布');
    expect(november[0]!.body).toContain('/api/studio/calendars');
    const reformOffice = await t.db.query<{ id: string }>(
      `select id from users where login in ('reform', 'reformhead') order by id`
    );
    expect(november.map(n => n.recipient).sort()).toEqual(reformOffice.map(r => r.id).sort());
    expect(await remindOfNextYear(t.db, calendar, at('2026-12-01T09:00:00+08:00'))).toBe(2);
    expect((await notices()).at(-1)!.subject).toContain('再次提醒');
    expect(await remindOfNextYear(t.db, calendar, at('2026-12-15T09:00:00+08:00'))).toBe(0);
    // Once next year is published there is nothing to remind of.
    const published = new WorkCalendar([
      ...catalog.calendars,
      { ...catalog.calendars[1]!, year: 2027, holidays: [], adjustedWorkdays: [] }
    ]);
    expect(await remindOfNextYear(t.db, published, at('2027-11-01T09:00:00+08:00'))).toBe(2);
    expect(
      await remindOfNextYear(
        t.db,
        new WorkCalendar([
          ...catalog.calendars,
          { ...catalog.calendars[1]!, year: 2028, holidays: [], adjustedWorkdays: [] }
        ]),
        at('2027-11-02T09:00:00+08:00')
      )
    ).toBe(0);
  });
});
