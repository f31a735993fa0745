/**
 * Cases for the tracking figures, submitted through a running hall's JSON API as applicants do: the demo person
 * applies for the social-insurance certificate (no upload needed), the demo organisation publishes its annual
 * report (one PDF uploaded first). What comes back is what a citizen types into the tracking page.
 */
import { requiredUploads } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import { answersFor } from '../../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../../runtime/src/testing/catalog.ts';
import { applicationExtras, demo, demoPassword, uploadMaterial } from '../../support/browser-harness.ts';
import { HttpUser } from '../../support/runtime-process.ts';

export interface Tracked {
  number: string;
  holder: string;
}

const { byName } = loadCatalog();

/** `count` cases on the hall at `base`, `clients` submissions at a time; two in three the person's. */
export async function seedCases(
  base: string,
  count: number,
  clients: number,
  log: (line: string) => void
): Promise<Tracked[]> {
  const person = await HttpUser.signIn(base, demo.person, demoPassword);
  const organisation = await HttpUser.signIn(base, demo.organisation, demoPassword);
  const plans: Array<{ user: HttpUser; holder: string; definition: Definition }> = [
    { user: person, holder: demo.person, definition: byName('社会保险个人参保证明查询打印') },
    { user: person, holder: demo.person, definition: byName('社会保险个人参保证明查询打印') },
    { user: organisation, holder: demo.organisation, definition: byName('企业年度报告公示') }
  ];
  const cases: Tracked[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < count) {
      const plan = plans[next++ % plans.length]!;
      const answers = answersFor(plan.definition);
      const materials = [];
      for (const material of requiredUploads(plan.definition, answers))
        materials.push({ material: material.id, fileId: await uploadMaterial(plan.user, material.id) });
      const answer = await plan.user.post('/api/hall/cases', {
        matterCode: plan.definition.code,
        channel: 'online',
        answers,
        materials,
        ...applicationExtras(plan.definition)
      });
      if (answer.status !== 201)
        throw new Error(`seeding ${plan.definition.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
      cases.push({ number: answer.body.caseNumber, holder: plan.holder });
      if (cases.length % 1000 === 0) log(`${cases.length} cases submitted`);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  log(`${cases.length} cases submitted through the API in ${Math.round(performance.now() - started)} ms`);
  return cases;
}
