import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { dbKinds } from '../testing/database.ts';
import { exampleMatter } from '../testing/examples.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../testing/http.ts';
import { pdf, uploadRequired } from '../testing/materials.ts';
import { submitted } from '../testing/submissions.ts';
import { answersFor, staff } from '../testing/scenario.ts';
import type { Command } from '../cases/index.ts';
import { licenceForCase } from './index.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const extension = exampleMatter('建筑工程施工许可延期申请');
const food = exampleMatter('食品经营许可');
const foodChange = exampleMatter('食品经营许可变更');
const companyLogin = '91350100M000100Y43';

/** The apply form as a browser posts it: answers, a file per material, the ticked licences, the CSRF token. */
async function postApply(
  client: Client,
  definition: Definition,
  answers: Record<string, string>,
  files: string[],
  licences: Record<string, string> = {}
) {
  const page = await client.page(`/hall/matters/${definition.code}/apply`);
  const form = new FormData();
  form.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!);
  form.append('draft', /name="draft" value="([^"]+)"/.exec(page.body)![1]!);
  form.append('intent', 'submit');
  form.append('channel', 'online');
  form.append('delivery', 'online');
  for (const [name, value] of Object.entries(answers)) form.append(`answer.${name}`, value);
  for (const material of files) form.append(`file.${material}`, new File([Buffer.from(pdf())], `${material}.pdf`));
  for (const [material, id] of Object.entries(licences)) form.append(`licence.${material}`, id);
  return client.request<string>('POST', `/hall/matters/${definition.code}/apply`, form);
}

const caseOf = (response: { headers: Headers }) =>
  /\/hall\/cases\/([0-9a-f-]{36})\/receipt/.exec(response.headers.get('location') ?? '')![1]!;

describe.each(dbKinds)('the e-licence library on %s', kind => {
  let t: TestApp;
  let company: Client;
  let window: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
    await t.store.db.transaction(async tx => {
      for (const d of [extension, food, foodChange])
        await tx.query(
          `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at) values ($1, 1, 'published', $2, $3, $4, '', $5::jsonb, now())`,
          [d.code, d.department.name, d.name, d.source.file, JSON.stringify(d)]
        );
    });
    await t.store.registry.reload();
    company = await t.as(companyLogin);
    window = await t.as('window');
  }, 120_000);
  afterAll(async () => t?.close());

  const command = async (client: Client, id: string, body: Record<string, unknown>) => {
    const response = await client.post(`/api/office/cases/${id}/commands`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };

  /** A construction permit from the hall to its approval by the housing bureau's leader, as the demo staff do it. */
  async function approvedPermit(): Promise<string> {
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'express',
      answers: answersFor(permit)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.id as string;
    await command(window, id, { type: 'passPreReview' });
    await command(window, id, { type: 'confirmPaper' });
    await command(window, id, { type: 'accept' });
    const handler = await t.as('handler');
    await command(handler, id, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
    await command(handler, id, { type: 'distribute' });
    await command(await t.as('planning'), id, { type: 'answerCoApproval', agree: true });
    const airDefence = staff('市人民防空办公室', ['承办人'], '人防赵');
    await t.store.cases.execute(id, { type: 'answerCoApproval', by: airDefence, agree: true }, t.clock.now);
    await command(handler, id, { type: 'consolidate', opinion: '各协办部门均同意' });
    await command(await t.as('chief'), id, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    await command(await t.as('leader'), id, { type: 'decide', approve: true });
    return id;
  }

  /** An example matter's case taken through its department's four steps by its staff (no demo account there). */
  async function approvedByDepartment(definition: Definition, caseId: string, paper = false): Promise<void> {
    const department = definition.department.name;
    const run = async (c: Record<string, unknown>, roles: string[]) => {
      const outcome = await t.store.cases.execute(
        caseId,
        { ...c, by: staff(department, roles) } as Command,
        t.clock.now
      );
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    };
    await run({ type: 'passPreReview' }, ['窗口']);
    if (paper) await run({ type: 'confirmPaper' }, ['窗口']);
    await run({ type: 'accept' }, ['窗口']);
    await run({ type: 'completeStep', stepId: 'review-1', opinion: '符合条件' }, ['承办人']);
    await run({ type: 'decide', approve: true }, ['处室负责人']);
  }

  it('numbers licences per department and year without gaps when issuers race and some roll back', async () => {
    const attempts = Array.from({ length: 8 }, (_, i) =>
      t.store.db
        .transaction(async tx => {
          const [row] = await tx.query<{ n: string }>(`select licence_number('TESTDEPT', 2031) as n`);
          if (i % 2 === 1) throw new Error('rolled back');
          return row!.n;
        })
        .catch(() => undefined)
    );
    const kept = (await Promise.all(attempts)).filter((n): n is string => n !== undefined).sort();
    expect(kept).toEqual([
      'TESTDEPT-2031-000001',
      'TESTDEPT-2031-000002',
      'TESTDEPT-2031-000003',
      'TESTDEPT-2031-000004'
    ]);
  });

  it('issues a licence with its own number when a licence matter is approved, in the decision’s write', async () => {
    const id = await approvedPermit();
    const licence = await licenceForCase(t.store.db, id, t.clock.now);
    expect(licence).toMatchObject({
      number: '11350200003650121J-2026-000001',
      name: '建筑工程施工许可证',
      holderName: '厦门市示例建设有限公司',
      department: '市住房和建设局',
      issuedOn: '2026-10-12',
      validUntil: '2027-01-11',
      status: 'valid'
    });
    // The licence page shows the library's number, not the case number.
    const page = await company.page(`/hall/cases/${id}/licence`);
    expect(page.body).toContain('11350200003650121J-2026-000001');
    // A second permit takes the next number.
    const second = await licenceForCase(t.store.db, await approvedPermit(), t.clock.now);
    expect(second?.number).toBe('11350200003650121J-2026-000002');
  }, 60_000);

  it('offers a held licence on the apply page, takes it with consent and never asks for an upload', async () => {
    // 食品经营许可 issues the licence 食品经营许可变更 takes as its material 原许可证.
    const issuing = await submitted(t, food, companyLogin);
    await approvedByDepartment(food, issuing.caseId, true);
    const held = (await licenceForCase(t.store.db, issuing.caseId, t.clock.now))!;
    expect(held.number).toMatch(/^11990100MB0000027F-2026-000001$/);

    const form = await company.page(`/hall/matters/${foodChange.code}/apply`);
    expect(form.body).toContain(`同意调取 食品经营许可证（证照编号 ${held.number}`);
    expect(form.body).toContain(`name="licence.原许可证" value="${held.licenceId}"`);
    expect(form.body).not.toContain('name="file.原许可证"');

    // Without the tick nothing is submitted: the applicant is asked to agree, not to upload.
    const unticked = await postApply(company, foodChange, {}, ['申请表', '布局图']);
    expect(unticked.status).toBe(422);
    expect(unticked.body).toContain('请勾选同意从电子证照库调取“食品经营许可证”');

    const ticked = await postApply(company, foodChange, {}, ['申请表', '布局图'], { 原许可证: held.licenceId });
    expect(ticked.status, ticked.body).toBe(303);
    const caseId = caseOf(ticked);
    const [use] = await t.store.db.query<{
      licence_id: string;
      material: string;
      purpose: string;
      matter_code: string;
    }>(`select licence_id, material, purpose, matter_code from licence_uses where case_id = $1`, [caseId]);
    expect(use).toEqual({
      licence_id: held.licenceId,
      material: '原许可证',
      purpose: 'material',
      matter_code: foodChange.code
    });
    const files = await t.store.db.query(`select material from files where case_id = $1 and material = '原许可证'`, [
      caseId
    ]);
    expect(files).toHaveLength(0);
    const [consent] = await t.store.db.query<{ detail: { licences: Array<{ number: string }> } }>(
      `select detail from audit_log where action = 'licence.consent' and case_id = $1`,
      [caseId]
    );
    expect(consent?.detail.licences).toEqual([{ material: '原许可证', number: held.number }]);

    // Through the API the consent is the licence named with the application; a licence not held is refused.
    const apply = async (licenceId: string) =>
      company.post('/api/hall/cases', {
        matterCode: foodChange.code,
        channel: 'online',
        delivery: 'online',
        answers: {},
        materials: await uploadRequired(company, foodChange, {}),
        licences: [{ material: '原许可证', licenceId }]
      });
    const notHeld = await apply('00000000-0000-4000-8000-000000000000');
    expect(notHeld.status).toBe(422);
    expect(notHeld.body.error.code).toBe('licence.not-held');
    const viaApi = await apply(held.licenceId);
    expect(viaApi.status, JSON.stringify(viaApi.body)).toBe(201);
    const [apiUse] = await t.store.db.query<{ material: string }>(
      `select material from licence_uses where case_id = $1 and licence_id = $2`,
      [viaApi.body.id, held.licenceId]
    );
    expect(apiUse?.material).toBe('原许可证');

    // Approving the change changes that licence (same number) rather than issuing a second one.
    await approvedByDepartment(foodChange, caseId);
    expect(await licenceForCase(t.store.db, caseId, t.clock.now)).toBeUndefined();
    expect((await licenceForCase(t.store.db, issuing.caseId, t.clock.now))?.status).toBe('changed');
  }, 60_000);

  it('counts a permit’s extensions on the licence, moves its last day each time, and refuses a third', async () => {
    const permitCase = await approvedPermit();
    const licence = (await licenceForCase(t.store.db, permitCase, t.clock.now))!;
    const answers = { 原证编号: licence.number, 延期原因: '因雨季停工' };
    const subject = { 'licence:建筑工程施工许可证': licence.licenceId };

    const form = await company.page(`/hall/matters/${extension.code}/apply`);
    expect(form.body).toContain('办理的建筑工程施工许可证');
    const unchosen = await postApply(company, extension, answers, ['延期申请表']);
    expect(unchosen.status).toBe(422);
    expect(unchosen.body).toContain('请勾选本次申请所针对的建筑工程施工许可证');

    const first = await postApply(company, extension, answers, ['延期申请表'], subject);
    expect(first.status, first.body).toBe(303);
    // While the first is open it counts: a second may still be asked for, a third not.
    const second = await postApply(company, extension, answers, ['延期申请表'], subject);
    expect(second.status, second.body).toBe(303);
    const third = await postApply(company, extension, answers, ['延期申请表'], subject);
    expect(third.status).toBe(422);
    expect(third.body).toContain('同一建筑工程施工许可证最多办理“建筑工程施工许可延期申请”2 次，您已办理 2 次');

    await approvedByDepartment(extension, caseOf(first));
    let now = (await licenceForCase(t.store.db, permitCase, t.clock.now))!;
    expect(now).toMatchObject({ status: 'extended', validUntil: '2027-04-11', number: licence.number });
    await approvedByDepartment(extension, caseOf(second));
    now = (await licenceForCase(t.store.db, permitCase, t.clock.now))!;
    expect(now.validUntil).toBe('2027-07-11');
    const [row] = await t.store.db.query<{ extensions: number }>(
      `select extensions from licences where licence_id = $1`,
      [licence.licenceId]
    );
    expect(row?.extensions).toBe(2);
    const history = await t.store.db.query<{ status: string; valid_until: string; case_id: string | null }>(
      `select status, valid_until::text as valid_until, case_id from licence_history where licence_id = $1 order by id`,
      [licence.licenceId]
    );
    expect(history.map(h => [h.status, h.valid_until])).toEqual([
      ['valid', '2027-01-11'],
      ['extended', '2027-04-11'],
      ['extended', '2027-07-11']
    ]);
    expect(history[1]!.case_id).toBe(caseOf(first));
  }, 90_000);

  it('lets the issuing department revoke a licence with a reason, refuses another department, and audits both', async () => {
    const id = await approvedPermit();
    const { number } = (await licenceForCase(t.store.db, id, t.clock.now))!;
    const path = `/api/office/licences/${number}/revoke`;
    const other = await (await t.as('planning')).post(path, { kind: 'withdrawal', reason: '越权' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('licence.not-issuer');
    const leader = await t.as('leader');
    expect((await leader.post(path, { kind: 'penalty', reason: ' ' })).status).toBe(400);
    const revoked = await leader.post(path, { kind: 'penalty', reason: '违法转包，依法吊销' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ number, status: 'revoked', statusLabel: '已撤销' });
    expect((await leader.post(path, { kind: 'penalty', reason: '再次' })).status).toBe(409);
    const lines = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'licence.revoke' and target = $1 order by id`,
      [number]
    );
    // The blank reason is refused by the request's schema before the library sees it.
    expect(lines.map(l => l.outcome)).toEqual(['denied', 'ok', 'rejected']);
    // A revoked licence is not offered any more.
    const form = await company.page(`/hall/matters/${extension.code}/apply`);
    expect(form.body).not.toContain(number);
  }, 60_000);

  it('gives other systems a licence through the exchange account, by number and by holder, and refuses an applicant', async () => {
    const id = await approvedPermit();
    const { number } = (await licenceForCase(t.store.db, id, t.clock.now))!;
    const exchange = await t.as('exchange');
    const one = await exchange.get(`/api/exchange/licences/${number}`);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toMatchObject({
      number,
      name: '建筑工程施工许可证',
      holderName: '厦门市示例建设有限公司',
      holderIdentifier: companyLogin,
      department: '市住房和建设局',
      status: 'valid'
    });
    expect(one.body.history).toHaveLength(1);
    const byHolder = await exchange.get(`/api/exchange/licences?holder=${companyLogin}`);
    expect(byHolder.status).toBe(200);
    expect(byHolder.body.items.map((l: { number: string }) => l.number)).toContain(number);
    expect((await exchange.get('/api/exchange/licences/11350200003650121J-2026-999999')).status).toBe(404);
    const [read] = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'exchange.licence' and target = $1`,
      [number]
    );
    expect(read?.n).toBe(1);
    const applicant = await company.get(`/api/exchange/licences/${number}`);
    expect(applicant.status).toBe(403);
    expect((await company.get(`/api/exchange/licences?holder=${companyLogin}`)).status).toBe(403);
  }, 60_000);

  it('我的证照 lists the holder’s licences with number, status, validity, history and a link', async () => {
    const page = await company.page('/hall/licences');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>我的证照</h1>');
    expect(page.body).toContain('11350200003650121J-2026-000001');
    expect(page.body).toContain('已延期');
    expect(page.body).toContain('已撤销');
    expect(page.body).toContain('违法转包，依法吊销');
    expect(page.body).toMatch(/href="\/hall\/cases\/[0-9a-f-]{36}\/licence"/);
    expect(page.body).toContain('<summary>证照历史');
    // Past its last day a licence reads as expired, and is no longer offered.
    t.clock.set('2028-01-05 10:00');
    const later = await company.page('/hall/licences');
    expect(later.body).toContain('已过期');
    const form = await company.page(`/hall/matters/${extension.code}/apply`);
    expect(form.body).not.toContain('同意调取 建筑工程施工许可证');
    expect((await company.get('/api/hall/licences')).body.items).toContainEqual(
      expect.objectContaining({ number: '11350200003650121J-2026-000001', status: 'expired', statusLabel: '已过期' })
    );
    const anonymous = await t.anonymous.page('/hall/licences');
    expect(anonymous.status).toBe(303);
  }, 60_000);
});
