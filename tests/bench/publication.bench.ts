/**
 * A publication reaching every process (issue 14: "a publication live in every process under 1 s"). Two runtime
 * processes, started as `npm start` runs them, share one PostgreSQL. In the first, the department head approves a
 * version of the construction permit to go live a moment ahead (1.5 s); the bench then reads the second process's
 * hall API (`/api/hall/matters/:code`) every few milliseconds until it answers with the new version. The figure is
 * the time from the instant set to the moment the second process serves it: the processes' timers (whichever rings
 * first publishes in a transaction, NOTIFY, the second's registry reloads) and the bench's polling.
 *
 * Peer, in the same run and alternating with it: an immediate approval in the first process, from sending the
 * request to the second process serving the version (the NOTIFY round trip and a reload, plus the approval itself).
 *
 * Both processes run on the machine's wall clock, as the bench does, so the instants compare directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boot } from '../../runtime/src/boot.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { HttpUser, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';
import { figure, median, percentile, round, repoRoot, type Bench } from './figures.ts';

const rounds = Number(process.env.BENCH_PUBLICATION_ROUNDS ?? 7);
const ahead = 1_500;
const pollMs = 5;
const goalMs = 1_000;
const code = '11350200003650121J300011700600001';

export const bench: Bench = async ({ log }) => {
  const database = await createPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-bench-publication-'));
  const processes: RuntimeProcess[] = [];
  try {
    const seeder = await boot({
      databaseUrl: database.url,
      dataDir,
      catalogDir: join(repoRoot, 'catalog'),
      log: silentLogger,
      worker: false
    });
    const { ensureDemoAccounts } = await import('../../runtime/src/accounts/demo.ts');
    await ensureDemoAccounts(seeder.db);
    await seeder.close();
    const env = { DATABASE_URL: database.url, BANSHI_DATA_DIR: dataDir };
    processes.push(...(await Promise.all([startRuntime(env), startRuntime(env)])));
    const [first, second] = processes as [RuntimeProcess, RuntimeProcess];
    log(`two runtime processes on ${new URL(database.url).pathname.slice(1)}: ${first.url}, ${second.url}`);
    const author = await HttpUser.signIn(first.url, 'author');
    const leader = await HttpUser.signIn(first.url, 'leader');
    const base = (await author.get(`/api/studio/matters/${code}/versions/1`)).body.source as string;

    /** Drafts and submits the next version; returns its number. */
    const prepare = async (round: string): Promise<number> => {
      const draft = await author.post('/api/studio/drafts', { source: `${base}\n// ${round}\n` });
      if (draft.status !== 201) throw new Error(`draft refused: ${JSON.stringify(draft.body)}`);
      const path = `/api/studio/drafts/${code}/${draft.body.version}`;
      const submitted = await author.post(`${path}/submit`, { reason: `性能测试：${round}` });
      if (submitted.status !== 200) throw new Error(`submit refused: ${JSON.stringify(submitted.body)}`);
      return draft.body.version as number;
    };
    /** The moment the second process first serves `version` of the matter. */
    const liveInSecond = async (version: number): Promise<number> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const answer = (await (await fetch(`${second.url}/api/hall/matters/${code}`)).json()) as { version: number };
        if (answer.version === version) return Date.now();
        if (Date.now() > deadline) throw new Error(`version ${version} never went live in the second process`);
        await new Promise(resolve => setTimeout(resolve, pollMs));
      }
    };

    const scheduled: number[] = [];
    const immediate: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const timed = await prepare(`定时 ${i + 1}`);
      const at = Date.now() + ahead;
      const approved = await leader.post(`/api/studio/drafts/${code}/${timed}/approve`, {
        at: new Date(at).toISOString()
      });
      if (approved.body.state !== 'scheduled') throw new Error(`not scheduled: ${JSON.stringify(approved.body)}`);
      scheduled.push((await liveInSecond(timed)) - at);

      const now = await prepare(`立即 ${i + 1}`);
      const sent = Date.now();
      const published = await leader.post(`/api/studio/drafts/${code}/${now}/approve`, {});
      if (published.body.state !== 'published') throw new Error(`not published: ${JSON.stringify(published.body)}`);
      immediate.push((await liveInSecond(now)) - sent);
      log(`round ${i + 1}: scheduled ${scheduled.at(-1)} ms after its instant, immediate ${immediate.at(-1)} ms`);
    }
    const list = (values: number[]) => values.map(v => round(v, 0)).join(', ');
    return [
      figure({
        name: 'publication.scheduled.second-process',
        value: median(scheduled),
        unit: 'ms',
        peer: { name: 'an immediate approval reaching the second process', value: median(immediate) },
        goal: goalMs,
        digits: 0,
        detail:
          `from the instant a version was scheduled for (${ahead} ms after approving it in the first process) to the ` +
          `second process's hall API serving it, read every ${pollMs} ms; median of ${rounds} rounds ` +
          `(${list(scheduled)}; p90 ${round(percentile(scheduled, 90), 0)} ms). Peer, alternating with it: an immediate ` +
          `approval in the first process, from sending the request to the second serving the version (${list(immediate)}). ` +
          'Two runtime processes as npm start runs them (workers on) on one PostgreSQL database.'
      })
    ];
  } finally {
    for (const p of processes) await p.stop().catch(() => {});
    await database.drop().catch(error => log(`could not drop the database: ${String(error)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
};
