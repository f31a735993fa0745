import { afterAll, describe, expect, it, vi } from 'vitest';
import { requiredUploads } from '@banshi/definition/answers';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import type { Db } from '../../runtime/src/platform/db/db.ts';
import type { MaterialFile } from '../../runtime/src/testing/materials.ts';
import { proofSize, recordFigures } from '../../tools/proof/figures.ts';
import { HttpUser, RuntimeRig } from '../support/runtime-process.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const clock = '2026-12-01T10:00:00+08:00';
vi.setConfig({ testTimeout: 180_000 + Math.max(proofSize('KILLS_PG', 1), proofSize('KILLS_PGLITE', 1)) * 60_000 });

type Sent = {
  key: string;
  kind: 'submit' | 'command';
  caseId?: string;
  body: unknown;
  answer?: { status: number; body: any };
};
/** A file uploaded for an application; uploads carry no Idempotency-Key, so one in flight is not retried. */
type Uploaded = { material: string; answer?: { status: number; body: any } };

const acknowledgedOf = (sent: Sent[]) => sent.filter(s => s.answer && s.answer.status < 300);

/** What the database no longer holds of what was acknowledged: uploads, submissions, commands (one query each). */
async function lostFrom(db: Db, sent: Sent[], uploads: Uploaded[]): Promise<string[]> {
  const ids = (values: string[]) => JSON.stringify(values);
  const inList = `(select value from jsonb_array_elements_text($1::jsonb))`;
  const files = uploads.filter(u => u.answer?.status === 201).map(u => u.answer!.body.id as string);
  const present = new Set(
    (await db.query<{ id: string }>(`select id::text as id from files where id::text in ${inList}`, [ids(files)])).map(
      r => r.id
    )
  );
  const lost = files.filter(id => !present.has(id)).map(id => `upload ${id}`);
  const acknowledged = acknowledgedOf(sent);
  const submits = acknowledged.filter(s => s.kind === 'submit');
  const cases = new Set(
    (
      await db.query<{ id: string; n: string }>(
        `select case_id::text as id, case_number as n from cases where case_id::text in ${inList}`,
        [ids(submits.map(s => s.answer!.body.id))]
      )
    ).map(r => `${r.id} ${r.n}`)
  );
  lost.push(
    ...submits.filter(s => !cases.has(`${s.answer!.body.id} ${s.answer!.body.caseNumber}`)).map(s => `submit ${s.key}`)
  );
  const commands = acknowledged.filter(s => s.kind === 'command');
  const events = new Set(
    (
      await db.query<{ id: string; seq: number }>(
        `select case_id::text as id, seq::int as seq from case_events where case_id::text in ${inList}`,
        [ids([...new Set(commands.map(s => s.caseId!))])]
      )
    ).map(r => `${r.id} ${r.seq}`)
  );
  lost.push(...commands.filter(s => !events.has(`${s.caseId} ${s.answer!.body.version}`)).map(s => `command ${s.key}`));
  return lost;
}

/**
 * Load on one process, SIGKILL in the middle: every command the process acknowledged is in the database after a
 * restart, and retrying what was in flight with the same Idempotency-Key does each thing once. `npm run proof` kills
 * it over and over (BANSHI_PROOF_KILLS_PG, BANSHI_PROOF_KILLS_PGLITE), each restart retrying the last one's.
 */
describe.each(['postgres', 'pglite'] as const)('SIGKILL in the middle of a load (%s)', kind => {
  const rig = new RuntimeRig(`kill-${kind}`, kind);
  afterAll(() => rig.dispose());
  const kills = proofSize(kind === 'postgres' ? 'KILLS_PG' : 'KILLS_PGLITE', 1);

  it('loses no acknowledged command and does retried ones once', async () => {
    let running = await rig.start({ BANSHI_CLOCK: clock });
    let company = await HttpUser.signIn(running.url, '91350100M000100Y43');
    let window = await HttpUser.signIn(running.url, 'window');

    const sent: Sent[] = [];
    const uploads: Uploaded[] = [];
    const lost: string[] = [];
    let retried = 0;
    /** Restarted on the same data: what was in flight, and the last few acknowledged, sent again with their keys. */
    const retry = async (inFlight: Sent[]) => {
      for (const s of [...inFlight, ...acknowledgedOf(sent).slice(-3)]) {
        const answer =
          s.kind === 'submit'
            ? await company.post('/api/hall/cases', s.body, { 'idempotency-key': s.key })
            : await window.post(`/api/office/cases/${s.caseId}/commands`, s.body, { 'idempotency-key': s.key });
        retried++;
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
        if (s.answer) expect(answer.body).toEqual(s.answer.body);
        s.answer = answer;
      }
    };
    let inFlight: Sent[] = [];
    for (let round = 0; round < kills; round++) {
      if (round > 0) {
        running = await rig.start({ BANSHI_CLOCK: clock });
        company = company.on(running.url);
        window = window.on(running.url);
        await retry(inFlight);
      }
      let killed = false;
      // Killed once enough more is acknowledged, however long the machine takes to get there (never after a fixed time).
      const enough = 24;
      let acknowledgedSoFar = 0;
      let reached: () => void = () => {};
      const enoughAcknowledged = new Promise<void>(resolve => {
        reached = resolve;
      });
      const acknowledge = (answer: { status: number }) => {
        if (answer.status < 300 && ++acknowledgedSoFar >= enough) reached();
      };
      const roundSent: Sent[] = [];
      const client = async (n: number) => {
        for (let i = 0; !killed; i++) {
          // The applicant first uploads a file for each material the answers make required, then submits online.
          const answers = answersFor(permit);
          const materials: MaterialFile[] = [];
          for (const { id: material } of requiredUploads(permit, answers)) {
            const upload: Uploaded = { material };
            uploads.push(upload);
            try {
              upload.answer = await company.upload(material);
            } catch {
              return; // the process died under this upload
            }
            if (upload.answer.status !== 201) return; // refused: reported below
            materials.push({ material, fileId: upload.answer.body.id });
          }
          const submit: Sent = {
            key: `s${round}-${n}-${i}`,
            kind: 'submit',
            body: { matterCode: permit.code, channel: 'online', answers, materials }
          };
          roundSent.push(submit);
          try {
            submit.answer = await company.post('/api/hall/cases', submit.body, { 'idempotency-key': submit.key });
            acknowledge(submit.answer);
          } catch {
            return; // the process died under this request: it stays unacknowledged
          }
          const caseId = submit.answer.body.id as string;
          for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
            const command: Sent = { key: `c${round}-${n}-${i}-${type}`, kind: 'command', caseId, body: { type } };
            roundSent.push(command);
            try {
              command.answer = await window.post(`/api/office/cases/${caseId}/commands`, command.body, {
                'idempotency-key': command.key
              });
              acknowledge(command.answer);
            } catch {
              return;
            }
          }
        }
      };
      const load = Promise.all([0, 1, 2, 3, 4, 5].map(client));
      // The other clients' requests are in flight when the process is killed.
      await Promise.race([enoughAcknowledged, load]);
      killed = true;
      await running.kill();
      await load;
      rig.running = undefined;
      sent.push(...roundSent);
      inFlight = roundSent.filter(s => !s.answer);
      expect(acknowledgedOf(roundSent).length).toBeGreaterThanOrEqual(enough);
      expect(roundSent.filter(s => s.answer && s.answer.status >= 300)).toEqual([]);
      expect(uploads.filter(u => u.answer && u.answer.status !== 201)).toEqual([]);

      // Read the database as it was left, with no runtime on it: everything acknowledged so far is there.
      const db = await rig.open();
      try {
        lost.push(...(await lostFrom(db, sent, uploads)));
      } finally {
        await db.close();
      }
    }

    // Restart on the same data and retry what was in flight with the same keys: each happens once.
    running = await rig.start({ BANSHI_CLOCK: clock });
    company = company.on(running.url);
    window = window.on(running.url);
    await retry(inFlight);
    // Each submission key made exactly one case, each command one event (PGlite allows one process at a time: stop
    // the runtime first).
    await running.stop();
    rig.running = undefined;
    const check = await rig.open();
    try {
      lost.push(...(await lostFrom(check, sent, uploads)));
      const [counts] = await check.query<{ keys: number; cases: number }>(
        `select (select count(*) from idempotency_keys where key like 's%')::int as keys, (select count(*) from cases)::int as cases`
      );
      const twice = await check.query<{ id: string; type: string; n: number }>(
        `select case_id::text as id, type, count(*)::int as n from case_events
         where type in ('PreReviewPassed', 'PaperConfirmed', 'Accepted') group by 1, 2 having count(*) > 1`
      );
      const acknowledged = acknowledgedOf(sent);
      recordFigures(`sigkill-${kind}`, {
        kills,
        commandsAcknowledged: acknowledged.length,
        uploadsAcknowledged: uploads.filter(u => u.answer?.status === 201).length,
        retried,
        lost: lost.length,
        duplicated: Math.max(0, counts!.cases - counts!.keys) + twice.length
      });
      expect(lost).toEqual([]);
      expect(twice).toEqual([]);
      expect(counts!.cases).toBe(counts!.keys);
      expect(counts!.cases).toBeGreaterThanOrEqual(sent.filter(s => s.kind === 'submit' && s.answer).length);
    } finally {
      await check.close();
    }
  });
});
