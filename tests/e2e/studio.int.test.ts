/**
 * The studio as a reform-office clerk uses it, in Chromium against a real runtime process serving the built studio:
 * sign in, a new matter from a template, a mistake shown in Chinese and fixed with its quick fix, the guide preview
 * following the text, the form preview showing a conditional material, a simulation across the National Day
 * holiday kept as an expectation, the draft saved and found again after a reload; axe on every studio page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import {
  closeBrowser,
  consoleErrors,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  type Hall,
  type Page
} from '../support/browser-harness.ts';
import { signInOnPage } from './studio-steps.ts';

const name = '城市建筑垃圾处置核准';
const code = '11350200003650121J300011799900001';

let hall: Hall;
let page: Page;

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall({ clock: '2026-09-20T10:00:00+08:00' }), openBrowser()]);
  hall = started;
  page = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
}, 240_000);

// What the page showed when a step failed, to look at (test-results/ is ignored by git).
afterEach(async context => {
  if (context.task.result?.state === 'fail')
    await page?.screenshot({ path: `test-results/studio-${context.task.name.slice(0, 40)}.png` }).catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

/** Problems the pages reported, apart from the one sign-in check a visitor's first page makes (401 by design). */
const pageProblems = () => consoleErrors(page).filter(p => !/^401 for fetch .*\/api\/auth\/me$/.test(p));

/** Puts the cursor at the start of line `line` of the editor, as Ctrl+G does for a person. */
async function goToLine(line: number) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  // Monaco's go-to-line box opens a moment later: typing before it does would land in the text.
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
}

/** The lines the editor shows, top to bottom, as a person reads them (Monaco draws spaces as no-break spaces). */
async function editorText(): Promise<string> {
  const lines = await page.locator('.monaco-editor .view-line').evaluateAll(nodes =>
    nodes
      .map(n => ({ top: parseFloat((n as HTMLElement).style.top), text: n.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map(l => l.text)
  );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** The guide preview's 承诺时限, as printed. */
const promised = () => guide().locator('dt:has-text("承诺时限") + dd').innerText();

const guide = () => page.frameLocator('iframe[title="办事指南预览"]');

describe('the studio, as a clerk authoring a matter', () => {
  it('sends a visitor to sign in, and a clerk who signs in to the matters of their department', async () => {
    await page.goto('/studio/');
    await page.waitForURL(/\/studio\/login\?next=/);
    await expectNoAxeViolations(page, 'studio sign-in');
    await signInOnPage(page, hall, 'author', 'banshi-demo-2026');
    await page.waitForURL(/\/studio\/matters$/);
    // An author's duty opens two sections: 事项, and 发布与备案 for what comes back (sent back, corrections ordered).
    expect(await page.getByRole('navigation', { name: '工作台栏目' }).getByRole('link').allInnerTexts()).toEqual([
      '事项',
      '发布与备案'
    ]);
    await page.getByRole('cell', { name: /建筑工程施工许可证核发/ }).waitFor();
    await expectNoAxeViolations(page, 'studio matters list');
  });

  it('makes a new licence from its template and opens it in the editor with no errors', async () => {
    await page.getByRole('link', { name: '新建事项' }).click();
    await page.waitForURL(/\/studio\/matters\/new$/);
    await expectNoAxeViolations(page, 'studio new matter');
    // The department's codes share their first 19 characters: the form starts from them, once the page has read the
    // department's matters (a busy CI run read the field before that, empty).
    await expect.poll(() => page.getByLabel('事项编码').inputValue(), { timeout: 10_000 }).toBe(code.slice(0, 19));
    await page.getByRole('button', { name: '创建草稿并打开' }).click();
    await page.getByText('请填写事项名称。').waitFor();
    await page.getByLabel('事项名称').fill(name);
    await page.getByLabel('事项编码').fill(code);
    await page.getByLabel(/行政许可/).check();
    await page.getByRole('button', { name: '创建草稿并打开' }).click();
    await page.waitForURL(/\/studio\/matters\/edit\?code=/);
    await page.locator('.monaco-editor').waitFor();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByText('第 1 版 · 草稿').waitFor();
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor({ timeout: 30_000 });
    // Chinese keywords are coloured as keywords.
    expect(
      await page
        .locator('.monaco-editor .view-line span.mtk8, .monaco-editor .view-line span[class*=mtk]', { hasText: '事项' })
        .count()
    ).toBeGreaterThan(0);
    await guide().getByRole('heading', { name }).waitFor();
    await guide().getByText('草稿预览 · 尚未发布 · 办事指南').waitFor();
    await expectNoAxeViolations(page, 'studio editor', ['.monaco-editor']);
  });

  it('shows a Chinese diagnostic where a mistake is typed, and its quick fix mends it', async () => {
    expect(await promised()).toBe('10 个工作日');
    const lines = (await editorText()).split('\n');
    const limitLine = lines.findIndex(l => l.includes('时限 法定 20 工作日')) + 1;
    expect(limitLine).toBeGreaterThan(0);
    await goToLine(limitLine);
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    // As a Chinese input method commits a phrase: one insertion.
    await page.keyboard.insertText('时限 法定 20 工作日 承诺 30 工作日 延期 10 工作日');
    await page.getByRole('status').filter({ hasText: '1 个错误' }).waitFor({ timeout: 15_000 });
    await page.getByRole('tab', { name: /问题/ }).click();
    const problem = page.getByRole('listitem').filter({ hasText: '承诺时限 30 个工作日长于法定时限 20 个工作日' });
    await problem.waitFor();
    await problem.getByRole('button', { name: `第 ${limitLine} 行` }).click();
    await page.keyboard.press('Control+.');
    await page.getByText('把承诺时限改为 20 个工作日').click();
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor({ timeout: 15_000 });
    await expect.poll(editorText, { timeout: 10_000 }).toContain('承诺 20 工作日');
  });

  it('refuses a condition too large to read with one Chinese error at its place, and reads it again once mended', async () => {
    const lines = (await editorText()).split('\n');
    const index = lines.findIndex(l => / 当 \S+$/.test(l));
    expect(index).toBeGreaterThanOrEqual(0);
    const [before, field] = lines[index]!.split(' 当 ') as [string, string];
    await goToLine(index + 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    // 65 of 且/或/非 and brackets in one condition: one more than the language reads.
    await page.keyboard.insertText(`${before.trim()} 当 ${'非 '.repeat(65)}${field}`);
    await page.getByRole('status').filter({ hasText: '1 个错误' }).waitFor({ timeout: 15_000 });
    await page.getByRole('tab', { name: /问题/ }).click();
    const problem = page.getByRole('listitem').filter({ hasText: '条件过于复杂' });
    await problem.waitFor();
    expect(await problem.innerText()).toContain('不能超过 64 个');
    await problem.getByRole('button', { name: `第 ${index + 1} 行` }).waitFor();
    // The line written back as it was: the whole matter is read and checked again.
    await goToLine(index + 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.insertText(lines[index]!.trim());
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor({ timeout: 15_000 });
    // Back to the top, as the next steps read line numbers from what the editor shows.
    await page.keyboard.press('Control+Home');
    await expect.poll(editorText, { timeout: 10_000 }).toContain(lines[index]!.trim());
    await expect.poll(editorText, { timeout: 10_000 }).toContain('时限 法定 20 工作日');
  });

  it('links names across the catalogue: the department’s definition opens from the matter', async () => {
    const lines = (await editorText()).split('\n');
    const departmentLine = lines.findIndex(l => l.trim().startsWith('部门 市住房和建设局')) + 1;
    await goToLine(departmentLine);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F12');
    // The definition is in another file: Monaco's peek shows the department where the catalogue defines it.
    const peek = page.locator('.peekview-widget');
    await peek.getByText('departments.matter').first().waitFor();
    await peek.locator('.view-line', { hasText: '部门 市住房和建设局' }).first().waitFor();
    await page.keyboard.press('Escape');
  });

  it('follows the text in the guide preview', async () => {
    await page.getByRole('tab', { name: '办事指南' }).click();
    await guide().locator('dt:has-text("承诺时限") + dd', { hasText: '20 个工作日' }).waitFor();
    expect(await promised()).toBe('20 个工作日');
  });

  it('shows a conditional material in the form preview when the answer asks for it', async () => {
    await page.getByRole('tab', { name: '申请表' }).click();
    const form = page.frameLocator('iframe[title="申请表预览"]');
    await form.getByText('草稿预览 · 尚未发布 · 申请表').waitFor();
    // The hall's own script updates the materials as the answers change; once it runs it hides the button that
    // does the same without script.
    await form.getByRole('button', { name: '根据填写内容更新材料清单' }).waitFor({ state: 'hidden' });
    const letter = form.getByText('授权委托书');
    await form
      .getByRole('group', { name: /委托代理人办理/ })
      .getByLabel('是')
      .check();
    await letter.first().waitFor();
    expect(await letter.first().isVisible()).toBe(true);
  });

  it('simulates an application across the National Day holiday and keeps it as an expectation', async () => {
    await page.getByRole('tab', { name: '模拟' }).click();
    await page.getByLabel('提交时间').fill('2026-09-28T10:00');
    await page.getByRole('button', { name: '运行模拟' }).click();
    const table = page.getByRole('table', { name: '模拟时间线' });
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(3);
    const days = rows.map(r => r.slice(0, 10));
    // Nothing falls due on the National Day holiday (2026-10-01 to 10-07): deadlines run past it.
    for (const day of days.slice(1)) expect(day < '2026-10-01' || day > '2026-10-07', day).toBe(true);
    const summary = await page.getByText(/作出决定：/).innerText();
    const decided = /作出决定：(\d{4}-\d{2}-\d{2})/.exec(summary)?.[1];
    expect(decided! > '2026-10-07').toBe(true);
    await page.getByLabel('保存为预期').fill('国庆前提交');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('已保存预期“国庆前提交”').waitFor();
    const kept = page
      .getByRole('listitem')
      .filter({ hasText: `国庆前提交：2026-09-28 10:00 提交，${decided} 作出决定` });
    // Checked again at once: the text as it is meets it.
    await kept.getByText('与预期一致').waitFor();
    await expectNoAxeViolations(page, 'studio simulation', ['.monaco-editor']);
  });

  it('warns when an edit changes what an expectation says, and is content again when it is undone', async () => {
    // The promised limit's number, selected as a person does (a double click on it), and typed over.
    const limits = page.locator('.monaco-editor .view-line', { hasText: '承诺' }).filter({ hasText: '法定' });
    await limits.locator('span', { hasText: /^20$/ }).nth(1).dblclick();
    await page.keyboard.insertText('15');
    // The editor draws the change on its next frame: read the lines until it has (a busy CI run read them before).
    await expect.poll(editorText, { timeout: 10_000 }).toContain('承诺 15 工作日 延期 10 工作日');
    await page.getByRole('button', { name: '保存草稿' }).click();
    const kept = page.getByRole('listitem').filter({ hasText: '国庆前提交' });
    await kept.getByText('与预期不符').waitFor();
    expect(await kept.innerText()).toMatch(/由 \d{4}-\d{2}-\d{2} 变为 \d{4}-\d{2}-\d{2}/);
    await page.getByRole('tab', { name: /问题/ }).click();
    await page.getByRole('listitem').filter({ hasText: '国庆前提交' }).first().waitFor();
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Z');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('tab', { name: '模拟' }).click();
    await kept.getByText('与预期一致').waitFor();
    await expect.poll(editorText, { timeout: 10_000 }).toContain('承诺 20 工作日');
  });

  it('saves the draft to the server, and after a reload the text and the expectation are there', async () => {
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /已保存 \d{2}:\d{2}:\d{2}/ })
      .waitFor();
    await page.reload();
    await page.locator('.monaco-editor').waitFor();
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor({ timeout: 30_000 });
    await expect.poll(editorText, { timeout: 10_000 }).toContain('承诺 20 工作日');
    await page.getByRole('tab', { name: '模拟' }).click();
    await page.getByRole('listitem').filter({ hasText: '国庆前提交' }).waitFor();
    expect(pageProblems()).toEqual([]);
  });

  it('draws the flow from the Definition, and a step shows its line in the editor', async () => {
    await page.getByRole('tab', { name: '流程' }).click();
    const flow = page.getByRole('region', { name: '办理流程图' });
    await flow.getByRole('button', { name: /审查 承办人 · 5 个工作日/ }).click();
    // Monaco draws the selection on its next frame: wait for it rather than count at once.
    await expect
      .poll(() => page.locator('.monaco-editor .selected-text').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'studio flow', ['.monaco-editor']);
  });

  it('renames a form field with F2, and the condition that names it follows', async () => {
    const field = page.locator('.monaco-editor .view-line', { hasText: '委托代理人办理:' });
    await field
      .locator('span', { hasText: /委托代理人办理/ })
      .first()
      .click();
    await page.keyboard.press('F2');
    const input = page.locator('.rename-input');
    await input.fill('由代理人办理');
    await input.press('Enter');
    await expect.poll(async () => (await editorText()).includes('当 由代理人办理'), { timeout: 10_000 }).toBe(true);
    expect(await editorText()).toContain('由代理人办理: 是否 必填');
    await page.getByRole('status').filter({ hasText: '无错误' }).waitFor();
  });
});
