import { afterAll, describe, expect, it } from 'vitest';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { HttpUser, RuntimeRig } from '../support/runtime-process.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');

/** SIGTERM while requests are in flight: each request the server took is answered, and the process exits 0. */
describe('graceful shutdown', () => {
  const rig = new RuntimeRig('term');
  afterAll(() => rig.dispose());

  it('answers every request it took, writes nothing it did not answer, and exits 0', async () => {
    const runtime = await rig.start({ BANSHI_CLOCK: '2026-12-01T10:00:00+08:00' });
    const company = await HttpUser.signIn(runtime.url, '91350100M000100Y43');
    const exited = new Promise<number | null>(resolve => runtime.child.on('exit', code => resolve(code)));
    // Each application's files are uploaded first, while the server runs undisturbed: the shutdown meets submissions.
    const answers = answersFor(permit);
    const materials = await Promise.all(Array.from({ length: 60 }, () => company.uploadRequired(permit, answers)));
    let first: () => void = () => {};
    const firstAnswered = new Promise<void>(resolve => {
      first = resolve;
    });
    const requests = materials.map((files, i) =>
      company
        .post(
          '/api/hall/cases',
          { matterCode: permit.code, channel: 'online', answers, materials: files },
          { 'idempotency-key': `term-${i}` }
        )
        .then(
          r => r.status,
          () => 'no answer' as const
        )
        .finally(() => first())
    );
    // Once the first application is answered, ask the server to stop while the rest are in flight: however slow the
    // machine, the stop meets submissions (never after a fixed time).
    await firstAnswered;
    runtime.child.kill('SIGTERM');
    const statuses = await Promise.all(requests);
    expect(await exited).toBe(0);
    rig.running = undefined;
    const answered = statuses.filter(s => s === 201).length;
    expect(statuses.filter(s => s !== 201 && s !== 'no answer')).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    const db = await rig.open();
    try {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from cases');
      // Work done is work answered: nothing was cut off between the write and the response.
      expect(row!.n).toBe(answered);
    } finally {
      await db.close();
    }
  }, 120_000);
});
