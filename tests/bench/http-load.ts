/** What the benches that drive a running runtime over HTTP share: timed requests and a real case to copy. */
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { uploadRequired } from '../../runtime/src/testing/materials.ts';
import { HttpUser } from '../support/runtime-process.ts';

/** `count` sequential runs after `warmup` untimed ones, each in milliseconds; a run not answered 200 stops the bench. */
export async function timed(
  count: number,
  run: () => Promise<{ status: number; body?: unknown }>,
  warmup = 20
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmup; i++) await run();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const r = await run();
    out.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`answered ${r.status}: ${JSON.stringify(r.body ?? null).slice(0, 300)}`);
  }
  return out;
}

/**
 * A construction permit applied for online by the demo company with its materials, pre-reviewed, its paper
 * confirmed and accepted by the window: a real case waiting at the handler's review, to be copied by SQL.
 */
export async function permitInReview(base: string): Promise<string> {
  const permit = loadCatalog().byName('建筑工程施工许可证核发');
  const company = await HttpUser.signIn(base, '91350100M000100Y43');
  const window = await HttpUser.signIn(base, 'window');
  const answers = answersFor(permit);
  const poster = {
    async post(path: string, body: FormData) {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${company.token}` },
        body
      });
      return { status: response.status, body: await response.json() };
    }
  };
  const files = await uploadRequired(poster, permit, answers);
  const submitted = await company.post('/api/hall/cases', {
    matterCode: permit.code,
    channel: 'online',
    answers,
    materials: files
  });
  if (submitted.status !== 201) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  const caseId = submitted.body.id as string;
  for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
    const r = await window.post(`/api/office/cases/${caseId}/commands`, { type });
    if (r.status !== 200) throw new Error(`${type}: ${JSON.stringify(r.body)}`);
  }
  return caseId;
}
