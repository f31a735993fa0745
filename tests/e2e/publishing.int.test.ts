/**
 * Publishing a change as a department and the reform office do it, in Chromium against a real runtime process
 * serving the built studio (004 第十四、十六条): an author adds a fee and a material with its blank form, and submits
 * with a reason; the department head reads what changed, the guide before and after and the impact (a case under
 * way stays on its version), and schedules the change; at that time, with no request to trigger it, the hall shows
 * the new guide and the form downloads, and the case keeps its version; the reform office orders a correction on
 * the filing and the author sees it on the task list and on the matter. axe on every studio page on the way.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import { docx } from '../../runtime/src/testing/template-files.ts';
import type { Definition } from '@banshi/definition';
import {
  closeBrowser,
  demo,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  submitCase,
  type Hall,
  type Page,
  type SubmittedCase
} from '../support/browser-harness.ts';
import { pageProblems, signInAs } from './studio-steps.ts';

const permitCode = '11350200003650121J300011700600001';
const clockStart = '2026-12-30T10:00:00+08:00';
const fee = '收费 { 证照工本费 10 元 依据 "《厦门市建设工程收费目录》第 3 项" }';
const pledge = '安全承诺 "建设工程安全生产承诺书" 模板 "templates/建设工程安全生产承诺书.docx" 原件 1 份 必要';

let hall: Hall;
let page: Page;
/** Before the runtime started: its drill clock reads at most clockStart + (now − startedBefore). */
let startedBefore = 0;
let earlierCase: SubmittedCase;
let goLive = '';

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  startedBefore = Date.now();
  const [started] = await Promise.all([startHall({ clock: clockStart }), openBrowser()]);
  hall = started;
  page = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
  // A case under way before the change: it must stay on version 1.
  const company = await hall.user(demo.organisation);
  const permit = (await company.get(`/api/hall/matters/${permitCode}`)).body.definition as Definition;
  earlierCase = await submitCase(hall, demo.organisation, permit);
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail')
    await page?.screenshot({ path: `test-results/publishing-${context.task.name.slice(0, 40)}.png` }).catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

async function goToLine(line: number) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
}

/** The published text the draft starts from (Monaco draws only the lines in view: line numbers come from here). */
let publishedSource = '';

/** Goes to the end of the line holding `find` in the text the draft started from (edits so far keep line counts). */
async function endOfLine(find: string) {
  const line = publishedSource.split('\n').findIndex(l => l.includes(find)) + 1;
  expect(line, find).toBeGreaterThan(0);
  await goToLine(line);
  await page.keyboard.press('End');
}

/** Replaces the line holding `find` (its indentation kept) with `text`, as an input method commits a phrase. */
async function replaceLine(find: string, text: string) {
  await endOfLine(find);
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText(text);
}

/** A time for the schedule at least `seconds` ahead of the runtime's drill clock, as the head types it (Beijing). */
function beijingInputAhead(seconds: number): string {
  const serverNowAtMost = Date.parse(clockStart) + (Date.now() - startedBefore);
  const at = Math.ceil((serverNowAtMost + seconds * 1000) / 1000) * 1000;
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 19);
}

const guidePath = `/hall/matters/${permitCode}`;

describe('publishing a change: the author, the head, the hall at the set time, the reform office', () => {
  it('the author drafts the change: a fee, a new material with its blank form, and submits it with a reason', async () => {
    const author = await hall.user('author');
    publishedSource = (await author.get(`/api/studio/matters/${permitCode}/versions/1`)).body.source as string;
    await signInAs(page, hall, 'author');
    await page.goto(`/studio/matters/edit?code=${permitCode}`);
    await page.getByRole('button', { name: '基于现行版本起草变更' }).click();
    await page.getByText('第 2 版 · 草稿').waitFor();
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor({ timeout: 30_000 });
    await replaceLine('收费 无', fee);
    await endOfLine('资金承诺 "建设资金已经落实承诺书"');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(pledge);
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor({ timeout: 30_000 });
    await page
      .getByRole('status')
      .filter({ hasText: /已保存/ })
      .waitFor({ timeout: 30_000 });

    await page.getByRole('tab', { name: '样表与示例' }).click();
    const row = page.getByRole('row').filter({ hasText: '建设工程安全生产承诺书' });
    await row.getByLabel(/的空白表格$/).setInputFiles({
      name: '建设工程安全生产承诺书.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(docx('建设工程安全生产承诺书'))
    });
    await row.getByRole('button', { name: '上传' }).first().click();
    await row.getByRole('link', { name: '建设工程安全生产承诺书.docx' }).waitFor();
    await expectNoAxeViolations(page, 'studio material files', ['.monaco-editor']);

    await page.getByRole('button', { name: '提交审批' }).click();
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('请写明变更理由').waitFor();
    await page.getByLabel('变更理由').fill('自 2027 年起收取证照工本费，并新增建设工程安全生产承诺书');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('已提交部门负责人审批（第 2 版）').waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 180_000);

  it('the head reads the changes, the guide before and after and the impact, and schedules it', async () => {
    await signInAs(page, hall, 'leader');
    await page.goto('/studio/publishing');
    const task = page.getByRole('listitem').filter({ hasText: '建筑工程施工许可证核发 · 第 2 版' });
    await task.getByText('审批事项变更').waitFor();
    await expectNoAxeViolations(page, 'studio publishing (head)');
    await task.getByRole('link').click();
    await page.waitForURL(/\/studio\/matters\/review\?/);
    await page.getByText('自 2027 年起收取证照工本费').waitFor();
    await page
      .getByText(/新增材料.*建设工程安全生产承诺书/)
      .first()
      .waitFor();
    await page
      .getByText(/证照工本费/)
      .first()
      .waitFor();
    await page.getByText('正在办理的 1 件仍按第 1 版办理').waitFor();
    await expectNoAxeViolations(page, 'studio review');

    await page.getByRole('tab', { name: '办事指南对照' }).click();
    const before = page.frameLocator('iframe[title="现行版本的办事指南"]');
    const after = page.frameLocator('iframe[title="变更后的办事指南"]');
    await after.getByText('建设工程安全生产承诺书').first().waitFor();
    expect(await before.getByText('建设工程安全生产承诺书').count()).toBe(0);

    await page.getByRole('tab', { name: '源文件对照' }).click();
    await page.getByText(pledge).first().waitFor();

    await page.getByLabel('定时生效').check();
    goLive = beijingInputAhead(20);
    await page.getByLabel('生效时间（北京时间）').fill(goLive);
    await page.getByRole('button', { name: '批准并定时生效' }).click();
    await page.getByText(/已批准，第 2 版将于 .*起生效/).waitFor();
    await page.getByRole('button', { name: '撤回定时发布' }).waitFor();
    // Not live yet: the hall still shows the guide without the fee.
    const now = await page.request.get(guidePath);
    expect(await now.text()).not.toContain('证照工本费');
    expect(pageProblems(page)).toEqual([]);
  }, 180_000);

  it('at the set time the hall shows the new guide with no request to trigger it; the form downloads; the earlier case keeps version 1', async () => {
    // Nothing is asked of the runtime until the time has passed: then the guide must already be the new one.
    const wait = Date.parse(`${goLive}+08:00`) - (Date.parse(clockStart) + (Date.now() - startedBefore));
    await new Promise(resolve => setTimeout(resolve, Math.max(0, wait) + 1500));
    let html = '';
    for (let i = 0; i < 60 && !html.includes('证照工本费'); i++) {
      html = await (await page.request.get(guidePath)).text();
      if (!html.includes('证照工本费')) await new Promise(resolve => setTimeout(resolve, 500));
    }
    expect(html).toContain('证照工本费');
    expect(html).toContain('建设工程安全生产承诺书');
    await page.goto(guidePath);
    const link = page.getByRole('link', { name: /建设工程安全生产承诺书.*docx|下载.*建设工程安全生产承诺书/ }).first();
    const href = await link.getAttribute('href');
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('wordprocessingml');
    expect(
      Buffer.from(await file.body())
        .subarray(0, 2)
        .toString()
    ).toBe('PK');

    const company = await hall.user(demo.organisation);
    const seen = await company.get(`/api/hall/cases/${earlierCase.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.matter.version).toBe(1);
  }, 180_000);

  it('the reform office orders a correction on the filing, and the author sees it', async () => {
    await signInAs(page, hall, 'reform');
    await page.goto('/studio/publishing');
    const row = page.getByRole('row').filter({ hasText: '建筑工程施工许可证核发 · 第 2 版' });
    await row.getByRole('button', { name: '审查' }).click();
    await page
      .getByText(/新增材料.*建设工程安全生产承诺书/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'studio filings');
    await page.getByRole('button', { name: '责令改正' }).click();
    await page.getByText('责令改正须写明理由和要求。').waitFor();
    await page.getByLabel('责令改正的理由和要求').fill('收费依据须写明价格主管部门的批准文号');
    await page.getByRole('button', { name: '责令改正' }).click();
    await page.getByText(/已责令市住房和建设局改正/).waitFor();

    await signInAs(page, hall, 'author');
    await page.goto('/studio/publishing');
    await page.getByRole('listitem').filter({ hasText: '收费依据须写明价格主管部门的批准文号' }).waitFor();
    await page.goto(`/studio/matters/edit?code=${permitCode}`);
    await page.getByText(/责令改正第 2 版：收费依据须写明价格主管部门的批准文号/).waitFor();
    await page.goto(`/studio/matters/history?code=${permitCode}`);
    await page
      .getByRole('row')
      .filter({ hasText: '第 2 版' })
      .getByText('收费依据须写明价格主管部门的批准文号')
      .waitFor();
    await expectNoAxeViolations(page, 'studio history');
    expect(pageProblems(page)).toEqual([]);
  }, 180_000);
});
