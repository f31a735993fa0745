import { createHash, randomUUID } from 'node:crypto';
import { createStaff } from '../auth/users.ts';
import type { Definition } from '../definition/index.ts';
import { demoPassword } from '../demo.ts';
import type { Command } from '../engine/index.ts';
import { answersFor } from './answers.ts';
import type { TestApp } from './http.ts';

/**
 * An on-site case as the window enters it on the applicant's behalf (the engine's staff submission, channel onSite;
 * the workbench puts a page on it): for tests that need a case of a matter without uploading its materials.
 */
export async function windowEntry(t: TestApp, definition: Definition, applicantLogin: string): Promise<string> {
  const [applicant] = await t.store.db.query<{
    id: string;
    kind: 'person' | 'organisation';
    name: string;
    good_record: boolean;
  }>('select id, kind, name, good_record from users where login = $1', [applicantLogin]);
  const department = definition.department.name;
  const clerkOf = () =>
    t.store.db.query<{ id: string; name: string; roles: string[] }>(
      `select id, name, roles from users where kind = 'staff' and department = $1 and roles ? '窗口' order by login limit 1`,
      [department]
    );
  // The demo accounts have a window only at the housing bureau: another department gets one.
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
  if (!applicant || !clerk) throw new Error(`no applicant ${applicantLogin}`);
  const caseId = randomUUID();
  const command: Extract<Command, { type: 'submit' }> = {
    type: 'submit',
    by: { kind: 'staff', id: clerk.id, name: clerk.name, department, roles: clerk.roles },
    caseId,
    caseNumber: '',
    applicant: { id: applicant.id, kind: applicant.kind, name: applicant.name, goodRecord: applicant.good_record },
    channel: 'onSite',
    answers: answersFor(definition),
    materials: []
  };
  const outcome = await t.store.cases.submit(definition.code, command, t.clock.now);
  if (!outcome.ok) throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
  return caseId;
}
