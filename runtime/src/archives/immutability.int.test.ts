import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../testing/catalog.ts';
import { dbKinds } from '../testing/database.ts';
import { openTestApp, type Client, type TestApp } from '../testing/http.ts';
import { materialForm, pdf, uploadRequired } from '../testing/materials.ts';
import { answersFor } from '../testing/scenario.ts';
import { archiveChore } from './archive-case.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');

/**
 * Seed 000: “任何单位和个人不得擅自删除、修改已归档的电子记录”. Every road that changes a case, tried on an archived
 * one: each refused with a Chinese message, and the case's row, events, files and archive exactly as before.
 */
describe.each(dbKinds)('an archived case cannot be changed through any route on %s', kind => {
  let t: TestApp;
  let company: Client;
  let window: Client;
  let id: string;
  let caseNumber: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as('91350100M000100Y43');
    window = await t.as('window');
    t.clock.set('2026-09-28 10:00');
    const answers = answersFor(permit);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    id = submitted.body.id;
    caseNumber = submitted.body.caseNumber;
    // 不予受理: a refused case closes too, and is archived like a completed one.
    await command(window, { type: 'passPreReview' });
    await command(window, { type: 'confirmPaper' });
    await command(window, { type: 'refuse', reasons: '申请事项不属于本机关职权范围' });
    t.clock.set('2026-09-30 10:00');
    expect(await archiveChore(t.services).run(t.clock.now)).toBe(1);
  }, 240_000);
  afterAll(async () => t?.close());

  async function command(client: Client, body: Record<string, unknown>) {
    const r = await client.post(`/api/office/cases/${id}/commands`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  /** Everything of the case the database holds, to compare before and after. */
  async function snapshot() {
    const db = t.store.db;
    return {
      row: await db.query(`select to_jsonb(c) as row from cases c where case_id = $1`, [id]),
      events: await db.query('select seq, type, row_hash from case_events where case_id = $1 order by seq', [id]),
      files: await db.query(`select to_jsonb(f) as file from files f where case_id = $1 order by id`, [id]),
      archive: await db.query(`select to_jsonb(a) as archive from archives a where case_id = $1`, [id])
    };
  }

  it('the refused case was archived with its package', async () => {
    const seen = await company.get(`/api/hall/cases/${id}`);
    expect(seen.body.status).toBe('archived');
    const before = await snapshot();
    expect(before.archive).toHaveLength(1);
    expect(before.files.length).toBeGreaterThan(0);
  });

  it('office commands, hall and window forms are refused, saying the case is archived, and nothing changes', async () => {
    const before = await snapshot();
    const archivedMessage = `办件 ${caseNumber} 已归档`;
    const refused = async (r: Promise<{ status: number; body: any }>, status = 409) => {
      const answer = await r;
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      return answer.body;
    };
    // Office commands through the API, including the ones that close or archive.
    for (const body of [
      { type: 'accept' },
      { type: 'complete' },
      { type: 'archive' },
      { type: 'deliver', method: 'online' },
      { type: 'explainOverdue', reason: '材料复杂', expected: '2026-12-01' }
    ]) {
      const r = await window.post(`/api/office/cases/${id}/commands`, body);
      expect(r.status, `${body.type}: ${JSON.stringify(r.body)}`).toBe(409);
      expect(r.body.error.message).toContain(archivedMessage);
    }
    // The applicant's API: resubmit and withdraw.
    expect(
      (await refused(company.post(`/api/hall/cases/${id}/resubmit`, { answers: answersFor(permit), materials: [] })))
        .error.message
    ).toContain(archivedMessage);
    expect(
      (await refused(company.post(`/api/hall/cases/${id}/withdraw`, { reason: '不办了' }))).error.message
    ).toContain(archivedMessage);
    // The hall's forms (no script): withdraw and resubmit answer the case page with the refusal.
    const withdrawForm = await company.postForm(`/hall/cases/${id}/withdraw`, { confirm: 'yes', reason: '不办了' });
    expect(withdrawForm.status).toBe(409);
    expect(withdrawForm.body).toContain(archivedMessage);
    const resubmitForm = await company.postForm(`/hall/cases/${id}/resubmit`, {});
    expect([409, 422]).toContain(resubmitForm.status);
    expect(resubmitForm.body).toContain('已归档');
    // The window: resubmitting on the applicant's behalf with a scanned file.
    const form = materialForm(permit.materials[0]!.id, pdf());
    form.set('applicantId', company.principal!.id);
    form.set('matterCode', permit.code);
    const scanned = await window.post('/api/office/window/files', form);
    expect(scanned.status, JSON.stringify(scanned.body)).toBe(201);
    const windowed = await window.post(`/api/office/window/cases/${id}/resubmit`, {
      materials: [{ material: permit.materials[0]!.id, fileId: scanned.body.id }]
    });
    expect(windowed.status, JSON.stringify(windowed.body)).toBe(409);
    expect(windowed.body.error.message).toContain(archivedMessage);
    expect(await snapshot()).toEqual(before);
  });

  it('a rating and a complaint about the archived case are records of their own: the case itself is untouched', async () => {
    // 好差评 and complaints follow a closed case (evaluations.ts: completed or archived); they are kept in their own
    // tables and never write the case, so archiving does not take them away from the applicant.
    const before = await snapshot();
    const rated = await company.post(`/api/hall/cases/${id}/evaluation`, { level: 4 });
    expect([201, 409]).toContain(rated.status);
    const complained = await company.post('/api/hall/complaints', {
      caseId: id,
      department: '市住房和建设局',
      content: '不予受理的理由没有讲清楚。'
    });
    expect(complained.status, JSON.stringify(complained.body)).toBe(201);
    expect(await snapshot()).toEqual(before);
  });

  it('the database refuses the runtime’s own writes: the case row, a new event, its files, its archive', async () => {
    const before = await snapshot();
    const db = t.store.db;
    // The trigger refuses every role; on PostgreSQL the tests connect as banshi_runtime (migration 022), which
    // has no UPDATE or DELETE on archives at all and is refused before the trigger is reached.
    const refusedBy = async (sql: string, params: unknown[], orByGrant = false) => {
      const error = await db.query(sql, params).then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string }
      );
      expect(error, sql).toBeDefined();
      if (orByGrant && error!.message.startsWith('permission denied')) return error!;
      expect(error!.message).toContain(`办件 ${caseNumber} 已归档`);
      return error!;
    };
    await refusedBy(
      `update cases set status = 'completed', state = state || '{"status":"completed"}' where case_id = $1`,
      [id]
    );
    await refusedBy(`update cases set updated_at = now() where case_id = $1`, [id]);
    await refusedBy(`delete from cases where case_id = $1`, [id]);
    await refusedBy(
      `insert into case_events (case_id, seq, type, payload, at, actor_id)
       select case_id, version + 1, 'Completed', '{"type":"Completed"}'::jsonb, now(), null from cases where case_id = $1`,
      [id]
    );
    await refusedBy(`delete from files where case_id = $1`, [id]);
    await refusedBy(`update files set name = 'x.pdf' where case_id = $1`, [id]);
    await refusedBy(
      `insert into files (id, owner_id, case_id, material, name, media_type, size, sha256)
       values ($1, $2, $3, 'x', 'x.pdf', 'application/pdf', 1, $4)`,
      [randomUUID(), company.principal!.id, id, '0'.repeat(64)]
    );
    await refusedBy(`update archives set files = files + 1 where case_id = $1`, [id], true);
    await refusedBy(`delete from archives where case_id = $1`, [id], true);
    if (kind === 'postgres') {
      // The runtime's role owns no table (migration 022): it cannot step round the triggers either.
      for (const table of ['cases', 'files', 'case_events', 'archives']) {
        const error = await db.query(`alter table ${table} disable trigger all`).then(
          () => undefined,
          (e: unknown) => e as Error
        );
        expect(error?.message, table).toMatch(/must be owner|owner of table/);
      }
    }
    expect(await snapshot()).toEqual(before);
    // A department renamed in 机构改革 still moves the column its queues read, and nothing else of the row.
    const [{ department }] = (await db.query<{ department: string }>(
      'select department from cases where case_id = $1',
      [id]
    )) as [{ department: string }];
    await db.query(`update cases set department = $2 where case_id = $1`, [id, `${department}（改）`]);
    await db.query(`update cases set department = $2 where case_id = $1`, [id, department]);
    expect(await snapshot()).toEqual(before);
  });
});
