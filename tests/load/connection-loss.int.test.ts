import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { adminUrl } from '../../runtime/src/testing/database.ts';
import { proofSize, recordFigures } from '../../tools/proof/figures.ts';
import { HttpUser, RuntimeRig } from '../support/runtime-process.ts';

/** How many times the connections are cut (`npm run proof`: BANSHI_PROOF_CUTS). */
const cuts = proofSize('CUTS', 3);
/**
 * A shell command restarting the PostgreSQL server the test database is on: `npm run proof` gives one for the private
 * cluster it makes (BANSHI_TEST_PG points there), and then every other cut is a restart of the server.
 */
const restart = process.env.BANSHI_PROOF_PG_RESTART;
vi.setConfig({ testTimeout: 180_000 + cuts * 10_000 });

/**
 * The database's connections cut under load (a restart, a failover, pg_terminate_backend): the process keeps
 * running, a request caught in the cut answers 503 in the error shape, and the pool serves again afterwards
 * (security-audit §1.8: the process used to exit).
 */
describe('losing the database connections under load', () => {
  const rig = new RuntimeRig('cut');
  afterAll(() => rig.dispose());

  it('survives the cuts, answers 503 (never 500) for requests caught in them, and serves again', async () => {
    const running = await rig.start({ BANSHI_CLOCK: '2026-12-01T10:00:00+08:00' });
    const company = await HttpUser.signIn(running.url, '91350100M000100Y43');
    const name = new URL(rig.database!.url).pathname.slice(1);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const statuses: number[] = [];
    const bodies: unknown[] = [];
    const unanswered: string[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const answer = await company.get('/api/hall/inbox');
          statuses.push(answer.status);
          if (answer.status !== 200) bodies.push(answer.body);
        } catch (error) {
          statuses.push(0);
          unanswered.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
    };
    const load = Promise.all([client(), client(), client(), client()]);
    try {
      for (let cut = 0; cut < cuts; cut++) {
        // Cut once requests are flowing, whatever the machine's speed: after some more answers each time.
        const before = statuses.length;
        while (statuses.length < before + 20) await new Promise(r => setTimeout(r, 20));
        if (restart && cut % 2 === 1) {
          await promisify(exec)(restart);
          continue;
        }
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
    const servedAgain = (await company.get('/api/hall/inbox')).status;
    recordFigures('connection-loss', {
      cuts,
      restarts: restart ? Math.floor(cuts / 2) : 0,
      terminations: restart ? Math.ceil(cuts / 2) : cuts,
      requests: statuses.length,
      unavailable: statuses.filter(s => s === 503).length,
      fiveHundreds: statuses.filter(s => s === 500).length,
      noAnswer: statuses.filter(s => s === 0).length,
      unanswered: unanswered.slice(0, 5),
      processAlive: running.child.exitCode === null,
      servedAgain: servedAgain === 200
    });
    expect(running.child.exitCode, running.output.join('').slice(-2000)).toBeNull();
    expect(
      statuses.filter(s => s === 500 || s === 0),
      JSON.stringify({ bodies: bodies.slice(0, 3), unanswered: unanswered.slice(0, 3) })
    ).toEqual([]);
    for (const body of bodies) expect(body).toMatchObject({ error: { code: 'service.database-unavailable' } });
    // And it serves again.
    expect(servedAgain).toBe(200);
  });
});
