import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../../testing/catalog.ts';
import { dbKinds } from '../../testing/database.ts';
import { startMailServer, type TestMailServer } from '../../testing/mail-server.ts';
import { openTestStore, type TestStore } from '../../testing/store.ts';
import { smtpChannel } from './smtp.ts';
import { Worker } from './worker.ts';

describe.each(dbKinds)('the outbox sending e-mail through a real SMTP server, on %s', kind => {
  let t: TestStore;
  let server: TestMailServer;
  let worker: Worker;
  let clock = at('2026-10-12 09:00');

  beforeAll(async () => {
    [t, server] = await Promise.all([openTestStore(kind), startMailServer()]);
    worker = new Worker(t.db, { handlers: {}, channels: { email: smtpChannel(server.settings()) }, now: () => clock });
  });
  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  const queue = async (recipient: string) => {
    const [row] = await t.db.query<{ id: number }>(
      `insert into outbox (channel, recipient, subject, body, payload, next_attempt_at, created_at)
       values ('email', $1, '办件通知', '您的申请已受理。', '{}'::jsonb, $2, $2) returning id`,
      [recipient, new Date(clock).toISOString()]
    );
    return row!.id;
  };
  const state = async (id: number) =>
    (
      await t.db.query<{ status: string; attempts: number; last_error: string | null }>(
        'select status, attempts, last_error from outbox where id = $1',
        [id]
      )
    )[0]!;

  it('gives up at once on a mailbox the server refuses for good (550), and keeps retrying one that is busy (450)', async () => {
    server.refuse('gone@example.com', 550);
    server.refuse('busy@example.com', 450);
    const gone = await queue('gone@example.com');
    const busy = await queue('busy@example.com');
    const first = await worker.tick();
    expect(first).toMatchObject({ failed: 1, retried: 1, delivered: 0 });
    expect(await state(gone)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await state(gone)).last_error).toContain('550');
    expect(await state(busy)).toMatchObject({ status: 'pending', attempts: 1 });
    // Not again before its backoff; delivered once the mailbox takes mail again.
    expect((await worker.tick()).retried).toBe(0);
    server.accept();
    clock += 60_000;
    const later = await worker.tick();
    expect(later).toMatchObject({ delivered: 1, failed: 0 });
    expect(await state(busy)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(server.received.at(-1)!.to).toEqual(['busy@example.com']);
  });
});
