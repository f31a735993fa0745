import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { dbKinds } from '../../testing/database.ts';
import { exampleMatter } from '../../testing/examples.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { pdf, uploadRequired } from '../../testing/materials.ts';
import { staff } from '../../testing/scenario.ts';

const days = exampleMatter('县内道路旅客运输经营许可');
const driver = exampleMatter('巡游出租汽车驾驶员从业资格注册');
const greenland = exampleMatter('城市绿地临时占用许可');
const society = exampleMatter('社会团体成立登记');
const marriage = exampleMatter('结婚登记');
const housing = exampleMatter('公共租赁住房资格申请');
const freight = exampleMatter('道路货物运输经营许可');
const agency = exampleMatter('政务服务事项代办');
const extension = exampleMatter('建筑工程施工许可延期申请');
const examples = [days, driver, greenland, society, marriage, housing, freight, agency, extension];

const person = '11010519491231002X';
const organisation = '91350100M000100Y43';
const eligibleDriver = {
  年龄: '45',
  驾龄: '10',
  已签订劳动合同: '是',
  注册类型: '首次注册',
  近三年无交通责任死亡事故: '是'
};

/** The apply form as a browser posts it: the answers as text, a file for each material, the CSRF token. */
async function postApply(
  client: Client,
  definition: Definition,
  answers: Record<string, string>,
  files: string[] = []
) {
  const page = await client.page(`/hall/matters/${definition.code}/apply`);
  const form = new FormData();
  form.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!);
  form.append('draft', /name="draft" value="([^"]+)"/.exec(page.body)![1]!);
  form.append('intent', 'submit');
  form.append('channel', 'online');
  form.append('delivery', definition.delivery.includes('online') ? 'online' : 'onSite');
  for (const [name, value] of Object.entries(answers)) form.append(`answer.${name}`, value);
  for (const material of files) form.append(`file.${material}`, new File([Buffer.from(pdf())], `${material}.pdf`));
  return client.request<string>('POST', `/hall/matters/${definition.code}/apply`, form);
}

describe.each(dbKinds)('guide elements in the hall and the API on %s', kind => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
    // The examples published as a department publishes its matters.
    await t.store.db.transaction(async tx => {
      for (const d of examples)
        await tx.query(
          `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at) values ($1, 1, 'published', $2, $3, $4, '', $5::jsonb, now())`,
          [d.code, d.department.name, d.name, d.source.file, JSON.stringify(d)]
        );
      await tx.query(`select pg_notify('banshi_published', 'examples')`);
    });
    // The notice reloads the registry in the background; reloading here makes the examples live before the tests.
    await t.store.registry.reload();
  });
  afterAll(async () => t?.close());

  it('the public guide prints each element as the author wrote it', async () => {
    const guide = async (d: Definition) => (await t.anonymous.page(`/hall/matters/${d.code}`)).body;
    const calendarDays = await guide(days);
    expect(calendarDays).toContain('20 日（《中华人民共和国道路运输条例》第十条）');
    expect(calendarDays).toContain(
      '以日计的时限含周末和节假日，最后一日是法定节假日或休息日的，以其后第一个工作日为最后一日'
    );
    const eligibility = await guide(driver);
    expect(eligibility).toContain('<h2>申请条件</h2>');
    expect(eligibility).toContain('驾龄三年以上：取得相应准驾车型机动车驾驶证 3 年以上');
    expect(eligibility).toContain('无事故记录：“近三年无交通责任死亡事故”为是（“注册类型”为 首次注册时）');
    expect(await guide(society)).toContain('收到补正通知之日起 30 日内提交补正材料；逾期未补正的，视为撤回申请');
    expect(await guide(marriage)).toContain('支持预约到窗口办理（可提前 1 至 30 日在网上预约登记日期和时段）');
    expect(await guide(housing)).toContain('每个家庭限申请一套公共租赁住房');
    const results = await guide(freight);
    expect(results).toContain('<li>道路货物运输经营许可决定书</li>');
    expect(results).toContain('<li>危险货物道路运输许可证，有效期 4 年（“经营类别”为 危险货物时）</li>');
    expect(await guide(agency)).toContain('工作日 08:30—12:00、14:30—18:00');
    expect(await guide(extension)).toContain('同一建筑工程施工许可证最多办理 2 次');
    // Nothing the author did not write: no appointment line, no quantity limit, no correction deadline elsewhere.
    expect(calendarDays).not.toContain('预约办理');
    expect(calendarDays).not.toContain('数量限制');
    expect(calendarDays).not.toContain('补正期限');
  });

  it('the hall refuses an application that fails an eligibility rule, naming the rule, and takes one that meets them', async () => {
    const applicant = await t.as(person);
    const form = await applicant.page(`/hall/matters/${driver.code}/apply`);
    expect(form.body).toContain('申请条件（不符合的申请不能提交）');
    expect(form.body).toContain('驾龄三年以上：取得相应准驾车型机动车驾驶证 3 年以上');
    const refused = await postApply(applicant, driver, { ...eligibleDriver, 年龄: '61' }, ['从业资格证', '劳动合同']);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain(
      '<a href="#form">不符合申请条件“年龄不超过六十周岁”（申请人年龄不超过 60 周岁），不能提交申请。</a>'
    );
    const taken = await postApply(applicant, driver, eligibleDriver, ['从业资格证', '劳动合同']);
    expect(taken.status).toBe(303);
    expect(taken.headers.get('location')).toMatch(/^\/hall\/cases\/[0-9a-f-]+\/receipt$/);
  });

  it('the API refuses the same application with its code and the rules it fails', async () => {
    const applicant = await t.as(person);
    const answers = { 年龄: 45, 驾龄: 2, 已签订劳动合同: false, 注册类型: '延续注册', 近三年无交通责任死亡事故: false };
    const response = await applicant.post('/api/hall/cases', {
      matterCode: driver.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(applicant, driver, answers)
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'eligibility.unmet',
      message: expect.stringContaining('“驾龄三年以上”'),
      details: { eligibility: ['驾龄三年以上', '签订劳动合同'] }
    });
  });

  it('number fields keep to their minimum and maximum in the hall and the API', async () => {
    const applicant = await t.as(person);
    const page = await applicant.page(`/hall/matters/${greenland.code}/apply`);
    expect(page.body).toContain('单位：平方米；填写范围：1 至 200');
    const refused = await postApply(applicant, greenland, { 占用地点: '示例路 8 号', 占用面积: '500', 占用期限: '0' }, [
      '申请表',
      '平面图'
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('“占用面积”不能大于 200 平方米');
    expect(refused.body).toContain('“占用期限”不能小于 1 个月');
    const answers = { 占用地点: '示例路 8 号', 占用面积: 201, 占用期限: 6 };
    const response = await applicant.post('/api/hall/cases', {
      matterCode: greenland.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(applicant, greenland, answers)
    });
    expect(response.status).toBe(422);
    expect(response.body.error.details.fields).toEqual({ 占用面积: '“占用面积”不能大于 200 平方米' });
  });

  it('a rule across cases of one licence: a third extension is refused in the API and the hall', async () => {
    const company = await t.as(organisation);
    const apply = async () => {
      const answers = { 原证编号: '350200202601010101', 延期原因: '因雨季停工' };
      return company.post('/api/hall/cases', {
        matterCode: extension.code,
        channel: 'online',
        answers,
        materials: await uploadRequired(company, extension, answers)
      });
    };
    expect((await apply()).status).toBe(201);
    expect((await apply()).status).toBe(201);
    const third = await apply();
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({
      code: 'repeat.limit',
      message: '同一建筑工程施工许可证最多办理“建筑工程施工许可延期申请”2 次，您已办理 2 次，不能再申请。',
      details: { max: 2, used: 2 }
    });
    const page = await postApply(company, extension, { 原证编号: '350200202601010101', 延期原因: '因雨季停工' }, [
      '延期申请表'
    ]);
    expect(page.status).toBe(422);
    expect(page.body).toContain('同一建筑工程施工许可证最多办理“建筑工程施工许可延期申请”2 次');
  });

  it("appointments at a department with its own office hours keep to them, in the hall's list and the API", async () => {
    const applicant = await t.as(person);
    const page = await applicant.page(`/hall/appointments?matter=${agency.code}`);
    expect(page.body).toContain('<option value="15:00"');
    // 13:30 is open on the calendar (13:30-17:30) but the centre opens again only at 14:30.
    expect(page.body).not.toContain('<option value="13:30"');
    const book = (slotAt: string) =>
      applicant.post('/api/hall/appointments', { matterCode: agency.code, place: agency.places[0], slotAt });
    const closed = await book('2026-10-13T13:30:00+08:00');
    expect(closed.status).toBe(422);
    expect(closed.body.error.code).toBe('appointment.closed');
    expect((await book('2026-10-13T15:00:00+08:00')).status).toBe(201);
  });

  it("the receipt tells the applicant the matter's correction notice period and their own correction deadline", async () => {
    const applicant = await t.as(organisation);
    const response = await applicant.post('/api/hall/cases', {
      matterCode: society.code,
      channel: 'online',
      answers: {},
      materials: await uploadRequired(applicant, society, {})
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const receipt = await applicant.page(`/hall/cases/${response.body.id}/notices/0?receipt=1`);
    expect(receipt.body).toContain('将在 2 个工作日内（2026年10月14日24时前）一次告知需要补正的全部内容');
    expect(receipt.body).toContain('收到补正通知后，请在 30 日内提交补正材料；逾期未补正的，视为撤回申请。');
    // The window asks for a correction (no demo account works at 示例市民政局: through the store, as the window's post).
    const corrected = await t.store.cases.execute(
      response.body.id,
      { type: 'requestCorrection', by: staff('示例市民政局', ['窗口']), items: ['章程草案缺少会员条款'] },
      t.clock.now
    );
    expect(corrected.ok).toBe(true);
    const casePage = await applicant.page(`/hall/cases/${response.body.id}`);
    expect(casePage.body).toContain('补正期限：请于 2026年11月11日24时前提交补正材料；逾期未补正的，视为撤回申请。');
  });
});
