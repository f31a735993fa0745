import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar } from '@banshi/definition/calendar';
import {
  book,
  cancelAppointment,
  decideComplaint,
  fileComplaint,
  resolveComplaint,
  requestTimerHandlers
} from '../requests/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { migrate, schemaVersion } from '../platform/db/migrate.ts';
import { dbKinds, openTestDb } from '../testing/database.ts';
import { at, loadCatalog } from '../testing/catalog.ts';
import { openTestStore, type TestStore } from '../testing/store.ts';
import { inboxChannel } from '../platform/worker/channels.ts';
import { fireTimer, type DueTimer } from '../platform/worker/timers.ts';
import { Worker } from '../platform/worker/worker.ts';
import {
  activeRestriction,
  appealDeadline,
  appealRestriction,
  decideAppeal,
  extendAppealPeriods,
  recordGround,
  refuseIfRestricted,
  restrictionOverview
} from './index.ts';
import { decideProposal } from './proposals.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const matter = { code: permit.code, places: permit.places };
const place = permit.places[0]!;
const housing = '市住房和建设局';
const iso = (local: string) => new Date(at(local)).toISOString();

describe.each(dbKinds)('the blacklist (网上办事黑名单) on %s', kind => {
  let t: TestStore;
  let clock = at('2026-09-28 10:00');
  let worker: Worker;

  beforeAll(async () => {
    t = await openTestStore(kind);
    worker = new Worker(t.db, { handlers: requestTimerHandlers, channels: { inbox: inboxChannel }, now: () => clock });
  });
  afterAll(async () => t?.close());

  async function applicant(name: string): Promise<string> {
    const id = randomUUID();
    await t.db.query(`insert into users (id, kind, login, password_hash, name) values ($1, 'person', $2, 'x', $3)`, [
      id,
      `p-${id}`,
      name
    ]);
    return id;
  }

  /** Books a slot and lets the worker find, after it, that nobody came. */
  async function missAppointment(userId: string, slot: string): Promise<void> {
    clock = at(slot) - 86_400_000;
    await book(t.db, { userId, matter, place, slotAt: at(slot) }, clock);
    clock = at(slot) + 31 * 60_000;
    await worker.tick();
  }

  const inbox = (userId: string) =>
    t.db.query<{ title: string; body: string }>(
      'select title, body from inbox_messages where user_id = $1 order by id',
      [userId]
    );

  async function refusal(userId: string, now: number): Promise<Refusal> {
    try {
      await refuseIfRestricted(t.db, { id: userId }, now);
    } catch (error) {
      if (error instanceof Refusal) return error;
      throw error;
    }
    throw new Error('not refused');
  }

  it('three no-shows within 12 months do not restrict; the fourth does at once, with a notice and 30 workdays to appeal', async () => {
    const user = await applicant('张失约');
    for (const slot of ['2026-09-07 10:00', '2026-09-14 10:00', '2026-09-21 10:00']) await missAppointment(user, slot);
    expect(await activeRestriction(t.db, user, clock)).toBeUndefined();
    await expect(refuseIfRestricted(t.db, { id: user }, clock)).resolves.toBeUndefined();
    expect((await inbox(user)).map(m => m.title)).toEqual(['【网上办事提醒】12 个月内您已预约后失约 3 次']);
    expect((await restrictionOverview(t.db, user, clock)).counting).toMatchObject({ noShows: 3, falseComplaints: 0 });

    await missAppointment(user, '2026-09-29 15:00');
    const startedAt = clock;
    expect(startedAt).toBe(at('2026-09-29 15:31'));
    const active = await activeRestriction(t.db, user, clock);
    // 30 workdays after 9-29 (not counted): 9-30, then the National Day holiday (10-01 to 10-07) is skipped and
    // Saturday 10-10 is a make-up workday: the 30th is 11-16, so the period ends as 11-17 begins.
    expect(active).toMatchObject({
      until: new Date(startedAt + 180 * 86_400_000).toISOString(),
      appealBy: iso('2026-11-17 00:00'),
      appealUrl: '/hall/restriction',
      grounds: [
        {
          kind: 'noShow',
          label: '12 个月内预约后失约 4 次，超过 3 次',
          since: new Date(startedAt).toISOString(),
          appeal: null
        }
      ]
    });
    const refused = await refusal(user, clock + 60_000);
    expect(refused.kind).toBe('forbidden');
    expect(refused.code).toBe('applicant.restricted');
    expect(refused.message).toContain('预约后失约 4 次');
    expect(refused.message).toContain('2026年11月16日前');
    expect(refused.message).toContain('/hall/restriction');
    expect(refused.details).toMatchObject({
      appealBy: iso('2026-11-17 00:00'),
      appealUrl: '/hall/restriction',
      grounds: [{ kind: 'noShow' }]
    });
    await worker.tick();
    const notice = (await inbox(user)).at(-1)!;
    expect(notice.title).toBe('【网上办事黑名单】您已被限制使用网上办事申请功能');
    expect(notice.body).toContain('预约后失约 4 次');
    expect(notice.body).toContain('请于2026年11月16日前');
    // The four no-shows were used by this restriction: the count starts again.
    expect((await restrictionOverview(t.db, user, clock)).counting.noShows).toBe(0);
    // It ends by itself after six months.
    await expect(refuseIfRestricted(t.db, { id: user }, startedAt + 181 * 86_400_000)).resolves.toBeUndefined();
  });

  it('no-shows older than 12 months do not count, nor cancelled bookings; a no-show counts once', async () => {
    const user = await applicant('李旧账');
    for (const slot of ['2025-06-02 10:00', '2025-06-09 10:00', '2025-06-16 10:00']) await missAppointment(user, slot);
    await missAppointment(user, '2026-09-07 10:00');
    expect(await activeRestriction(t.db, user, clock)).toBeUndefined();
    for (const slot of ['2026-09-08 10:00', '2026-09-09 10:00']) await missAppointment(user, slot);
    clock = at('2026-09-09 16:00');
    const cancelled = await book(t.db, { userId: user, matter, place, slotAt: at('2026-09-10 10:00') }, clock);
    await cancelAppointment(t.db, { id: cancelled.id, userId: user }, clock);
    clock = at('2026-09-10 11:00');
    await worker.tick();
    expect(await activeRestriction(t.db, user, clock)).toBeUndefined();
    expect((await restrictionOverview(t.db, user, clock)).counting.noShows).toBe(3);
    // The same appointment recorded again changes nothing.
    const [one] = await t.db.query<{ subject_id: string }>(
      `select subject_id from restriction_grounds where user_id = $1 order by occurred_at desc limit 1`,
      [user]
    );
    const again = await t.db.transaction(tx =>
      recordGround(tx, { userId: user, kind: 'noShow', subjectId: one!.subject_id, occurredAt: clock }, clock)
    );
    expect(again.recorded).toBe(false);
    expect(await activeRestriction(t.db, user, clock)).toBeUndefined();
  });

  it('four no-shows fired at the same moment by concurrent workers restrict once', async () => {
    const user = await applicant('王并发');
    clock = at('2026-09-20 10:00');
    const timers: DueTimer[] = [];
    for (const slot of ['2026-09-21 09:00', '2026-09-21 10:00', '2026-09-21 11:00', '2026-09-21 14:00']) {
      const booked = await book(t.db, { userId: user, matter, place, slotAt: at(slot) }, clock);
      timers.push({
        subjectId: booked.id,
        key: 'noShow',
        caseId: null,
        kind: 'appointmentNoShow',
        dueAt: at('2026-09-21 14:30'),
        payload: {}
      });
    }
    clock = at('2026-09-21 15:00');
    await Promise.all(timers.map(timer => fireTimer(t.db, timer, requestTimerHandlers, clock)));
    const rows = await t.db.query<{ n: number }>('select count(*)::int as n from restrictions where user_id = $1', [
      user
    ]);
    expect(rows[0]!.n).toBe(1);
    expect((await activeRestriction(t.db, user, clock))!.grounds[0]!.label).toContain('失约 4 次');
  });

  it('a ground recorded while another is not yet committed still sees it: the fourth is never missed', async () => {
    const user = await applicant('周交错');
    clock = at('2026-09-21 15:00');
    const noShow = (tx: Parameters<Parameters<typeof t.db.transaction>[0]>[0]) =>
      recordGround(tx, { userId: user, kind: 'noShow', subjectId: randomUUID(), occurredAt: clock - 3_600_000 }, clock);
    for (let i = 0; i < 2; i++) await t.db.transaction(noShow);
    let release!: () => void;
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    let firstRecorded!: () => void;
    const recorded = new Promise<void>(resolve => {
      firstRecorded = resolve;
    });
    // The third is recorded and held open; the fourth starts meanwhile, and must wait to count the third.
    const third = t.db.transaction(async tx => {
      const result = await noShow(tx);
      firstRecorded();
      await gate;
      return result;
    });
    await recorded;
    const fourth = t.db.transaction(noShow);
    setTimeout(release, 300);
    const results = await Promise.all([third, fourth]);
    expect(results.map(r => r.counted)).toEqual([3, 4]);
    expect(results[1]!.restriction).toBeDefined();
  });

  it('complaints found untrue: proposed by a handler with evidence, confirmed by a section chief; three do not restrict, the fourth does', async () => {
    const user = await applicant('赵投诉');
    clock = at('2026-09-28 10:00');
    const file = async (content: string) =>
      fileComplaint(
        t.db,
        { userId: user, department: housing, caseId: null, content, acceptDue: at('2026-10-09 00:00') },
        clock
      );
    const handler = { department: housing, staffId: randomUUID(), roles: ['承办人'] };
    const window = { department: housing, staffId: randomUUID(), roles: ['窗口'] };
    const chief = { department: housing, staffId: randomUUID(), roles: ['处室负责人'] };
    const evidence = '调阅 9 月 28 日窗口监控录像，窗口人员全天在岗。';
    const confirm = async (complaintId: string) => {
      const [proposal] = await t.db.query<{ id: string }>(
        `select id from restriction_proposals where subject_id = $1 and status = 'proposed'`,
        [complaintId]
      );
      return decideProposal(
        t.db,
        { ...chief, id: proposal!.id, confirm: true, reasons: '监控录像属实', calendar },
        clock
      );
    };
    const first = await file('窗口人员不在岗');
    await expect(
      decideComplaint(t.db, { ...handler, id: first.id, accept: true, reply: '受理', untrue: true, evidence }, clock)
    ).rejects.toMatchObject({ code: 'complaint.untrue-accepted' });
    await expect(
      decideComplaint(t.db, { ...handler, id: first.id, accept: false, reply: '与事实不符', untrue: true }, clock)
    ).rejects.toMatchObject({ code: 'complaint.untrue-evidence' });
    // Only a handler proposes; the window clerk may refuse the complaint but not call it untrue.
    await expect(
      decideComplaint(
        t.db,
        { ...window, id: first.id, accept: false, reply: '与事实不符', untrue: true, evidence },
        clock
      )
    ).rejects.toMatchObject({ code: 'restriction.wrong-post' });
    const refused = await decideComplaint(
      t.db,
      { ...handler, id: first.id, accept: false, reply: '经查监控，窗口人员全天在岗。', untrue: true, evidence },
      clock
    );
    // Proposed is not found: nothing counts until the chief confirms.
    expect(refused).toMatchObject({ foundUntrue: false, untrueProposal: 'proposed' });
    expect((await restrictionOverview(t.db, user, clock)).counting.falseComplaints).toBe(0);
    await worker.tick();
    expect((await inbox(user)).map(m => m.body).join('')).not.toContain('与事实不符');
    const [proposal] = await t.db.query<{ id: string }>(`select id from restriction_proposals where subject_id = $1`, [
      first.id
    ]);
    // The proposer cannot confirm their own proposal, even holding both posts; a handler is not a chief.
    await expect(
      decideProposal(
        t.db,
        { ...handler, roles: ['承办人', '处室负责人'], id: proposal!.id, confirm: true, reasons: '属实' },
        clock
      )
    ).rejects.toMatchObject({ code: 'restriction.own-proposal' });
    await expect(
      decideProposal(t.db, { ...window, id: proposal!.id, confirm: true, reasons: '属实' }, clock)
    ).rejects.toMatchObject({ code: 'restriction.wrong-post' });
    await confirm(first.id);
    expect((await restrictionOverview(t.db, user, clock)).counting.falseComplaints).toBe(1);
    await worker.tick();
    const told = (await inbox(user)).find(m => m.title.includes('认定您的投诉与事实不符'));
    expect(told?.body).toContain(evidence);
    const [kept] = await t.db.query<{ evidence: string; recorded_by: string; confirmed_by: string }>(
      `select evidence, recorded_by, confirmed_by from restriction_grounds where subject_id = $1`,
      [first.id]
    );
    expect(kept).toEqual({ evidence, recorded_by: handler.staffId, confirmed_by: chief.staffId });

    const second = await file('又一次投诉');
    await decideComplaint(
      t.db,
      { ...handler, id: second.id, accept: false, reply: '与事实不符', untrue: true, evidence },
      clock
    );
    await confirm(second.id);
    // A refusal that is not a finding of untruth does not count; a proposal the chief rejects does not either.
    const honest = await file('不属于效能投诉的内容');
    expect(
      (await decideComplaint(t.db, { ...window, id: honest.id, accept: false, reply: '不属于受理范围' }, clock))
        .foundUntrue
    ).toBe(false);
    const doubtful = await file('窗口态度不好');
    await decideComplaint(
      t.db,
      { ...handler, id: doubtful.id, accept: false, reply: '与事实不符', untrue: true, evidence: '同事说没有' },
      clock
    );
    const [weak] = await t.db.query<{ id: string }>(`select id from restriction_proposals where subject_id = $1`, [
      doubtful.id
    ]);
    expect(
      await decideProposal(t.db, { ...chief, id: weak!.id, confirm: false, reasons: '依据不足' }, clock)
    ).toMatchObject({ status: 'rejected' });
    const third = await file('第三次');
    await decideComplaint(t.db, { ...window, id: third.id, accept: true, reply: '受理' }, clock);
    await resolveComplaint(
      t.db,
      {
        ...handler,
        id: third.id,
        reply: '经调查与事实不符',
        publicSummary: '经查投诉反映情况与事实不符。',
        untrue: true,
        evidence
      },
      clock
    );
    await confirm(third.id);
    expect(await activeRestriction(t.db, user, clock)).toBeUndefined();
    expect((await restrictionOverview(t.db, user, clock)).counting.falseComplaints).toBe(3);
    const fourth = await file('第四次');
    await decideComplaint(
      t.db,
      { ...handler, id: fourth.id, accept: false, reply: '与事实不符', untrue: true, evidence },
      clock
    );
    const decided = await confirm(fourth.id);
    expect(decided.restriction).toBeDefined();
    const active = await activeRestriction(t.db, user, clock);
    expect(active?.grounds).toMatchObject([
      { kind: 'falseComplaint', label: '12 个月内提出与事实不符的投诉 4 次，超过 3 次' }
    ]);
    expect((await refusal(user, clock)).message).toContain('与事实不符的投诉 4 次');
    await worker.tick();
    const titles = (await inbox(user)).map(m => m.title);
    expect(titles).toContain('【网上办事提醒】12 个月内您已提出与事实不符的投诉 3 次');
    expect(titles).toContain('【网上办事黑名单】您已被限制使用网上办事申请功能');
  });

  it('an appeal within 30 workdays is taken, one per restriction; later it is refused; lifting ends the restriction', async () => {
    const user = await applicant('钱申诉');
    const late = await applicant('孙迟到');
    clock = at('2026-09-29 10:00');
    const restrict = (userId: string) =>
      t.db.transaction(tx =>
        recordGround(
          tx,
          {
            userId,
            kind: 'falseMaterials',
            subjectId: randomUUID(),
            department: housing,
            reason: '营业执照系伪造',
            occurredAt: clock
          },
          clock,
          { calendar }
        )
      );
    const { restriction } = await restrict(user);
    const other = (await restrict(late)).restriction!;
    expect(restriction).toMatchObject({
      endsAt: new Date(clock + 365 * 86_400_000).toISOString(),
      appealBy: iso('2026-11-17 00:00')
    });
    expect(restriction!.summary).toContain('市住房和建设局认定');

    await expect(
      appealRestriction(t.db, { userId: late, restrictionId: restriction!.id, reason: '不是我的' }, clock)
    ).rejects.toMatchObject({ kind: 'notFound' });
    clock = at('2026-11-16 23:59');
    const appeal = await appealRestriction(
      t.db,
      { userId: user, restrictionId: restriction!.id, reason: '执照由代办公司提供，本人不知情。' },
      clock
    );
    expect(appeal).toMatchObject({ status: 'pending', statusLabel: '正在核实' });
    await expect(
      appealRestriction(t.db, { userId: user, restrictionId: restriction!.id, reason: '再申诉' }, clock)
    ).rejects.toMatchObject({ code: 'restriction.appeal-exists' });
    clock = at('2026-11-17 00:00');
    const refused = await appealRestriction(
      t.db,
      { userId: late, restrictionId: other.id, reason: '晚了' },
      clock
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused).toMatchObject({ kind: 'conflict', code: 'restriction.appeal-late' });
    expect((refused as Refusal).message).toContain('2026年11月16日');
    // While the appeal is pending the restriction stands, and says so.
    expect((await refusal(user, clock)).message).toContain('申诉正在核实');

    const staffId = randomUUID();
    const lifted = await decideAppeal(
      t.db,
      { id: appeal.id, staffId, lift: true, reasons: '经核实，执照系代办公司伪造，申请人不知情。' },
      clock
    );
    expect(lifted).toMatchObject({ status: 'lifted', decision: expect.stringContaining('不知情') });
    expect(await activeRestriction(t.db, user, clock)).toBeUndefined();
    await expect(refuseIfRestricted(t.db, { id: user }, clock)).resolves.toBeUndefined();
    await expect(
      decideAppeal(t.db, { id: appeal.id, staffId, lift: false, reasons: '改主意' }, clock)
    ).rejects.toMatchObject({ code: 'appeal.decided' });
    const overview = await restrictionOverview(t.db, user, clock);
    expect(overview).toMatchObject({
      restricted: false,
      restrictions: [{ state: 'lifted', canAppeal: false, appeal: { status: 'lifted' } }]
    });
    await worker.tick();
    expect((await inbox(user)).map(m => m.title)).toContain('【网上办事黑名单】您的申诉成立，限制已解除');
    // The other stays restricted.
    expect((await refusal(late, clock)).message).not.toContain('提出申诉');
  });

  it('the appeal period counts workdays from the catalogue; into a year it has no calendar for, on the provisional rule', () => {
    expect(appealDeadline(calendar, at('2026-09-29 15:31'))).toBe(at('2026-11-17 00:00'));
    expect(appealDeadline(calendar, at('2026-03-02 09:00'))).toBe(at('2026-04-15 00:00'));
    // 21–31 December (9), then 2027 by the rule: 元旦 (Friday 1 January) rests; 4 January to 1 February (21).
    expect(appealDeadline(calendar, at('2026-12-20 10:00'))).toBe(at('2027-02-02 00:00'));
  });

  it('publishing the year moves an open appeal period later, never earlier, and tells the applicant', async () => {
    const user = randomUUID();
    const [later, earlier, appealed] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [later, earlier, appealed]) {
      await t.db.query(
        `insert into restrictions (id, user_id, ground, summary, started_at, ends_at, appeal_by) values ($1, $2, 'noShow', '预约失约', $3, $4, $5)`,
        [id, user, iso('2026-12-20 10:00'), iso('2027-06-18 10:00'), iso('2027-02-02 00:00')]
      );
    }
    await t.db.query(
      `insert into restriction_appeals (id, restriction_id, user_id, reason, created_at) values ($1, $2, $3, '已申诉', $4)`,
      [randomUUID(), appealed, user, iso('2026-12-21 10:00')]
    );
    const officeHours = calendar.calendarOf(2026).officeHours;
    // A 2027 with a longer New Year (1–4 January): the thirty workdays end a day later.
    const longer = new WorkCalendar([
      calendar.calendarOf(2025),
      calendar.calendarOf(2026),
      {
        year: 2027,
        holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-04' }],
        adjustedWorkdays: [],
        officeHours
      }
    ]);
    await t.db.query('update restrictions set appeal_by = $2 where id = $1', [earlier, iso('2027-02-04 00:00')]);
    expect(await extendAppealPeriods(t.db, longer, at('2026-12-30 10:00'))).toBe(1);
    const rows = await t.db.query<{ id: string; appeal_by: Date }>(
      'select id, appeal_by from restrictions where user_id = $1',
      [user]
    );
    const by = Object.fromEntries(rows.map(r => [r.id, r.appeal_by.getTime()]));
    expect(by[later]).toBe(at('2027-02-03 00:00'));
    // Told a later day before, or already appealed: not moved.
    expect(by[earlier]).toBe(at('2027-02-04 00:00'));
    expect(by[appealed]).toBe(at('2027-02-02 00:00'));
    const told = await t.db.query<{ body: string }>(
      `select body from outbox where recipient = $1 and payload->>'kind' = 'restrictionAppealExtended'`,
      [user]
    );
    expect(told.map(m => m.body)).toEqual([
      '国务院办公厅公布了节假日安排，按公布的安排重新计算，您的申诉期限由2027年2月1日顺延至2027年2月2日。'
    ]);
    expect(await extendAppealPeriods(t.db, longer, at('2026-12-30 11:00'))).toBe(0);
  });
});

describe.each(dbKinds)('migration 003 on %s', kind => {
  it('applies to a database of schema 2 holding data: earlier no-shows count as grounds, nobody is restricted by it', async () => {
    const t = await openTestDb(kind, 2);
    try {
      expect(await schemaVersion(t.db)).toBe(2);
      const user = randomUUID();
      await t.db.query(
        `insert into users (id, kind, login, password_hash, name) values ($1, 'person', 'old', 'x', '旧用户')`,
        [user]
      );
      for (const [id, status] of [
        [randomUUID(), 'noShow'],
        [randomUUID(), 'noShow'],
        [randomUUID(), 'attended']
      ]) {
        await t.db.query(
          `insert into appointments (id, user_id, matter_code, place, slot_at, status, created_at, updated_at) values ($1, $2, 'x', '大厅', '2026-09-01T02:00:00Z', $3, now(), now())`,
          [id, user, status]
        );
      }
      expect(await migrate(t.db)).toContain(3);
      expect(await t.db.query(`select kind, occurred_at from restriction_grounds where user_id = $1`, [user])).toEqual([
        { kind: 'noShow', occurred_at: new Date('2026-09-01T02:00:00Z') },
        { kind: 'noShow', occurred_at: new Date('2026-09-01T02:00:00Z') }
      ]);
      expect(await t.db.query('select * from restrictions')).toEqual([]);
      expect(await migrate(t.db)).toEqual([]);
    } finally {
      await t.drop();
    }
  });
});
