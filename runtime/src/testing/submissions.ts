import { createHash, randomUUID } from 'node:crypto';
import { createStaff, demoPassword } from '../accounts/index.ts';
import type { Definition } from '@banshi/definition';
import type { Command } from '../cases/index.ts';
import { answersFor } from './answers.ts';
import type { TestApp } from './http.ts';

type Submit = Extract<Command, { type: 'submit' }>;

/**
 * A case submitted straight through the store, with the matter's sample answers and no files: by the applicant
 * (online), or entered on their behalf by the window (on site). The case's id and number.
 */
export async function submitted(
  t: TestApp,
  definition: Definition,
  applicantLogin: string,
  by: 'applicant' | 'window' = 'applicant'
): Promise<{ caseId: string; caseNumber: string }> {
  const [applicant] = await t.store.db.query<{
    id: string;
    kind: 'person' | 'organisation';
    name: string;
    good_record: boolean;
  }>('select id, kind, name, good_record from users where login = $1', [applicantLogin]);
  if (!applicant) throw new Error(`no applicant ${applicantLogin}`);
  const caseId = randomUUID();
  const command: Submit = {
    type: 'submit',
    by:
      by === 'window'
        ? await windowClerk(t, definition.department.name)
        : { kind: 'applicant', id: applicant.id, name: applicant.name },
    caseId,
    caseNumber: '',
    applicant: { id: applicant.id, kind: applicant.kind, name: applicant.name, goodRecord: applicant.good_record },
    channel: by === 'window' ? 'onSite' : 'online',
    answers: answersFor(definition),
    materials: []
  };
  const outcome = await t.store.cases.submit(definition.code, command, t.clock.now);
  if (!outcome.ok) throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
  const [row] = await t.store.db.query<{ case_number: string }>('select case_number from cases where case_id = $1', [
    caseId
  ]);
  return { caseId, caseNumber: row!.case_number };
}

/**
 * An on-site case as the window enters it on the applicant's behalf (the engine's staff submission, channel onSite;
 * the workbench puts a page on it): for tests that need a case of a matter without uploading its materials.
 */
export async function windowEntry(t: TestApp, definition: Definition, applicantLogin: string): Promise<string> {
  return (await submitted(t, definition, applicantLogin, 'window')).caseId;
}

/** A window clerk of `department`; the demo accounts have one only at the housing bureau, so another gets one. */
async function windowClerk(t: TestApp, department: string): Promise<Submit['by']> {
  const clerkOf = () =>
    t.store.db.query<{ id: string; name: string; roles: string[] }>(
      `select id, name, roles from users where kind = 'staff' and department = $1 and roles ? '窗口' order by login limit 1`,
      [department]
    );
  if ((await clerkOf()).length === 0) {
    await createStaff(t.store.db, {
      login: `window-${createHash('sha1').update(department).digest('hex').slice(0, 12)}`,
      name: `${department}窗口`,
      password: demoPassword,
      department,
      roles: ['窗口'],
      duties: []
    });
  }
  const [clerk] = await clerkOf();
  return { kind: 'staff', id: clerk!.id, name: clerk!.name, department, roles: clerk!.roles };
}
