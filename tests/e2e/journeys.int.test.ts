/**
 * Citizens' journeys through the real hall in Chromium, against a runtime process (PGlite, the demo accounts, a
 * fixed clock): each signs in through the sign-in form, fills the hall's forms by their labels, chooses real PDF
 * files, and reads what the pages say back. Staff act through the office API, as their office tool would.
 *
 * 1. A company applies for the construction permit (every field, a file for each required material, online
 *    submission, a delivery), meets an error, gets a correction notice with two items (case page and inbox), fixes
 *    one material, resubmits, follows the deadline, and after the decision opens the decision notice and the
 *    e-licence (and downloads it), then rates the service — 不满意 needs a reason. Twice: with the page's script
 *    (uploads at once, checks in the browser) at a desktop, and without it (files with the form, errors from the
 *    server) on a 360 px phone, each page along the way checked by axe and for sideways scrolling. The first run
 *    is corrected before acceptance (the time limit has not started, nothing is paused), the second during review
 *    (the time limit pauses, and the page explains the interval).
 * 2. In the annual-inspection season (another hall, its clock in March): a company's written annual inspection,
 *    and its annual report, which needs the signed commitment. Without JavaScript.
 * 3. A person asks a question from a guide's 我要咨询 link and reads the answer (page and inbox), then files a
 *    complaint from its 我要投诉 link; the outcome reaches the complainant and the public list, without their name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredUploads, type AnswerMap } from '@banshi/definition/answers';
import { shanghaiTime } from '@banshi/definition/calendar';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import {
  closeBrowser,
  closePage,
  defaultClock,
  demo,
  expectFitsWidth,
  expectNoAxeViolations,
  expectNoConsoleErrors,
  focused,
  newPage,
  openBrowser,
  startHall,
  visit,
  widths,
  type Hall,
  type Page
} from '../support/browser-harness.ts';
import {
  airDefenceClerk,
  apiGet,
  apiPost,
  awaitMessage,
  chooseFiles,
  command,
  control,
  fact,
  fillForm,
  focusedControl,
  follow,
  formValues,
  mainText,
  materialFile,
  materialInput,
  pausesOf,
  signInWithForm,
  step,
  timelineOf,
  typed
} from './journey-steps.ts';

const catalog = loadCatalog();
const permit = catalog.byName('建筑工程施工许可证核发');
const inspection = catalog.byName('民办非企业单位年度检查');
const annualReport = catalog.byName('企业年度报告公示');
/** The demo organisation's and person's names (runtime/src/demo.ts). */
const organisationName = '厦门市示例建设有限公司';
const personName = '李四';

const journeyTimeout = 120_000;

/** The materials a receipt says were received, sorted (their order is the order the uploads finished in). */
async function receivedMaterials(page: Page): Promise<string[]> {
  const line = /收到材料：([^。]+)。/.exec(await mainText(page));
  expect(line, 'the receipt lists the materials received').not.toBeNull();
  return line![1]!.split('、').sort();
}

/** Checks a page as every hall page is checked: axe's WCAG 2.1 A/AA rules, and on a phone no sideways scrolling. */
async function checkPage(page: Page, label: string): Promise<void> {
  await expectNoAxeViolations(page, label);
  if ((page.viewportSize()?.width ?? 1280) < 640) await expectFitsWidth(page, label);
}

beforeAll(async () => {
  await openBrowser();
});
afterAll(async () => {
  await closeBrowser();
});

describe('in the autumn (the hall’s clock at a working Monday, 2026-09-28 10:00)', () => {
  let hall: Hall;
  let startedAt = 0;
  /** The hall's clock now, near enough for whole workdays: it runs on from its start. */
  const hallNow = () => Date.parse(defaultClock) + (Date.now() - startedAt);

  beforeAll(async () => {
    hall = await startHall();
    startedAt = Date.now();
  }, 90_000);
  afterAll(async () => {
    await hall?.stop();
  });

  /** The case page's promised deadline, with the workdays left as the office's own view of the case counts them. */
  async function expectDeadlineShown(page: Page, caseId: string): Promise<void> {
    const office = await apiGet(hall, demo.window, `/api/office/cases/${caseId}`);
    const promised = Date.parse(office.deadlines.promised);
    const left = catalog.calendar.remaining(hallNow(), promised, 'workdays').amount;
    expect(left).toBeGreaterThan(0);
    expect(await fact(page, '承诺办结')).toBe(`${shanghaiTime(promised)} 前（还剩 ${left} 个工作日）`);
  }

  const runs = [
    {
      label: 'with JavaScript, at a desktop',
      javaScript: true,
      size: widths.desktop,
      delivery: 'online',
      correctedBy: 'window'
    },
    {
      label: 'without JavaScript, on a 360 px phone',
      javaScript: false,
      size: widths.phone,
      delivery: 'express',
      correctedBy: 'handler'
    }
  ] as const;

  it.each(runs)(
    'a company applies for the construction permit, corrects, follows and rates it, $label',
    async run => {
      const { javaScript } = run;
      const page = await newPage({ ...run.size, javaScript, baseURL: hall.url });
      page.setDefaultTimeout(20_000);
      const where = `${javaScript ? 'js' : 'no-js'} at ${run.size.width} px`;
      const project = javaScript ? '示例花园 1 号楼' : '示例学校体育馆';
      const answers: AnswerMap = answersFor(permit, {
        项目名称: project,
        投资项目代码: '2026-350203-47-01-000123',
        建设单位: organisationName,
        建设单位信用代码: demo.organisation,
        建设地址: '厦门市思明区示例路 1 号',
        项目类型: '新建',
        合同价格: 5000,
        建筑面积: 12000,
        计划开工日期: '2026-11-02',
        // Public bidding and a contract over 3000 万元: the bid notice and the supervision contract become required.
        依法必须招标: true,
        涉及房屋征收: false,
        委托代理人办理: false,
        联系人电话: '0592-5023601'
      });
      const phone = permit.form.find(f => f.kind === 'phone')!;
      const phoneId = `f${permit.form.indexOf(phone)}`;
      const deliveryLabel = { online: '网上送达（电子证照、电子文书）', express: '快递送达（免费邮寄）' }[run.delivery];
      const items = [
        '申请表缺少建设单位法定代表人签字并加盖公章',
        '建设工程施工合同缺第 3 页（工程价款条款），请上传完整的合同扫描件'
      ];

      await step('from the guide to the apply form, signing in on the way', async () => {
        await visit(page, `/hall/matters/${permit.code}`);
        await follow(page, () => page.getByRole('link', { name: '在线申请' }).click());
        await signInWithForm(page, demo.organisation);
        expect(new URL(page.url()).pathname).toBe(`/hall/matters/${permit.code}/apply`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`申请：${permit.name}`);
        expect(await fact(page, '单位名称')).toBe(organisationName);
        // Before any answer, the bid notice (needed only for public bidding) is not asked for.
        expect(await page.locator(`${materialInput(permit, '中标通知书')}-box`).isVisible()).toBe(false);
      });

      let uploaded: string[] = [];
      await step('filling every field, a wrong phone number among them, and choosing the files', async () => {
        await fillForm(page, permit, { ...answers, [phone.name]: '12345' });
        if (!javaScript) {
          // Without the script the list of materials follows the answers when asked to.
          const response = await follow(page, () =>
            page.getByRole('button', { name: '根据填写内容更新材料清单' }).click()
          );
          expect(response?.status()).toBe(200);
          expect(await page.getByRole('status').textContent()).toContain('已根据您填写的内容更新材料清单');
          expect(await formValues(page, permit)).toEqual(
            Object.fromEntries(
              permit.form.map(f => [f.name, f.name === phone.name ? '12345' : typed(f, answers[f.name])])
            )
          );
        }
        for (const material of ['中标通知书', '监理合同']) {
          const box = page.locator(`${materialInput(permit, material)}-box`);
          expect(await box.isVisible(), `${material} is asked for`).toBe(true);
          expect(await box.locator('[data-need]').textContent()).toBe('必须提交');
        }
        uploaded = await chooseFiles(page, permit, answers, javaScript);
        expect(uploaded).toEqual(['申请表', '中标通知书', '施工合同', '监理合同', '图审合格书', '资金承诺']);
        await page.getByLabel('网上提交（上传扫描件）').check();
        await page.getByLabel(deliveryLabel).check();
      });

      await step('sending it with the wrong phone number: the error summary, nothing lost', async () => {
        if (javaScript) {
          const sent: string[] = [];
          page.on('request', request => {
            if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/apply'))
              sent.push(request.url());
          });
          await page.getByRole('button', { name: '提交申请' }).click();
          const summary = page.locator('#error-summary');
          await summary.waitFor();
          expect((await focused(page)).id, 'the summary has the focus').toBe('error-summary');
          expect(await summary.getByRole('link').evaluateAll(links => links.map(a => a.getAttribute('href')))).toEqual([
            `#${phoneId}`
          ]);
          expect(await summary.textContent()).toContain(`“${phone.name}”请填写 11 位手机号码`);
          expect(await page.locator(`#${phoneId}`).getAttribute('aria-invalid')).toBe('true');
          expect(sent, 'the browser checked the form: nothing was sent').toEqual([]);
        } else {
          const response = await follow(page, () => page.getByRole('button', { name: '提交申请' }).click());
          expect(response?.status()).toBe(422);
          const summary = page.locator('#error-summary');
          expect(await summary.getByRole('link').count()).toBe(1);
          expect(await summary.getByRole('link').getAttribute('href')).toBe(`#${phoneId}`);
          expect(await summary.textContent()).toContain(`“${phone.name}”请填写 11 位手机号码`);
          // What was typed and chosen came back: the answers, the files (listed under their materials), the choices.
          expect(await formValues(page, permit)).toEqual(
            Object.fromEntries(
              permit.form.map(f => [f.name, f.name === phone.name ? '12345' : typed(f, answers[f.name])])
            )
          );
          for (const material of uploaded) {
            const listed = await page.locator(`${materialInput(permit, material)}-box ul.files li`).allTextContents();
            expect(
              listed.map(t => t.replace(/\s+/g, ' ').trim()),
              material
            ).toEqual([`${material}.pdf（1 页，1 KB） 移除`]);
          }
          expect(await page.getByLabel('网上提交（上传扫描件）').isChecked()).toBe(true);
          expect(await page.getByLabel(deliveryLabel).isChecked()).toBe(true);
        }
        await checkPage(page, `the apply page with an error (${where})`);
        // The summary's link takes the keyboard to the field.
        await page.locator('#error-summary').getByRole('link').click();
        expect((await focused(page)).id).toBe(phoneId);
      });

      let caseId = '';
      let caseNumber = '';
      await step('the phone number corrected and the application sent: the receipt', async () => {
        await control(page, phone).fill(String(answers[phone.name]));
        await follow(page, () => page.getByRole('button', { name: '提交申请' }).click(), /\/notices\/0\?receipt=1$/);
        caseId = /\/hall\/cases\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('申请材料收件回执');
        expect(await page.getByRole('status').textContent()).toContain('申请已提交');
        caseNumber = await fact(page, '办件编号');
        expect(caseNumber).toMatch(/^11350200003650121J20260928\d+$/);
        expect(await fact(page, '申请人')).toBe(organisationName);
        expect(await fact(page, '事项')).toBe(permit.name);
        expect(await receivedMaterials(page)).toEqual([...uploaded].sort());
        expectNoConsoleErrors(page, 'the receipt');
      });

      if (run.correctedBy === 'handler') {
        await step('accepted: the case page shows the promised deadline', async () => {
          await command(hall, demo.window, caseId, { type: 'passPreReview' });
          await command(hall, demo.window, caseId, { type: 'confirmPaper' });
          await command(hall, demo.window, caseId, { type: 'accept' });
          await visit(page, `/hall/cases/${caseId}`);
          expect(await fact(page, '当前状态')).toBe('办理中');
          await expectDeadlineShown(page, caseId);
        });
      }

      await step(
        `a correction with two items (by the ${run.correctedBy === 'window' ? 'window, before acceptance' : 'reviewer, during review'}): inbox, my cases, the case page`,
        async () => {
          await command(hall, run.correctedBy, caseId, { type: 'requestCorrection', items });
          const message = await awaitMessage(page, caseNumber, items[0]!);
          expect(message).toContain(`【${permit.name}】办件 ${caseNumber}`);
          expect(message).toContain(items[1]!);
          await visit(page, '/hall/my');
          expect(await page.locator('tr', { hasText: caseNumber }).textContent()).toContain('待补正（请补正）');
          await visit(page, '/hall/inbox');
          await follow(page, () =>
            page
              .locator('ol.messages > li')
              .filter({ hasText: caseNumber })
              .filter({ hasText: items[0]! })
              .getByRole('link', { name: '查看办件' })
              .click()
          );
          expect(new URL(page.url()).pathname).toBe(`/hall/cases/${caseId}`);
          const correction = page.locator('section[aria-labelledby="correction"]');
          expect(await correction.getByRole('heading').textContent()).toMatch(
            /^需要补正（第 1 次补正通知，2026年9月28日 \d\d:\d\d）$/
          );
          expect((await correction.locator('ol > li').allTextContents()).map(t => t.trim())).toEqual(items);
          expect(await fact(page, '当前状态')).toBe('待补正');
          expect(await fact(page, '您需要做的')).toContain('一次性补正');
          expect(await page.getByRole('link', { name: '补正材料通知书' }).count()).toBe(1);
          const pauses = await pausesOf(page);
          if (run.correctedBy === 'handler') {
            // During review the time limit stops while the applicant corrects.
            expect(pauses).toHaveLength(1);
            expect(pauses[0]).toMatch(/^等待补正：2026年9月28日 \d\d:\d\d 至 现在，这段时间不计入办理时限。$/);
          } else {
            // Before acceptance the time limit has not started: there is nothing to pause.
            expect(pauses).toEqual([]);
          }
          await checkPage(page, `the case page during correction (${where})`);
        }
      );

      await step('one material replaced and the correction sent', async () => {
        const form = page.locator(`form[action="/hall/cases/${caseId}/resubmit"]`);
        const contract = form.getByLabel(/^建设工程施工合同（扫描件最多 5 页）$/);
        await contract.setInputFiles(materialFile('施工合同', 3, '施工合同-完整版.pdf'));
        if (javaScript)
          await expect
            .poll(() => form.locator('ul.files li').allTextContents(), { timeout: 15_000 })
            .toEqual(['施工合同-完整版.pdf（3 页） 已上传']);
        await follow(page, () => form.getByRole('button', { name: '提交补正材料' }).click(), /\?done=resubmitted$/);
        expect(await page.getByRole('status').first().textContent()).toContain('补正材料已提交');
        expect(await page.locator('section[aria-labelledby="correction"]').count()).toBe(0);
        const files = await page.locator('h2#files + ul > li').allTextContents();
        expect(files).toContain('施工合同-完整版.pdf（建设工程施工合同）');
        expect(files).toHaveLength(uploaded.length + 1);
        // The timeline tells the correction and the resubmission, and who did each (the department, not a name).
        const timeline = await timelineOf(page);
        const labels = timeline.map(([label]) => label);
        expect(labels.indexOf('一次性告知补正')).toBeGreaterThan(labels.indexOf('提交申请'));
        expect(labels.indexOf('补正后重新提交')).toBeGreaterThan(labels.indexOf('一次性告知补正'));
        expect(timeline).toContainEqual(['一次性告知补正', permit.department.name]);
        expect(timeline).toContainEqual(['补正后重新提交', '申请人']);
        expect(JSON.stringify(timeline)).not.toMatch(/王窗口|陈承办/);
        const pauses = await pausesOf(page);
        if (run.correctedBy === 'handler') {
          expect(pauses).toHaveLength(1);
          expect(pauses[0]).toMatch(
            /^等待补正：2026年9月28日 \d\d:\d\d 至 2026年9月28日 \d\d:\d\d，这段时间不计入办理时限。$/
          );
          expect(await fact(page, '当前状态')).toBe('办理中');
        } else {
          expect(pauses).toEqual([]);
          expect(await fact(page, '当前状态')).toBe('已提交，待预审');
        }
        expectNoConsoleErrors(page, 'the case page after resubmission');
      });

      if (run.correctedBy === 'window') {
        await step('accepted after the correction', async () => {
          await command(hall, demo.window, caseId, { type: 'passPreReview' });
          await command(hall, demo.window, caseId, { type: 'confirmPaper' });
          await command(hall, demo.window, caseId, { type: 'accept', opinion: '材料齐全，予以受理' });
        });
      }

      await step('in review: the promised deadline with the workdays left, and the acceptance notice', async () => {
        await visit(page, `/hall/cases/${caseId}`);
        expect(await fact(page, '当前状态')).toBe('办理中');
        await expectDeadlineShown(page, caseId);
        expect(await page.getByRole('link', { name: '受理通知书' }).count()).toBe(1);
      });

      await step('staff review, co-approve, decide: the result is on its way by the chosen delivery', async () => {
        await command(hall, demo.handler, caseId, {
          type: 'completeStep',
          stepId: 'review-1',
          opinion: '材料齐全，符合发证条件'
        });
        await command(hall, demo.handler, caseId, { type: 'distribute' });
        await command(hall, 'planning', caseId, {
          type: 'answerCoApproval',
          agree: true,
          reasons: '用地和规划许可手续齐全'
        });
        await command(hall, airDefenceClerk.login, caseId, {
          type: 'answerCoApproval',
          agree: true,
          reasons: '人防工程防护设计已审查'
        });
        await command(hall, demo.handler, caseId, { type: 'consolidate', opinion: '各协办部门均同意' });
        await command(hall, demo.chief, caseId, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
        await command(hall, demo.leader, caseId, {
          type: 'decide',
          approve: true,
          reasons: '符合《建筑工程施工许可管理办法》规定的条件'
        });
        await visit(page, `/hall/cases/${caseId}`);
        expect(await fact(page, '当前状态')).toBe('已决定，待送达');
        expect(await mainText(page)).toContain(
          `结果正在送达（您选择了${run.delivery === 'online' ? '网上' : '快递'}送达）。`
        );
        await command(hall, demo.window, caseId, { type: 'deliver', method: run.delivery });
        await command(hall, demo.window, caseId, { type: 'complete' });
      });

      await step('completed: the decision notice', async () => {
        await visit(page, `/hall/cases/${caseId}`);
        expect(await fact(page, '当前状态')).toBe('已办结');
        expect(await mainText(page)).toMatch(
          new RegExp(
            `结果已于 2026年9月28日 \\d\\d:\\d\\d 以“${run.delivery === 'online' ? '网上' : '快递'}”方式送达。`
          )
        );
        await follow(page, () => page.getByRole('link', { name: '准予行政许可决定书' }).click());
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('准予行政许可决定书');
        expect(await fact(page, '办件编号')).toBe(caseNumber);
        expect(await fact(page, '申请人')).toBe(organisationName);
        const text = await mainText(page);
        expect(text).toContain(`准予许可，颁发${permit.result!.name}。`);
        expect(text).toContain('理由：符合《建筑工程施工许可管理办法》规定的条件');
        await checkPage(page, `the decision notice (${where})`);
        await follow(page, () => page.getByRole('link', { name: '查看办理进度' }).click());
      });

      await step('the e-licence, and its download', async () => {
        await follow(page, () => page.getByRole('link', { name: `${permit.result!.name}（电子证照）` }).click());
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(permit.result!.name);
        // The e-licence library's own number: the department's code, the year, the sequence (not the case number).
        expect(await fact(page, '证照编号')).toMatch(/^[0-9A-Z]{18}-2026-\d{6}$/);
        expect(await fact(page, '持证主体')).toBe(organisationName);
        expect(await fact(page, '项目名称')).toBe(project);
        expect(await fact(page, '发证机关')).toBe(permit.department.name);
        // Valid for three months from the day of the decision, that day included.
        expect(await fact(page, '有效期')).toBe('2026-09-28 至 2026-12-27');
        // The download is the sealed PDF (电子签章), not a copy of the page.
        const link = page.getByRole('link', { name: '下载 PDF（电子签章）' });
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toMatch(/〔2026〕\d+号\.pdf$/);
        const href = new URL((await link.getAttribute('href'))!, page.url()).href;
        const answer = await page.context().request.get(href);
        expect(answer.status()).toBe(200);
        expect(answer.headers()['content-type']).toBe('application/pdf');
        expect(answer.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"/);
        expect((await answer.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        await follow(page, () => page.getByRole('link', { name: '返回办件' }).click());
      });

      await step('rating the service: 不满意 needs a reason', async () => {
        await follow(page, () => page.getByRole('link', { name: '评价本次服务' }).click());
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('服务评价');
        expect(await fact(page, '办件编号')).toBe(caseNumber);
        await page.getByRole('radio', { name: '不满意', exact: true }).check();
        const refused = await follow(page, () => page.getByRole('button', { name: '提交评价' }).click());
        expect(refused?.status()).toBe(422);
        const summary = page.locator('#error-summary');
        expect(await summary.getByRole('link').getAttribute('href')).toBe('#reason');
        expect(await summary.textContent()).toContain('原因');
        expect(
          await page.getByRole('radio', { name: '不满意', exact: true }).isChecked(),
          'the rating chosen is kept'
        ).toBe(true);
        await checkPage(page, `the evaluation form with an error (${where})`);
        const reason = '补正通知发出前等了两天，希望一次告知得再快一些。';
        await page.getByRole('textbox', { name: '原因', exact: true }).fill(reason);
        await follow(page, () => page.getByRole('button', { name: '提交评价' }).click(), /\?done=rated$/);
        expect(await page.getByRole('status').textContent()).toBe('感谢您的评价。');
        const given = 'section[aria-labelledby="given"]';
        expect(await fact(page, '评价', given)).toBe('不满意');
        expect(await fact(page, '原因', given)).toBe(reason);
        expect(await fact(page, '整改', given)).toMatch(new RegExp(`^${permit.department.name}须于 .+ 前整改并答复您`));
        expect(await page.getByRole('button', { name: '提交评价' }).count(), 'rated once, the form is gone').toBe(0);
        expectNoConsoleErrors(page, 'the evaluation');
      });
      await closePage(page);
    },
    journeyTimeout
  );

  it(
    'a person asks from a guide and complains from it: the answer and the outcome reach them, the public list names nobody',
    async () => {
      const page = await newPage({ ...widths.phone, javaScript: true, baseURL: hall.url });
      page.setDefaultTimeout(20_000);
      const question = '个人在自有宅基地上自建三层住房，是否需要办理建筑工程施工许可证？';
      const answer =
        '农民自建低层住宅不适用《建筑工程施工许可管理办法》，无需办理施工许可证；请向所在镇（街道）咨询建房审批手续。';

      await step('我要咨询 from the guide: sign in first, then the question about this matter', async () => {
        await visit(page, `/hall/matters/${permit.code}`);
        await follow(page, () => page.getByRole('link', { name: '我要咨询' }).click());
        expect(await page.getByRole('heading', { name: '网上咨询需要登录' }).count()).toBe(1);
        await follow(page, () => page.getByRole('link', { name: '登录', exact: true }).last().click());
        await signInWithForm(page, demo.person);
        expect(new URL(page.url()).pathname).toBe('/hall/consultations');
        expect(await mainText(page)).toContain(`您正在咨询：${permit.name}（${permit.department.name}）`);
        expect(await page.getByLabel('咨询的事项（可不选）').inputValue()).toBe(permit.code);
        await page.getByLabel('咨询内容').fill(question);
        await follow(page, () => page.getByRole('button', { name: '提交咨询' }).click(), /\?done=asked/);
        expect(await page.getByRole('status').textContent()).toContain('您的咨询已提交');
        const mine = page.locator('section[aria-labelledby="mine"] article').filter({ hasText: question });
        expect(await fact(page, '状态', 'section[aria-labelledby="mine"] article')).toBe('待答复');
        expect(await mine.textContent()).toContain(permit.name);
      });

      await step('the window answers: the answer on the page and in the inbox', async () => {
        const open = await apiGet(hall, demo.window, '/api/office/consultations?status=open');
        const asked = open.items.find((c: { question: string }) => c.question === question);
        expect(asked, 'the department has the question').toBeDefined();
        await apiPost(hall, demo.window, `/api/office/consultations/${asked.id}/answer`, { answer });
        await visit(page, '/hall/consultations');
        const mine = 'section[aria-labelledby="mine"] article';
        expect(await fact(page, '状态', mine)).toBe('已答复');
        expect(await fact(page, '答复', mine)).toBe(answer);
        const message = await awaitMessage(page, answer);
        expect(message).toContain(`【网上咨询】${permit.department.name}已答复您的咨询`);
        await checkPage(page, 'my consultations with an answer (360 px)');
      });

      const complaint = `我是${personName}，9 月 28 日上午到市民中心住建窗口咨询施工许可，排队一个多小时无人接待。`;
      const reply =
        '经核查，当日窗口人员临时抽调，未及时安排替班。已对窗口负责人进行提醒谈话，并增设高峰时段弹性窗口。';
      const summary = '反映住建窗口高峰时段等候时间过长。经核查属实，已增设高峰时段弹性窗口并对相关人员进行提醒谈话。';
      await step('我要投诉 from the guide', async () => {
        await visit(page, `/hall/matters/${permit.code}`);
        await follow(page, () => page.getByRole('link', { name: '我要投诉' }).click());
        expect(new URL(page.url()).hash).toBe('#file');
        await page.getByLabel('被投诉的部门').selectOption(permit.department.name);
        await page.getByLabel('涉及的事项（可不选）').selectOption(permit.code);
        await page.getByLabel('投诉内容').fill(complaint);
        await follow(page, () => page.getByRole('button', { name: '提交投诉' }).click(), /\?done=filed/);
        expect(await page.getByRole('status').textContent()).toContain('您的投诉已提交');
        expect(await fact(page, '状态', 'section[aria-labelledby="mine"] article')).toBe('待受理');
      });

      await step(
        'the department accepts and resolves it; a summary with the complainant’s name is refused',
        async () => {
          const open = await apiGet(hall, demo.window, '/api/office/complaints?status=open');
          const filed = open.items.find((c: { content: string }) => c.content.includes(complaint));
          expect(filed, 'the department has the complaint').toBeDefined();
          expect(filed.matterCode).toBe(permit.code);
          await apiPost(hall, demo.window, `/api/office/complaints/${filed.id}/decide`, {
            accept: true,
            reply: '您的投诉已受理，我们将在 10 个工作日内核查处理。'
          });
          await apiPost(
            hall,
            demo.window,
            `/api/office/complaints/${filed.id}/resolve`,
            { reply, publicSummary: `${personName}反映住建窗口等候时间过长，已整改。` },
            422
          );
          await apiPost(hall, demo.window, `/api/office/complaints/${filed.id}/resolve`, {
            reply,
            publicSummary: summary
          });
        }
      );

      await step('the complainant reads the outcome', async () => {
        await visit(page, '/hall/complaints');
        const mine = 'section[aria-labelledby="mine"] article';
        expect(await fact(page, '状态', mine)).toBe('已办结');
        expect(await fact(page, '处理结果', mine)).toBe(reply);
        expect(await fact(page, '公示摘要', mine)).toBe(summary);
        const message = await awaitMessage(page, reply);
        expect(message).toContain(`【网上投诉】${permit.department.name}已办结您的投诉`);
      });
      await closePage(page);

      await step('anyone reads the published outcome: no name, no ID number, not the complaint itself', async () => {
        const visitor = await newPage({ ...widths.phone, javaScript: false, baseURL: hall.url });
        await visit(visitor, '/hall/complaints');
        const published = visitor.locator('section[aria-labelledby="published"]');
        const row = published.locator('tbody tr').filter({ hasText: summary });
        expect(await row.count()).toBe(1);
        expect((await row.locator('td').allTextContents()).map(t => t.trim())).toEqual([
          expect.stringMatching(/^2026-09-28$/),
          permit.department.name,
          permit.name,
          summary
        ]);
        const text = await mainText(visitor);
        for (const secret of [personName, demo.person, '排队一个多小时']) expect(text, secret).not.toContain(secret);
        await checkPage(visitor, 'the public complaints list (360 px, no script)');
        await closePage(visitor);
      });
    },
    journeyTimeout
  );
});

describe('in the annual-inspection season (the hall’s clock at 2026-03-10 10:00)', () => {
  let hall: Hall;
  beforeAll(async () => {
    hall = await startHall({ clock: '2026-03-10T10:00:00+08:00' });
  }, 90_000);
  afterAll(async () => {
    await hall?.stop();
  });

  it(
    'a company files its written annual inspection and its annual report, without JavaScript',
    async () => {
      const page = await newPage({ ...widths.phone, javaScript: false, baseURL: hall.url });
      page.setDefaultTimeout(20_000);

      await step('民办非企业单位年度检查: signing in, 书面检查, the materials the answers need', async () => {
        await visit(page, `/hall/matters/${inspection.code}/apply`);
        await signInWithForm(page, demo.organisation);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`申请：${inspection.name}`);
        const answers: AnswerMap = answersFor(inspection, {
          单位名称: '厦门市示例职业培训学校',
          单位信用代码: '52350200MJ0000002H',
          业务主管单位: '厦门市人力资源和社会保障局',
          登记日期: '2018-06-01',
          年末净资产: 1250000.5,
          本年度业务活动收入: 3600000,
          持有执业许可证: true,
          联系电话: '13800000002'
        });
        await fillForm(page, inspection, answers);
        await follow(page, () => page.getByRole('button', { name: '根据填写内容更新材料清单' }).click());
        const mode = page.getByRole('group', { name: /^年检方式/ });
        expect(await mode.textContent()).toContain('申报时间：每年 01-01 至 05-31');
        await mode.getByLabel(/^书面检查/).check();
        const uploaded = await chooseFiles(page, inspection, answers, false);
        expect(uploaded).toEqual(['年检报告书', '登记证书', '财务报告', '执业许可证']);
        await page.getByLabel('网上提交（上传扫描件）').check();
        await page.getByLabel('网上送达（电子证照、电子文书）').check();
        await follow(page, () => page.getByRole('button', { name: '提交申请' }).click(), /\/notices\/0\?receipt=1$/);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('申请材料收件回执');
        expect(await fact(page, '事项')).toBe(inspection.name);
        expect(await receivedMaterials(page)).toEqual([...uploaded].sort());
      });

      await step('企业年度报告公示: not sent before the commitment is signed', async () => {
        await visit(page, `/hall/matters/${annualReport.code}/apply`);
        const answers: AnswerMap = answersFor(annualReport, {
          企业名称: organisationName,
          企业信用代码: demo.organisation,
          报告年度: 2025,
          从业人数: 86,
          资产总额: 52000000,
          营业总收入: 138000000.25,
          纳税总额: 4100000,
          有对外投资: false,
          有网站或网店: true,
          企业联系电话: '0592-5000001',
          企业通信地址: '厦门市思明区示例路 1 号'
        });
        await fillForm(page, annualReport, answers);
        // The report is filled in online: nothing to upload, and no box to upload it in (office-audit 22).
        expect(requiredUploads(annualReport, answers)).toEqual([]);
        const report = page.locator(`${materialInput(annualReport, '年度报告')}-box`);
        expect(await report.textContent()).toContain('在线填报，无需上传');
        expect(await report.locator('input[type=file]').count()).toBe(0);
        const commitment = page.getByRole('group', { name: '承诺' });
        expect(await commitment.textContent()).toContain(annualReport.declaration!.commitment);
        const sent: string[] = [];
        page.on('request', request => {
          if (request.method() === 'POST') sent.push(request.url());
        });
        await page.getByRole('button', { name: '提交申请' }).click();
        // The browser's own check stops the form and takes the person to the box to tick.
        await expect
          .poll(() => focusedControl(page))
          .toMatchObject({ tag: 'input', name: 'commitment', valueMissing: true });
        expect(sent, 'nothing was sent').toEqual([]);
        expect(new URL(page.url()).pathname).toBe(`/hall/matters/${annualReport.code}/apply`);

        await commitment.getByLabel('本人（本单位）已阅读并签署上述承诺').check();
        await follow(page, () => page.getByRole('button', { name: '提交申请' }).click(), /\/notices\/0\?receipt=1$/);
        expect(await fact(page, '事项')).toBe(annualReport.name);
        expect(await fact(page, '申请人')).toBe(organisationName);
      });

      await step('both in my cases', async () => {
        await visit(page, '/hall/my');
        const rows = await page.locator('tbody tr').allTextContents();
        for (const name of [inspection.name, annualReport.name])
          expect(
            rows.some(r => r.includes(name) && r.includes('待预审')),
            name
          ).toBe(true);
        await checkPage(page, 'my cases in the inspection season (360 px, no script)');
      });
      await closePage(page);
    },
    journeyTimeout
  );
});
