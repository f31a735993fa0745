import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay, type Actor, type Command } from './engine/index.ts';
import { at, loadCatalog } from '../testing/catalog.ts';
import { answersFor, company, staff } from '../testing/scenario.ts';
import { openTestStore, type TestStore } from '../testing/store.ts';
import { dbKinds } from '../testing/database.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');

describe.each(dbKinds)('the case store on %s', kind => {
  let t: TestStore;
  const applicantId = randomUUID();
  const applicant: Actor = { kind: 'applicant', id: applicantId, name: company.name };

  beforeAll(async () => {
    t = await openTestStore(kind);
    await t.db.query(
      `insert into users (id, kind, login, password_hash, name, phone) values ($1, 'organisation', '91350100M000100Y43', 'x', $2, '13800000000')`,
      [applicantId, company.name]
    );
  });
  afterAll(async () => t?.close());

  async function submit(time = '2026-09-28 10:00') {
    const caseId = randomUUID();
    const command: Extract<Command, { type: 'submit' }> = {
      type: 'submit',
      by: applicant,
      caseId,
      caseNumber: '',
      applicant: { ...company, id: applicantId },
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    };
    const outcome = await t.cases.submit(permit.code, command, at(time));
    if (!outcome.ok) throw new Error(outcome.rejection.message);
    return { caseId, outcome };
  }

  it('submits a case: number from the sequence, version recorded, projection, departments, timers and notifications', async () => {
    const { caseId, outcome } = await submit();
    expect(outcome.ok && outcome.state.caseNumber).toMatch(/^11350200003650121J20260928\d{6}$/);
    const [row] = await t.db.query<Record<string, unknown>>(
      'select case_number, matter_version, status, version, department from cases where case_id = $1',
      [caseId]
    );
    expect(row).toMatchObject({ matter_version: 1, status: 'submitted', version: 1, department: housing });
    const departments = await t.db.query<{ department: string; part: string }>(
      'select department, part from case_departments where case_id = $1 order by department',
      [caseId]
    );
    expect(departments).toEqual(
      expect.arrayContaining([
        { department: housing, part: 'lead' },
        { department: '市人民防空办公室', part: 'coApprover' }
      ])
    );
    const timers = await t.db.query<{ kind: string }>(
      'select kind from timers where subject_id = $1 and cancelled_at is null',
      [caseId]
    );
    expect(timers.map(r => r.kind)).toContain('deemedAcceptance');
    const outbox = await t.db.query<{ channel: string }>('select channel from outbox where case_id = $1 order by id', [
      caseId
    ]);
    expect(outbox.map(r => r.channel)).toEqual(['inbox', 'sms']);
    const events = await t.cases.events(caseId);
    expect(events.map(e => e.event.type)).toEqual(['Submitted']);
    expect(events[0]!.event).toMatchObject({ matterVersion: '1' });
  });

  it('keeps the events append-only and the projection equal to their replay', async () => {
    const { caseId } = await submit();
    for (const command of [{ type: 'passPreReview' }, { type: 'confirmPaper' }, { type: 'accept' }] as const) {
      const outcome = await t.cases.execute(caseId, { ...command, by: window } as Command, at('2026-09-28 11:00'));
      expect(outcome.ok).toBe(true);
    }
    const events = await t.cases.events(caseId);
    expect(events.map(e => e.seq)).toEqual([1, 2, 3, 4]);
    const [row] = await t.db.query<{ state: unknown; status: string }>(
      'select state, status from cases where case_id = $1',
      [caseId]
    );
    expect(row!.state).toEqual(JSON.parse(JSON.stringify(replay(events.map(e => e.event)))));
    expect(row!.status).toBe('inReview');
    // Acceptance cancelled the deemed-acceptance timer.
    const deemed = await t.db.query<{ cancelled: boolean }>(
      `select cancelled_at is not null as cancelled from timers where subject_id = $1 and kind = 'deemedAcceptance'`,
      [caseId]
    );
    expect(deemed).toEqual([{ cancelled: true }]);
    // Refused to the runtime's role by its grants on PostgreSQL (migration 022), and to the owner by the trigger.
    await expect(t.db.query(`update case_events set type = 'x' where case_id = $1`, [caseId])).rejects.toThrow(
      kind === 'postgres' ? /permission denied/ : /append-only/
    );
    await expect(t.owner.query(`update case_events set type = 'x' where case_id = $1`, [caseId])).rejects.toThrow(
      /append-only/
    );
  });

  it('a rejected command writes nothing and says why in Chinese', async () => {
    const { caseId } = await submit();
    const outcome = await t.cases.execute(caseId, { type: 'accept', by: handler }, at('2026-09-28 11:00'));
    expect(outcome).toMatchObject({ ok: false, rejection: { message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    expect((await t.cases.events(caseId)).length).toBe(1);
  });

  it('two writers racing on one case: both commands are decided in turn on the latest state, none lost', async () => {
    const { caseId } = await submit();
    await t.cases.execute(caseId, { type: 'passPreReview', by: window }, at('2026-09-28 11:00'));
    await t.cases.execute(caseId, { type: 'confirmPaper', by: window }, at('2026-09-28 11:00'));
    // The same command twice at once: exactly one acceptance, the other decided on the accepted case and refused.
    const results = await Promise.all(
      [1, 2].map(() => t.cases.execute(caseId, { type: 'accept', by: window }, at('2026-09-28 11:00')))
    );
    expect(results.filter(r => r.ok)).toHaveLength(1);
    expect(results.filter(r => !r.ok)[0]).toMatchObject({ ok: false, rejection: { code: 'case.status' } });
    const events = await t.cases.events(caseId);
    expect(events.filter(e => e.event.type === 'Accepted')).toHaveLength(1);
  });

  it('a new matter version is live for new cases at once; a running case keeps its own', async () => {
    const { caseId } = await submit();
    const changed = { ...permit, name: `${permit.name}（新版）` };
    await t.db.query(`update matter_versions set state = 'superseded' where code = $1 and state = 'published'`, [
      permit.code
    ]);
    await t.db.query(
      `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at) values ($1, 2, 'published', $2, $3, 'x', 'x', $4::jsonb, now())`,
      [permit.code, housing, changed.name, JSON.stringify(changed)]
    );
    await t.db.query(`select pg_notify('banshi_published', 'x')`);
    await expect.poll(() => t.registry.live(permit.code)?.version).toBe(2);
    const fresh = await submit();
    expect(fresh.outcome.ok && fresh.outcome.state.matterVersion).toBe('2');
    const old = await t.cases.execute(caseId, { type: 'passPreReview', by: window }, at('2026-09-28 11:00'));
    expect(old.ok && old.state.matterVersion).toBe('1');
  });
});
