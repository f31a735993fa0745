import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Runtime } from '../../runtime/src/boot.ts';
import { ensureDemoAccounts } from '../../runtime/src/accounts/demo.ts';
import type { Staff } from '../../runtime/src/accounts/principal.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import {
  approveCalendarDraft,
  createCalendarDraft,
  submitCalendarDraft
} from '../../runtime/src/publishing/calendars.ts';
import { createPostgresDatabase, dbKinds, seedPgliteFolder } from '../../runtime/src/testing/database.ts';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { company, staff } from '../../runtime/src/testing/scenario.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const fixture = readFileSync(new URL('./2027-fixture.matter', import.meta.url), 'utf8');
const at = (text: string) => Date.parse(text);
const window = staff('市住房和建设局', ['窗口'], '王窗口');
const handler = staff('市住房和建设局', ['承办人'], '陈承办');

/**
 * Between a publication and the worker's pass, a command on a case still counted on the calendars published over is
 * decided only after its deadlines are counted again: no step is timed, and no supervision judged, on stale dates.
 */
describe.each(dbKinds)('a command on a case counted on a calendar published over (%s)', kind => {
  let runtime: Runtime;
  let drop: (() => Promise<void>) | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-recount-first-'));
  let clock = at('2026-12-28T10:00:00+08:00');

  beforeAll(async () => {
    const database = kind === 'postgres' ? await createPostgresDatabase() : undefined;
    drop = database?.drop;
    // PGlite: the migrated cluster copied from the test template, not initdb and every migration in this process.
    if (kind === 'pglite') await seedPgliteFolder(join(dataDir, 'pglite'));
    // No worker: only the command can bring the case up to date.
    runtime = await boot({
      ...(database ? { databaseUrl: database.url } : {}),
      dataDir,
      catalogDir: 'catalog',
      log: silentLogger,
      worker: false,
      now: () => clock
    });
    await ensureDemoAccounts(runtime.db);
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts the deadlines again first, then decides the command, with no "deadline moved" anomaly', async () => {
    const { cases } = runtime.services;
    const caseId = crypto.randomUUID();
    const applicant = { ...company, id: crypto.randomUUID() };
    const submitted = await cases.submit(
      permit.code,
      {
        type: 'submit',
        by: { kind: 'applicant', id: applicant.id, name: applicant.name },
        caseId,
        caseNumber: '',
        applicant,
        channel: 'online',
        answers: answersFor(permit),
        materials: ['申请表']
      },
      clock
    );
    expect(submitted.ok).toBe(true);
    for (const type of ['passPreReview', 'confirmPaper', 'accept'] as const)
      expect((await cases.execute(caseId, { type, by: window }, clock)).ok).toBe(true);

    clock = at('2026-12-29T10:00:00+08:00');
    const users = await runtime.db.query<{ id: string; login: string; name: string }>(
      `select id, login, name from users where login in ('reform', 'reformhead')`
    );
    const person = (login: string, duties: Staff['duties']): Staff => {
      const u = users.find(x => x.login === login)!;
      return { kind: 'staff', id: u.id, login, name: u.name, department: null, roles: [], duties };
    };
    const draft = await createCalendarDraft(
      runtime.services,
      person('reform', ['reformOffice']),
      { source: fixture },
      {}
    );
    await submitCalendarDraft(runtime.services, person('reform', ['reformOffice']), draft.id, {});
    await approveCalendarDraft(
      runtime.services,
      person('reformhead', ['reformOffice', 'head']),
      draft.id,
      undefined,
      {}
    );
    expect(runtime.services.calendar().isProvisionalYear(2027)).toBe(false);

    const done = await cases.execute(
      caseId,
      { type: 'completeStep', by: handler, stepId: 'review-1', opinion: '材料齐全，符合条件' },
      clock
    );
    expect(done.ok).toBe(true);
    const types = (await cases.events(caseId)).map(e => e.event.type);
    expect(types.slice(4)).toEqual(['DeadlinesRecounted', 'StepCompleted']);
    expect(done.ok && done.state.deadlines?.promised).toBe(at('2027-01-09T00:00:00+08:00'));
    const anomalies = await runtime.db.query<{ rule: string }>(
      `select rule from supervision_events where case_id = $1`,
      [caseId]
    );
    expect(anomalies.map(a => a.rule)).not.toContain('deadlineMoved');
    // Counted once: another command finds nothing more to count.
    const [row] = await runtime.db.query<{ deadlines_calendar: number }>(
      'select deadlines_calendar from cases where case_id = $1',
      [caseId]
    );
    expect(row!.deadlines_calendar).toBe(runtime.services.registry.calendarEpoch());
  });
});
