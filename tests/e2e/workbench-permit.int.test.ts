/**
 * One construction permit handled to its end in the studio's workbench, in Chromium against a real runtime: the window
 * clerk sends a one-time correction notice, previewed as the applicant will read it; the applicant replaces the
 * material in the hall; the clerk passes pre-review, checks the paper item by item (a mismatch is refused with its
 * findings) and accepts; the handler reviews and sends it
 * to the two co-approving departments; the planning bureau disagrees and the civil air defence office agrees, each
 * from its own inbox; the handler's consolidation must answer the disagreement; the chief starts an expert review
 * (a pause) and ends it, asks for an extension that the leader approves (Art. 42), and completes the check; the
 * leader decides; the window delivers and completes the case. Every step is the
 * person of that post, signed in, clicking the form the case page offers them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import {
  blankPdf,
  closeBrowser,
  demo,
  expectNoAxeViolations,
  forgetProblems,
  newPage,
  openBrowser,
  signIn,
  startHall,
  submitCase,
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
    await page
      ?.screenshot({ path: `test-results/workbench-permit-${context.task.name.slice(0, 40)}.png` })
      .catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

/** Signs in as `login` and opens the case from that person's own inbox. */
async function openAs(login: string) {
  await signInAs(page, hall, login);
  await page.goto('/studio/cases');
  const row = page.getByRole('row').filter({ hasText: submitted.caseNumber });
  await row.getByRole('link', { name: submitted.caseNumber }).click();
  await page.getByRole('heading', { name: '办理', exact: true }).waitFor();
}

/** The form of the command labelled `label` on the case page. */
const formOf = (label: string) =>
  page.locator('form.action').filter({ has: page.getByRole('heading', { name: label, exact: true }) });

/**
 * Submits the form, and waits for the case page to say it was done; a refusal fails with the engine's sentence. A
 * command that sends the applicant a notice shows the server's preview first: it is confirmed with a second press.
 */
async function give(label: string) {
  await formOf(label).locator('button[type=submit]').click();
  const preview = formOf(label).getByRole('region', { name: /预览（申请人将看到）/ });
  await page.getByText(`已办理：${label}。`).or(page.getByRole('alert')).or(preview).first().waitFor();
  if ((await preview.count()) > 0) {
    await formOf(label)
      .getByRole('button', { name: `确认并${label}` })
      .click();
    await page.getByText(`已办理：${label}。`).or(page.getByRole('alert')).first().waitFor();
  }
  const refused = page.getByRole('alert');
  if ((await refused.count()) > 0) throw new Error(`${label}: ${await refused.first().innerText()}`);
}

describe('a construction permit from review to completion, each post in its own inbox', () => {
  it('the window clerk sends a one-time correction notice, read first as the applicant will read it', async () => {
    await openAs('window');
    const form = formOf('补正通知');
    await form.getByLabel('建设工程施工合同').check();
    await form.getByLabel('“建设工程施工合同”的问题').fill('缺少双方签章页');
    await form.getByRole('button', { name: '预览补正通知' }).click();
    await form
      .getByRole('region', { name: /预览（申请人将看到）/ })
      .getByText(/建设工程施工合同：缺少双方签章页/)
      .waitFor();
    await form.getByRole('button', { name: '发出补正通知' }).click();
    await page.getByText('已办理：补正通知。').waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('the applicant replaces the contract in the hall', async () => {
    await page.goto('about:blank');
    await signIn(page, hall.url, demo.organisation);
    await page.goto(`/hall/cases/${submitted.id}`);
    const form = page.locator(`form[action="/hall/cases/${submitted.id}/resubmit"]`);
    await form.getByLabel(/^建设工程施工合同（扫描件最多 5 页）$/).setInputFiles({
      name: '施工合同-含签章页.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(blankPdf)
    });
    await expect
      .poll(() => form.locator('ul.files li').allTextContents(), { timeout: 15_000 })
      .toEqual([expect.stringContaining('已上传')]);
    await form.getByRole('button', { name: '提交补正材料' }).click();
    await page.waitForURL(/\?done=resubmitted$/);
    expect(await page.getByRole('status').first().textContent()).toContain('补正材料已提交');
  }, 120_000);

  it('the clerk passes pre-review, checks the paper item by item — a mismatch is refused with its findings — and accepts', async () => {
    await openAs('window');
    await give('预审');
    const paper = formOf('核对纸质材料');
    const matches = paper.getByRole('combobox', { name: /与网上提交的是否一致/ });
    const rows = await matches.count();
    expect(rows).toBeGreaterThan(1);
    for (let i = 0; i < rows; i++) await matches.nth(i).selectOption('yes');
    await paper.getByRole('combobox', { name: '建设工程施工合同 与网上提交的是否一致' }).selectOption('no');
    await paper.locator('button[type=submit]').click();
    await paper
      .getByRole('alert')
      .getByText(/纸质材料核对不符：“建设工程施工合同”纸质材料与网上提交的不一致/)
      .waitFor();
    // The refusal answered 422, as it should: that and nothing else is what the page reported.
    expect(pageProblems(page)).toEqual([expect.stringMatching(/^422 for fetch .*\/commands$/)]);
    forgetProblems(page);
    await paper.getByRole('combobox', { name: '建设工程施工合同 与网上提交的是否一致' }).selectOption('yes');
    await paper.getByRole('spinbutton', { name: '建设工程施工合同 收到的份数' }).fill('2');
    await paper.getByRole('textbox', { name: '建设工程施工合同 备注' }).fill('另附补充协议');
    await give('核对纸质材料');
    await page.getByRole('tab', { name: /材料/ }).click();
    await page.getByText('纸质：原件 2 份 · 与网上提交的一致 · 另附补充协议').waitFor();
    await give('受理');
    await page.locator('.head .tag', { hasText: '办理中' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('the handler reviews it and sends it to the co-approving departments', async () => {
    await openAs('handler');
    await formOf('环节办结').getByLabel('审查意见').fill('材料齐全，符合法定条件。');
    await give('环节办结');
    await give('分送并联审批');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('the planning bureau disagrees with its reasons and the air defence office agrees, each within its own limit', async () => {
    await openAs('planning');
    const planning = formOf('答复并联审批');
    await planning.getByText(/本部门答复期限/).waitFor();
    await planning.getByLabel('不同意').check();
    await planning.getByLabel('意见和理由').fill('用地批准手续不全，缺少规划条件核实意见。');
    await give('答复并联审批');
    await openAs('airdefence');
    await formOf('答复并联审批').getByLabel('同意', { exact: true }).check();
    await give('答复并联审批');
  }, 120_000);

  it('the consolidation must answer the disagreement', async () => {
    await openAs('handler');
    const form = formOf('汇总并联审批意见');
    await form.getByLabel('汇总意见').fill('两部门意见已汇总。');
    await form.locator('button[type=submit]').click();
    await form.getByText('请回应市自然资源和规划局的不同意见。').waitFor();
    await form
      .getByLabel('对市自然资源和规划局不同意见的回应')
      .fill('申请人已补充规划条件核实意见，经核对符合要求，不采纳不同意见。');
    await give('汇总并联审批意见');
  }, 120_000);

  it('an expert review pauses the clock; an extension is asked by the post handling the step and approved by the leader', async () => {
    await openAs('chief');
    const start = formOf('启动特殊程序');
    await start.getByLabel('特殊程序').selectOption({ index: 1 });
    await start.getByLabel('预计时长').fill('5');
    await start.getByLabel(/依据和理由/).fill('超限高层，需专家论证结构安全。');
    await give('启动特殊程序');
    await page.getByText('暂停中').first().waitFor();
    await formOf('结束特殊程序').getByLabel('结果').fill('专家论证通过。');
    await give('结束特殊程序');
    const ask = formOf('申请延期');
    await ask.getByLabel(/延长理由/).fill('专家意见需进一步核实，申请延长办理期限。');
    await give('申请延期');
    await openAs('leader');
    await formOf('批准延期').getByLabel('审批意见').fill('同意延长。');
    await give('批准延期');
    await page.getByRole('button', { name: '为什么是这一天' }).first().click();
    await page
      .locator('ol.why')
      .getByText(/延长|特殊程序|专家/)
      .first()
      .waitFor();
  }, 120_000);

  it('the chief completes the check, the leader decides, the window delivers and completes', async () => {
    await openAs('chief');
    await formOf('环节办结').getByLabel('审查意见').fill('审核同意。');
    await give('环节办结');
    await openAs('leader');
    const decide = formOf('作出决定');
    await decide.getByLabel('准予').check();
    // The decision document as the applicant will read it, from the server's preview, before it is made.
    await decide.getByRole('button', { name: '预览决定书' }).click();
    const document = decide.getByRole('region', { name: '决定书预览（申请人将看到）' });
    await document.getByRole('heading', { name: '准予行政许可决定书' }).waitFor();
    const shown = await document.innerText();
    for (const text of [submitted.caseNumber, '建筑工程施工许可证核发', '准予许可，颁发建筑工程施工许可证。'])
      expect(shown).toContain(text);
    expect(shown).toMatch(/建筑工程施工许可证（电子证照），\d{4}-\d{2}-\d{2} 核发，有效期 \d{4}-\d{2}-\d{2} 至/);
    await expectNoAxeViolations(page, 'studio case page, decision preview');
    // Writing reasons after previewing makes another decision: the preview goes, and it must be previewed again.
    await decide.getByLabel(/决定理由/).fill('符合法定条件，准予许可。');
    await document.waitFor({ state: 'detached' });
    await decide.getByRole('button', { name: '预览决定书' }).waitFor();
    await give('作出决定');
    await page.getByRole('tab', { name: '文书与通知' }).click();
    await page.getByRole('heading', { name: /准予行政许可决定书/ }).waitFor();
    await page.getByText('理由：符合法定条件，准予许可。').waitFor();
    await openAs('window');
    const deliver = formOf('送达');
    // The applicant chose no method when applying: the window picks one of those the matter offers.
    await deliver.getByLabel('送达方式').selectOption({ index: 1 });
    await give('送达');
    await give('办结');
    await page.locator('.head .tag', { hasText: /办结/ }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});
