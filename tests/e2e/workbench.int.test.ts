/**
 * The case workbench in Chromium against a real runtime process, as the housing bureau's window clerk and handler
 * use it: the clerk finds a new construction permit at the top of 我的待办, opens it, reads why its Art. 32 date
 * falls where it does, builds the one-time correction notice by ticking a material and saying what is wrong, reads
 * it as the applicant will and sends it; after the applicant resubmits, the clerk passes pre-review and accepts;
 * the handler finds it in their own inbox, opens the applicant's PDF in the page and completes the review step
 * with an opinion; the clerk answers a consultation from the same inbox. axe on the inbox, the case page and the requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import {
  closeBrowser,
  demo,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  submitCase,
  uploadMaterial,
  type Hall,
  type Page,
  type SubmittedCase
} from '../support/browser-harness.ts';
import { pageProblems, signInAs } from './studio-steps.ts';

const permitCode = '11350200003650121J300011700600001';

let hall: Hall;
let page: Page;
let submitted: SubmittedCase;

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall(), openBrowser()]);
  hall = started;
  page = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
  const company = await hall.user(demo.organisation);
  const permit = (await company.get(`/api/hall/matters/${permitCode}`)).body.definition as Definition;
  submitted = await submitCase(hall, demo.organisation, permit);
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail')
    await page?.screenshot({ path: `test-results/workbench-${context.task.name.slice(0, 40)}.png` }).catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

async function openFromInbox() {
  await page.getByRole('navigation', { name: '工作台栏目' }).getByRole('link', { name: '办件' }).click();
  await page.waitForURL(/\/studio\/cases$/);
  const row = page.getByRole('row').filter({ hasText: submitted.caseNumber });
  await row.waitFor();
  return row;
}

describe('the workbench: the window and the handler of the housing bureau on one construction permit', () => {
  it('the window clerk finds the new case in 我的待办 and reads why its dates fall where they do', async () => {
    await signInAs(page, hall, 'window');
    const row = await openFromInbox();
    await expect(row.innerText()).resolves.toContain('预审');
    await expectNoAxeViolations(page, 'studio inbox (window)');
    await row.getByRole('link', { name: submitted.caseNumber }).click();
    await page.waitForURL(/\/studio\/cases\/case\?id=/);
    await page.getByRole('heading', { name: new RegExp(submitted.caseNumber) }).waitFor();
    await page.getByRole('button', { name: '为什么是这一天' }).first().click();
    await page.locator('ol.why li').first().waitFor();
    expect((await page.locator('ol.why').innerText()).length).toBeGreaterThan(10);
    await expectNoAxeViolations(page, 'studio case page');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('builds the one-time correction notice, reads it as the applicant will, and sends it', async () => {
    const form = page
      .locator('form.action')
      .filter({ has: page.getByRole('heading', { name: '补正通知', exact: true }) });
    await form.getByRole('button', { name: '预览补正通知' }).click();
    await form.getByText('请勾选需要补正的材料').waitFor();
    await form.getByLabel('建设工程施工合同').check();
    await form.getByLabel('“建设工程施工合同”的问题').fill('缺少双方签章页');
    await form.getByRole('button', { name: '预览补正通知' }).click();
    const preview = page.getByRole('region', { name: '补正通知预览' });
    await preview.getByText('建设工程施工合同：缺少双方签章页').waitFor();
    await form.getByRole('button', { name: '发出补正通知' }).click();
    await page.getByText('已办理：补正通知。').waitFor();
    await page.locator('.head .tag', { hasText: '补正' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('after the applicant resubmits, the clerk passes pre-review and accepts', async () => {
    const company = await hall.user(demo.organisation);
    const fileId = await uploadMaterial(company, '施工合同');
    const resubmitted = await company.post(`/api/hall/cases/${submitted.id}/resubmit`, {
      materials: [{ material: '施工合同', fileId }]
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    await page.reload();
    await page.getByRole('heading', { name: '办理', exact: true }).waitFor();
    // Pre-review, then the paper check where the matter asks for it (a good record may skip it), then acceptance.
    for (const label of ['预审', '核对纸质材料', '受理']) {
      const action = page
        .locator('form.action')
        .filter({ has: page.getByRole('heading', { name: label, exact: true }) });
      if ((await action.count()) === 0) continue;
      if (label === '核对纸质材料') {
        // Item by item: the clerk says of each material's paper that it matches its upload.
        const matches = action.getByRole('combobox', { name: /与网上提交的是否一致/ });
        for (let i = 0; i < (await matches.count()); i++) await matches.nth(i).selectOption('yes');
      }
      await action.getByRole('button', { name: label, exact: true }).click();
      await page.getByText(`已办理：${label}。`).or(action.getByRole('alert')).waitFor();
      const refused = page.getByRole('alert');
      if ((await refused.count()) > 0) throw new Error(`${label}: ${await refused.first().innerText()}`);
    }
    await page.locator('.head .tag', { hasText: '办理中' }).waitFor();
  }, 120_000);

  it('the handler finds it in their inbox, reads the applicant’s PDF in the page, and completes the review', async () => {
    await signInAs(page, hall, 'handler');
    const row = await openFromInbox();
    await row.getByRole('link', { name: submitted.caseNumber }).click();
    await page.getByRole('tab', { name: /材料/ }).click();
    const contract = page.getByRole('button', { name: /施工合同/ }).first();
    await contract.click();
    await page.getByText(/第 1 页，共 \d+ 页/).waitFor({ timeout: 30_000 });
    // pdf.js drew the page: the canvas is not blank.
    const drawn = await page.locator('.viewer canvas').evaluate(c => (c as HTMLCanvasElement).width > 0);
    expect(drawn).toBe(true);
    await page
      .getByText(/第 1 次补正/)
      .first()
      .waitFor();
    const review = page
      .locator('form.action')
      .filter({ has: page.getByLabel('审查意见', { exact: true }) })
      .first();
    await review.getByRole('button').last().click();
    await review.getByText('请填写审查意见。').waitFor();
    await review.getByLabel('审查意见').fill('材料齐全，符合法定条件，建议准予许可。');
    await review.getByRole('button').last().click();
    await page.getByText(/已办理：/).waitFor();
    await page.getByRole('tab', { name: '办理意见' }).click();
    await page.getByText('材料齐全，符合法定条件，建议准予许可。').waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
  it('the window clerk answers a consultation from the same inbox, and the applicant reads the answer', async () => {
    const company = await hall.user(demo.organisation);
    const asked = await company.post('/api/hall/consultations', {
      matterCode: permitCode,
      question: '施工许可证办理需要提供几份施工合同？'
    });
    expect(asked.status).toBe(201);
    await signInAs(page, hall, 'window');
    await page.getByRole('navigation', { name: '工作台栏目' }).getByRole('link', { name: '办件' }).click();
    await page.waitForURL(/\/studio\/cases$/);
    const link = page.getByRole('row').filter({ hasText: '咨询' }).getByRole('link', { name: '咨询' }).first();
    await link.click();
    await page.waitForURL(/\/studio\/cases\/requests/);
    const item = page.locator('article').filter({ hasText: '施工许可证办理需要提供几份施工合同？' });
    await item.getByRole('button', { name: '答复' }).click();
    await item.getByText('请填写答复。').waitFor();
    await item.getByLabel('答复').fill('原件或复印件 1 份，扫描合同首页、工程概况、合同价款和双方签章页即可。');
    await item.getByRole('button', { name: '答复' }).click();
    await page.getByText('已答复咨询，申请人会收到答复。').waitFor();
    await expectNoAxeViolations(page, 'studio requests');
    const mine = await company.get('/api/hall/consultations');
    const answered = (mine.body.items as Array<{ id: string; status: string; answer: string | null }>).find(
      c => c.id === asked.body.id
    );
    expect(answered).toMatchObject({ status: 'answered', answer: expect.stringContaining('双方签章页') });
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});
