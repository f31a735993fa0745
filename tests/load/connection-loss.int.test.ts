import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../runtime/src/testing/database.ts';
import { HttpUser, RuntimeRig } from '../support/runtime-process.ts';

/**
 * The database's connections cut under load (a restart, a failover, pg_terminate_backend): the process keeps
 * running, a request caught in the cut answers 503 in the error shape, and the pool serves again afterwards
 * (security-audit §1.8: the process used to exit).
 */
describe('losing the database connections under load', () => {
  const rig = new RuntimeRig('cut');
  afterAll(() => rig.dispose());

  it('survives three cuts, answers 503 (never 500) for requests caught in them, and serves again', async () => {
    const running = await rig.start({ BANSHI_CLOCK: '2026-12-01T10:00:00+08:00' });
    const company = await HttpUser.signIn(running.url, '91350100M000100Y43');
    const name = new URL(rig.database!.url).pathname.slice(1);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const statuses: number[] = [];
    const bodies: unknown[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const answer = await company.get('/api/hall/inbox');
          statuses.push(answer.status);
          if (answer.status !== 200) bodies.push(answer.body);
        } catch {
          statuses.push(0);
        }
      }
    };
    const load = Promise.all([client(), client(), client(), client()]);
    try {
      for (let cut = 0; cut < 3; cut++) {
        // Cut once requests are flowing, whatever the machine's speed: after some more answers each time.
        const before = statuses.length;
        while (statuses.length < before + 20) await new Promise(r => setTimeout(r, 20));
        await admin.unsafe(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and application_name = 'banshi'`
        );
      }
      const after = statuses.length;
      while (statuses.length < after + 20) await new Promise(r => setTimeout(r, 20));
    } finally {
      stop = true;
      await load;
      await admin.end();
    }
    expect(running.child.exitCode, running.output.join('').slice(-2000)).toBeNull();
    expect(
      statuses.filter(s => s === 500 || s === 0),
      JSON.stringify(bodies.slice(0, 3))
    ).toEqual([]);
    for (const body of bodies) expect(body).toMatchObject({ error: { code: 'service.database-unavailable' } });
    // And it serves again.
    expect((await company.get('/api/hall/inbox')).status).toBe(200);
  }, 180_000);
});
