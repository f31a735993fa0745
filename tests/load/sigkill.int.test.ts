import { afterAll, describe, expect, it } from 'vitest';
import { requiredUploads } from '@banshi/definition/answers';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import type { MaterialFile } from '../../runtime/src/testing/materials.ts';
import { HttpUser, RuntimeRig } from '../support/runtime-process.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const clock = '2026-12-01T10:00:00+08:00';

type Sent = {
  key: string;
  kind: 'submit' | 'command';
  caseId?: string;
  body: unknown;
  answer?: { status: number; body: any };
};
/** A file uploaded for an application; uploads carry no Idempotency-Key, so one in flight is not retried. */
type Uploaded = { material: string; answer?: { status: number; body: any } };

/**
 * Load on one process, SIGKILL in the middle: every command the process acknowledged is in the database after a
 * restart, and retrying what was in flight with the same Idempotency-Key does each thing once.
 */
describe.each(['postgres', 'pglite'] as const)('SIGKILL in the middle of a load (%s)', kind => {
  const rig = new RuntimeRig(`kill-${kind}`, kind);
  afterAll(() => rig.dispose());

  it('loses no acknowledged command and does retried ones once', async () => {
    let running = await rig.start({ BANSHI_CLOCK: clock });
    const company = await HttpUser.signIn(running.url, '91350100M000100Y43');
    const window = await HttpUser.signIn(running.url, 'window');

    const sent: Sent[] = [];
    const uploads: Uploaded[] = [];
    let killed = false;
    // Killed once enough is acknowledged, however long the machine takes to get there (never after a fixed time).
    const enough = 24;
    let acknowledgedSoFar = 0;
    let reached: () => void = () => {};
    const enoughAcknowledged = new Promise<void>(resolve => {
      reached = resolve;
    });
    const acknowledge = (answer: { status: number }) => {
      if (answer.status < 300 && ++acknowledgedSoFar >= enough) reached();
    };
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
          key: `s${n}-${i}`,
          kind: 'submit',
          body: { matterCode: permit.code, channel: 'online', answers, materials }
        };
        sent.push(submit);
        try {
          submit.answer = await company.post('/api/hall/cases', submit.body, { 'idempotency-key': submit.key });
          acknowledge(submit.answer);
        } catch {
          return; // the process died under this request: it stays unacknowledged
        }
        const caseId = submit.answer.body.id as string;
        for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
          const command: Sent = { key: `c${n}-${i}-${type}`, kind: 'command', caseId, body: { type } };
          sent.push(command);
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

    const acknowledged = sent.filter(s => s.answer && s.answer.status < 300);
    const inFlight = sent.filter(s => !s.answer);
    expect(acknowledged.length).toBeGreaterThanOrEqual(enough);
    expect(sent.filter(s => s.answer && s.answer.status >= 300)).toEqual([]);
    expect(uploads.filter(u => u.answer && u.answer.status !== 201)).toEqual([]);

    // Read the database as it was left, with no runtime on it.
    const db = await rig.open();
    try {
      for (const u of uploads.filter(u => u.answer)) {
        const rows = await db.query(`select 1 from files where id = $1`, [u.answer!.body.id]);
        expect(rows, `acknowledged upload ${u.answer!.body.id} (${u.material}) lost`).toHaveLength(1);
      }
      for (const s of acknowledged) {
        if (s.kind === 'submit') {
          const rows = await db.query(`select 1 from cases where case_id = $1 and case_number = $2`, [
            s.answer!.body.id,
            s.answer!.body.caseNumber
          ]);
          expect(rows, `acknowledged submission ${s.key} lost`).toHaveLength(1);
        } else {
          const rows = await db.query(`select 1 from case_events where case_id = $1 and seq = $2`, [
            s.caseId,
            s.answer!.body.version
          ]);
          expect(rows, `acknowledged command ${s.key} lost`).toHaveLength(1);
        }
      }
    } finally {
      await db.close();
    }

    // Restart on the same data and retry what was in flight with the same keys: each happens once.
    running = await rig.start({ BANSHI_CLOCK: clock });
    const again = { company: company.on(running.url), window: window.on(running.url) };
    for (const s of [...inFlight, ...acknowledged.slice(-3)]) {
      const answer =
        s.kind === 'submit'
          ? await again.company.post('/api/hall/cases', s.body, { 'idempotency-key': s.key })
          : await again.window.post(`/api/office/cases/${s.caseId}/commands`, s.body, { 'idempotency-key': s.key });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      if (s.answer) expect(answer.body).toEqual(s.answer.body);
    }
    // Each submission key made exactly one case (PGlite allows one process at a time: stop the runtime first).
    await running.stop();
    rig.running = undefined;
    const check = await rig.open();
    try {
      const [counts] = await check.query<{ keys: number; cases: number }>(
        `select (select count(*) from idempotency_keys where key like 's%')::int as keys, (select count(*) from cases)::int as cases`
      );
      expect(counts!.cases).toBe(counts!.keys);
      expect(counts!.cases).toBeGreaterThanOrEqual(sent.filter(s => s.kind === 'submit' && s.answer).length);
    } finally {
      await check.close();
    }
  }, 180_000);
});
