import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxChannel } from '../platform/worker/channels.ts';
import { Worker } from '../platform/worker/worker.ts';
import { dbKinds } from '../testing/database.ts';
import { at } from '../testing/catalog.ts';
import { exampleMatter } from '../testing/examples.ts';
import { company, staff } from '../testing/scenario.ts';
import { openTestStore, type TestStore } from '../testing/store.ts';
import { caseTimerHandlers } from './index.ts';

/** 社会团体成立登记: 补正期限 30 日 逾期 视为撤回. */
const society = exampleMatter('社会团体成立登记');

describe.each(dbKinds)("the applicant's correction deadline on %s", kind => {
  let t: TestStore;
  let clock = at('2026-09-10 09:00');
  let worker: Worker;
  const applicantId = randomUUID();

  beforeAll(async () => {
    t = await openTestStore(kind);
    await t.db.query(
      `insert into users (id, kind, login, password_hash, name, phone) values ($1, 'organisation', $2, 'x', $3, '13800001234')`,
      [applicantId, `org-${applicantId}`, company.name]
    );
    await t.db.query(
      `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at) values ($1, 1, 'published', $2, $3, $4, '', $5::jsonb, now())`,
      [society.code, society.department.name, society.name, society.source.file, JSON.stringify(society)]
    );
    await t.registry.reload();
    worker = new Worker(t.db, {
      handlers: caseTimerHandlers(t.cases),
      channels: { inbox: inboxChannel },
      now: () => clock
    });
  });
  afterAll(async () => t?.close());

  it('withdraws the application when the worker finds the deadline passed, dated at its end, and tells the applicant', async () => {
    const caseId = randomUUID();
    const submitted = await t.cases.submit(
      society.code,
      {
        type: 'submit',
        by: { kind: 'applicant', id: applicantId, name: company.name },
        caseId,
        caseNumber: '',
        applicant: { ...company, id: applicantId },
        channel: 'online',
        answers: {},
        materials: ['申请书', '章程', '验资报告']
      },
      clock
    );
    expect(submitted.ok).toBe(true);
    clock = at('2026-09-11 10:00');
    const corrected = await t.cases.execute(
      caseId,
      { type: 'requestCorrection', by: staff('示例市民政局', ['窗口']), items: ['章程草案缺少会员条款'] },
      clock
    );
    expect(corrected.ok).toBe(true);
    clock = at('2026-10-12 18:00');
    await worker.tick();
    expect((await t.cases.load(t.db, caseId))!.status).toBe('correcting');
    clock = at('2026-10-13 08:00');
    await worker.tick();
    expect((await t.cases.load(t.db, caseId))!.status).toBe('withdrawn');
    const events = await t.cases.events(caseId);
    expect(events.at(-1)!.event).toMatchObject({
      type: 'Withdrawn',
      at: at('2026-10-13 00:00'),
      by: { kind: 'system' },
      reason: '逾期未补正，视为撤回申请'
    });
    await worker.tick();
    const inbox = await t.db.query<{ body: string }>(
      'select body from inbox_messages where user_id = $1 and case_id = $2',
      [applicantId, caseId]
    );
    expect(inbox.map(m => m.body)).toContain('您的申请因逾期未补正，视为撤回申请，办件终止；如需办理请重新申请。');
  });
});
