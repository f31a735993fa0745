/**
 * 窗口收件 in Chromium against a real runtime serving the built studio: the housing bureau's window clerk registers a
 * walk-in organisation (its agent's ID card checked) and records it as 信用良好 with the basis, enters a
 * construction-permit application with scanned PDFs, submits it on site, and the printable receipt shows the case
 * number and the Art. 32 date; on the case page the clerk proposes false materials found in the paper and sees it
 * wait for the section chief; the handler's case list then has it. axe on each page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requiredUploads } from '@banshi/definition/answers';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { testCreditCode } from '../../runtime/src/testing/accounts.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { pdf } from '../../runtime/src/testing/materials.ts';
import {
  closeBrowser,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  type Hall,
  type Page
} from '../support/browser-harness.ts';
import { signInOnPage } from './studio-steps.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const creditCode = testCreditCode(931);

let hall: Hall;
let page: Page;
let caseNumber = '';

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall({ clock: '2026-09-21T10:00:00+08:00' }), openBrowser()]);
  hall = started;
  page = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail')
    await page?.screenshot({ path: `test-results/window-${context.task.name.slice(0, 40)}.png` }).catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

async function signIn(login: string, next: string) {
  await page.goto(`/studio/login?next=${encodeURIComponent(next)}`);
  await signInOnPage(page, hall, login, 'banshi-demo-2026');
}

describe('窗口收件, as the housing bureau’s window clerk', () => {
  it('registers a walk-in organisation, enters a construction permit with scans, and prints the receipt', async () => {
    await signIn('window', '/studio/cases/window');
    await page.waitForURL(/\/studio\/cases\/window/);
    await page.getByRole('heading', { name: '窗口收件' }).waitFor();
    await expectNoAxeViolations(page, 'window entry');
    await page.getByRole('textbox', { name: '统一社会信用代码' }).fill(creditCode);
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('heading', { name: '未找到，当场注册' }).waitFor();
    await page.getByRole('button', { name: '注册申请人' }).click();
    await page.getByText('请确认已当面核验申请人的身份证件').first().waitFor();
    await page.getByLabel('单位名称').fill('厦门市窗口走访建设有限公司');
    await page.getByLabel('经办人姓名').fill('张经办');
    await page.getByLabel(/手机号码/).fill('13900009999');
    await page.getByLabel(/当面核验/).check();
    await page.getByRole('button', { name: '注册申请人' }).click();
    await page.getByText('已选定：').waitFor();
    await page.getByLabel('登记的依据').fill('信用中国查询无失信记录');
    await page.getByRole('button', { name: '登记为信用良好' }).click();
    await page.getByText('已登记为信用良好。').waitFor();
    expect(await page.getByText('已选定：').innerText()).toContain('信用良好');

    await page.getByLabel('事项', { exact: true }).selectOption({ label: permit.name });
    const answers = answersFor(permit, { 建设单位信用代码: creditCode }) as Record<string, string | number | boolean>;
    for (const field of permit.form.filter(f => f.required)) {
      const control = page.locator(`[id="answer-${field.name}"]`);
      const value = field.kind === 'yesNo' ? (answers[field.name] ? '是' : '否') : String(answers[field.name]);
      if (field.kind === 'choice' || field.kind === 'yesNo') await control.selectOption(value);
      else await control.fill(value);
    }
    for (const m of requiredUploads(permit, answers)) {
      await page.locator(`[id="file-${m.id}"]`).setInputFiles({
        name: `${m.id}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from(pdf(2))
      });
      await page.getByText(`已上传：${m.id}.pdf（2 页）`).waitFor();
    }
    await expectNoAxeViolations(page, 'window entry form');
    await page.getByRole('button', { name: /提交申请/ }).click();
    await page.getByRole('heading', { name: '申请已提交' }).waitFor();
    caseNumber = await page.locator('.case-number').innerText();
    expect(caseNumber).toMatch(/^[0-9A-Z]{20,40}$/);

    const [receipt] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: '打开收件回执并打印' }).click()
    ]);
    await receipt.waitForLoadState();
    const text = await receipt.locator('article.receipt').innerText();
    expect(text).toContain(caseNumber);
    expect(text).toContain('第三十二条');
    expect(await receipt.locator('.art32').innerText()).toMatch(/2026年9月\d+日|2026年10月\d+日/);
    await expectNoAxeViolations(receipt, 'window receipt');
    await receipt.close();
  }, 120_000);

  it('on the case page, proposes false materials found in the paper; the proposal waits for the section chief', async () => {
    await page.getByRole('link', { name: '打开办件页' }).click();
    await page.waitForURL(/\/studio\/cases\/case\?id=/);
    const proposal = page.getByRole('region', { name: '虚假材料认定' });
    await proposal.getByRole('button', { name: '提出虚假材料认定' }).click();
    const [material] = requiredUploads(permit, answersFor(permit, { 建设单位信用代码: creditCode }));
    await proposal.getByRole('checkbox', { name: material!.title }).check();
    await proposal.getByLabel('理由', { exact: true }).fill('核对纸质原件时发现与上传扫描件的签章不一致，原件系伪造。');
    await proposal.getByLabel('依据', { exact: true }).fill('窗口收件核对记录；纸质原件复印件已留存。');
    await proposal.getByRole('button', { name: '提出认定' }).click();
    await proposal.getByRole('status').filter({ hasText: '已提出认定。' }).waitFor();
    const text = await proposal.innerText();
    expect(text).toContain('已提出，待处室负责人确认');
    expect(text).toContain(material!.title);
    await expect(proposal.getByRole('button', { name: '提出虚假材料认定' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'case page with a false-materials proposal');
  }, 60_000);

  it('the applicant comes back with the corrected material: the clerk scans it and enters the correction', async () => {
    const form = (label: string) =>
      page.locator('form.action').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
    const [material] = requiredUploads(permit, answersFor(permit, { 建设单位信用代码: creditCode }));
    const notice = form('补正通知');
    await notice.getByLabel(material!.title, { exact: true }).check();
    await notice.getByLabel(`“${material!.title}”的问题`).fill('签章页不清晰，请重新提供');
    await notice.getByRole('button', { name: '预览补正通知' }).click();
    await notice.getByRole('button', { name: '发出补正通知' }).click();
    await page.getByText('已办理：补正通知。').waitFor();
    const again = form('窗口代为补正');
    await again.getByText(`${material!.title}（补正通知列明）`).waitFor();
    await again.getByRole('button', { name: '代为提交补正材料' }).click();
    await again.getByRole('alert').getByText('请先扫描上传申请人交来的补正材料。').waitFor();
    await again.getByLabel(`${material!.title}（补正通知列明）`).setInputFiles({
      name: '补正扫描件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(pdf(2))
    });
    await again.getByText('补正扫描件.pdf（2 页） 已上传').waitFor();
    await again.getByRole('button', { name: '代为提交补正材料' }).click();
    await page.getByText('已办理：代为提交补正材料。').waitFor();
    await expect(form('窗口代为补正').count()).resolves.toBe(0);
    await page.getByRole('tab', { name: /材料/ }).click();
    await page.getByText('第 1 次补正').first().waitFor();
    await expectNoAxeViolations(page, 'case page after a correction entered at the window');
  }, 90_000);

  it('then the handler’s case list has it', async () => {
    await page.context().clearCookies();
    await signIn('handler', '/studio/');
    await page.waitForURL(url => url.pathname.startsWith('/studio') && !url.pathname.includes('login'));
    const list = await page.evaluate(async () => (await fetch('/api/office/cases')).json());
    expect((list as { items: Array<{ caseNumber: string }> }).items.map(i => i.caseNumber)).toContain(caseNumber);
  });
});
