import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../cases/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, company } from '../../testing/scenario.ts';
import { openTestStore, type TestStore } from '../../testing/store.ts';
import { inboxChannel, logChannel, type Channel } from './channels.ts';
import { maxAttempts } from './outbox.ts';
import { requestTimerHandlers } from '../../requests/index.ts';
import { scheduleTimer } from './schedule.ts';
import { caseTimerHandlers } from '../../cases/index.ts';
import { Worker } from './worker.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');

describe.each(dbKinds)('the worker on %s', kind => {
  let t: TestStore;
  let clock = at('2026-09-28 10:00');
  const logged: string[] = [];
  const applicantId = randomUUID();
  let worker: Worker;

  beforeAll(async () => {
    t = await openTestStore(kind);
    await t.db.query(
      `insert into users (id, kind, login, password_hash, name, phone) values ($1, 'organisation', $2, 'x', $3, '13800001234')`,
      [applicantId, `org-${applicantId}`, company.name]
    );
    worker = new Worker(t.db, {
      handlers: { ...caseTimerHandlers(t.cases), ...requestTimerHandlers },
      channels: { inbox: inboxChannel, sms: logChannel('sms', line => logged.push(line)) },
      now: () => clock
    });
  });
  afterAll(async () => t?.close());

  async function submit() {
    const caseId = randomUUID();
    const command: Extract<Command, { type: 'submit' }> = {
      type: 'submit',
      by: { kind: 'applicant', id: applicantId, name: company.name },
      caseId,
      caseNumber: '',
      applicant: { ...company, id: applicantId },
      channel: 'online',
      answers: answersFor(permit),
      materials: []
    };
    const outcome = await t.cases.submit(permit.code, command, clock);
    expect(outcome.ok).toBe(true);
    return caseId;
  }

  it('delivers notifications: the inbox at once, SMS to the log with the number masked', async () => {
    clock = at('2026-09-28 10:00');
    const caseId = await submit();
    const result = await worker.tick();
    expect(result.delivered).toBeGreaterThanOrEqual(2);
    const inbox = await t.db.query<{ title: string; body: string }>(
      'select title, body from inbox_messages where user_id = $1 and case_id = $2',
      [applicantId, caseId]
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.body).toContain('您的申请已提交');
    expect(logged.at(-1)).toContain('*******1234');
    expect(logged.at(-1)).not.toContain('13800001234');
    expect((await worker.tick()).delivered).toBe(0);
  });

  it('fires deemed acceptance when its time comes, once, dated at the legal instant', async () => {
    clock = at('2026-09-28 10:00');
    const caseId = await submit();
    clock = at('2026-10-10 12:00');
    await worker.tick();
    expect((await t.cases.load(t.db, caseId))!.status).toBe('submitted');
    clock = at('2026-10-11 08:00');
    await worker.tick();
    const events = await t.cases.events(caseId);
    expect(events.filter(e => e.event.type === 'Accepted')).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ deemed: true, at: at('2026-10-11 00:00') }) })
    ]);
    const fired = await t.db.query<{ fire_count: number }>(
      `select fire_count from timers where subject_id = $1 and kind = 'deemedAcceptance'`,
      [caseId]
    );
    expect(fired).toEqual([{ fire_count: 1 }]);
    // Supervision timers of the accepted case fire later, each once.
    clock = at('2026-12-31 12:00');
    await worker.tick();
    await worker.tick();
    const cards = await t.db.query<{ key: string; n: number }>(
      `select key, count(*)::int as n from supervision_events where subject_id = $1 group by key`,
      [caseId]
    );
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every(c => c.n === 1)).toBe(true);
    const raisedEvents = (await t.cases.events(caseId)).filter(e => e.event.type === 'SupervisionRaised');
    expect(raisedEvents.length).toBe(cards.length);
    expect(cards.map(c => c.key)).toEqual(expect.arrayContaining([expect.stringMatching(/redCard|legal/i)]));
  });

  it('retries a failing channel with backoff and gives up after the last attempt', async () => {
    let calls = 0;
    const failing: Channel = {
      transactional: false,
      deliver: async () => {
        calls++;
        throw new Error('gateway down');
      }
    };
    const w = new Worker(t.db, { handlers: {}, channels: { inbox: inboxChannel, sms: failing }, now: () => clock });
    clock = at('2027-01-04 10:00');
    await t.db.query(`update outbox set status = 'sent' where status = 'pending'`);
    await t.db.query(
      `insert into outbox (channel, recipient, subject, body, next_attempt_at) values ('sms', '13800001234', 's', 'b', $1)`,
      [new Date(clock).toISOString()]
    );
    for (let i = 0; i < maxAttempts; i++) {
      await w.tick();
      expect(calls).toBe(i + 1);
      // Not again until the backoff has passed.
      await w.tick();
      expect(calls).toBe(i + 1);
      clock += 3_600_000;
    }
    const [row] = await t.db.query<{ status: string; attempts: number; last_error: string }>(
      `select status, attempts, last_error from outbox where channel = 'sms' order by id desc limit 1`
    );
    expect(row).toEqual({ status: 'failed', attempts: maxAttempts, last_error: 'gateway down' });
  });

  it('service timers: an unanswered consultation gets a yellow card once; an answered one none; a no-show is recorded', async () => {
    clock = at('2027-01-04 10:00');
    const open = randomUUID();
    const answered = randomUUID();
    for (const [id, status] of [
      [open, 'open'],
      [answered, 'answered']
    ] as const) {
      await t.db.query(
        `insert into consultations (id, user_id, department, question, status, created_at, answer_due, forward_due) values ($1, $2, '市住房和建设局', '问', $3, now(), now(), now())`,
        [id, applicantId, status]
      );
      await scheduleTimer(t.db, { subjectId: id, key: 'answer', kind: 'consultationAnswer', dueAt: clock - 1 });
    }
    const appointment = randomUUID();
    await t.db.query(
      `insert into appointments (id, user_id, matter_code, place, slot_at, created_at, updated_at) values ($1, $2, $3, '市民中心', now(), now(), now())`,
      [appointment, applicantId, permit.code]
    );
    await scheduleTimer(t.db, { subjectId: appointment, key: 'noShow', kind: 'appointmentNoShow', dueAt: clock - 1 });
    await worker.tick();
    await worker.tick();
    const cards = await t.db.query<{ subject_id: string; rule: string }>(
      `select subject_id, rule from supervision_events where subject_id in ($1, $2)`,
      [open, answered]
    );
    expect(cards).toEqual([{ subject_id: open, rule: 'consultationOverdue' }]);
    expect(await t.db.query(`select status from appointments where id = $1`, [appointment])).toEqual([
      { status: 'noShow' }
    ]);
  });
});
