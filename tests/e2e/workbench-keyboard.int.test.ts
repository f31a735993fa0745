/**
 * The case workbench with the keyboard alone, at 1366×768 (the studio's laptop size), in Chromium against a real
 * runtime. After signing in (through the API, as every studio journey does) and opening 我的待办, nothing is clicked:
 * Tab, Shift+Tab, Enter, Space, the arrow keys and typing only. The housing bureau's window clerk skips to the
 * content, opens a new construction permit from the list, moves between the case page's tabs with the arrow keys,
 * opens “为什么是这一天”, builds the one-time correction notice by ticking a material and typing its problem,
 * previews and sends it, and reads the result; later the handler opens the applicant's PDF from the materials tab,
 * zooms it, completes the review step with an opinion and reads it in 办理意见. At every step: where the focus is
 * (the element's role and accessible name as Chromium's accessibility tree gives them), that it shows a focus
 * indicator (an outline or a box shadow) and is on screen, and that the page does not scroll sideways at 1366 px.
 * axe on every page visited.
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
  signIn,
  startHall,
  submitCase,
  uploadMaterial,
  type Hall,
  type Page,
  type SubmittedCase
} from '../support/browser-harness.ts';
import { pageProblems } from './studio-steps.ts';

const permitCode = '11350200003650121J300011700600001';
const viewport = { width: 1366, height: 768 };

let hall: Hall;
let page: Page;
let submitted: SubmittedCase;

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall(), openBrowser()]);
  hall = started;
  page = await newPage({ ...viewport, javaScript: true, baseURL: hall.url });
  const company = await hall.user(demo.organisation);
  const permit = (await company.get(`/api/hall/matters/${permitCode}`)).body.definition as Definition;
  submitted = await submitCase(hall, demo.organisation, permit);
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail')
    await page
      ?.screenshot({ path: `test-results/workbench-keyboard-${context.task.name.slice(0, 40)}.png` })
      .catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

// --- where the focus is ------------------------------------------------------------------------------------------

/** The focused element as a keyboard user meets it: its role and name (Chromium's accessibility tree), and its look. */
interface Focus {
  role: string;
  tag: string;
  name: string;
  /** aria-selected, aria-expanded, checked, as the accessibility tree has them. */
  states: Record<string, unknown>;
  text: string;
  /** The focus indicator drawn: an outline or a box shadow; null when there is none. */
  indicator: string | null;
  /** On screen: a box of some size inside the viewport. */
  onScreen: boolean;
  /** The document's width: more than 1366 means the page scrolls sideways. */
  scrollWidth: number;
}

const lookOfFocus = `(() => {
  const el = document.activeElement || document.body;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline ' + s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor : null;
  const shadow = s.boxShadow && s.boxShadow !== 'none' ? 'box-shadow ' + s.boxShadow : null;
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80),
    indicator: outline || shadow,
    onScreen,
    scrollWidth: document.documentElement.scrollWidth
  };
})()`;

let cdp: Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>> | undefined;

async function focus(): Promise<Focus> {
  cdp ??= await page.context().newCDPSession(page);
  const look = (await page.evaluate(lookOfFocus)) as Omit<Focus, 'role' | 'name' | 'states'>;
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.activeElement' });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
    objectId: result.objectId!,
    fetchRelatives: false
  });
  const node = nodes[0];
  const states = Object.fromEntries((node?.properties ?? []).map(p => [p.name, p.value.value]));
  return {
    role: String(node?.role?.value ?? ''),
    name: String(node?.name?.value ?? ''),
    states,
    ...look
  };
}

const describeFocus = (f: Focus) =>
  f.tag === 'body' ? 'nothing (the page’s body)' : `${f.role} “${f.name || f.text}”`;

/** What a keyboard user needs of the focused element wherever it is: a visible indicator, on screen, no sideways scroll. */
function expectUsable(f: Focus, where: string): void {
  expect(f.indicator, `${where}: ${describeFocus(f)} shows where the focus is`).not.toBeNull();
  expect(f.onScreen, `${where}: ${describeFocus(f)} is on screen`).toBe(true);
  expect(f.scrollWidth, `${where}: the page does not scroll sideways at 1366 px`).toBeLessThanOrEqual(viewport.width);
}

/** The focus is on `role` named `name`, usable. */
async function expectFocus(role: string, name: string | RegExp, where: string): Promise<Focus> {
  const f = await focus();
  expect(f.role, `${where}: the focus is on a ${role}, not ${describeFocus(f)}`).toBe(role);
  if (typeof name === 'string') expect(f.name, where).toBe(name);
  else expect(f.name, where).toMatch(name);
  expectUsable(f, where);
  return f;
}

/** Presses `key`, then expects the focus on `role` named `name`. */
async function press(key: string, role: string, name: string | RegExp, where = key): Promise<Focus> {
  await page.keyboard.press(key);
  return expectFocus(role, name, where);
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focus reaches `role` named `name`, every stop on the way usable;
 * fails after `most` presses, listing where the focus went.
 */
async function tabTo(role: string, name: string | RegExp, where: string, most = 40, back = false): Promise<Focus> {
  const stops: string[] = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focus();
    // Past the page's last control the focus leaves the page (for the browser's own bar), then comes back at the top.
    if (f.tag === 'body') {
      stops.push('(out of the page)');
      continue;
    }
    stops.push(describeFocus(f));
    expectUsable(f, `${where} (stop ${i + 1})`);
    if (f.role === role && (typeof name === 'string' ? f.name === name : name.test(f.name))) return f;
  }
  throw new Error(
    `${where}: ${most} presses of Tab never reached ${role} “${String(name)}”; went: ${stops.join(' → ')}`
  );
}

// --- the pages ---------------------------------------------------------------------------------------------------

/** Signs in through the API (as signInAs does) and opens 我的待办: the one navigation not done by keyboard. */
async function openInbox(login: string) {
  await page.goto('about:blank');
  await page.context().clearCookies();
  await signIn(page, hall.url, login);
  await page.goto('/studio/cases');
  await page.getByRole('row').filter({ hasText: submitted.caseNumber }).waitFor();
}

/** From a page just opened: the skip link comes first, and takes the focus to the content. */
async function skipToContent(where: string) {
  await press('Tab', 'link', '跳到正文', `${where}: the first Tab`);
  await page.keyboard.press('Enter');
  const f = await focus();
  expect(f.role, `${where}: 跳到正文 moves the focus to the content`).toBe('main');
}

/** From 我的待办 to the case, by its number's link. */
async function openCaseFromInbox(where: string) {
  await skipToContent(where);
  await tabTo('link', submitted.caseNumber, `${where}: Tab to the case in the list`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/studio\/cases\/case\?id=/);
  await page.getByRole('heading', { name: new RegExp(submitted.caseNumber) }).waitFor();
  await page.getByRole('heading', { name: '办理', exact: true }).waitFor();
}

/** The case page's tab panel shows `text`. */
const panelSays = (text: string | RegExp) => page.getByRole('tabpanel').getByText(text).first().waitFor();

/** After a command was sent: the result is said, and the focus is on it (not lost with the form that sent it). */
async function expectDone(label: string, where: string) {
  await page.getByText(`已办理：${label}。`).waitFor();
  const f = await focus();
  expect(f.text, `${where}: the focus moves to the result, not ${describeFocus(f)}`).toBe(`已办理：${label}。`);
  expectUsable(f, where);
}

describe('the workbench with the keyboard alone at 1366×768', () => {
  it('the window clerk opens the new case from 我的待办 and moves between its tabs with the arrow keys', async () => {
    await openInbox(demo.window);
    await expectNoAxeViolations(page, 'studio inbox (keyboard)');
    // The header first: the skip link, the studio's name, its sections, signing out.
    await press('Tab', 'link', '跳到正文', 'the inbox: the first Tab');
    await press('Tab', 'link', '办事工作台', 'the studio’s name');
    const cases = await press('Tab', 'link', '办件', 'the 办件 section');
    expect(cases.text).toBe('办件');
    await tabTo('button', '退出', 'the header’s last control', 5);
    await tabTo('link', submitted.caseNumber, 'Tab along 我的待办 to the new case');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/studio\/cases\/case\?id=/);
    await page.getByRole('heading', { name: '办理', exact: true }).waitFor();

    await skipToContent('the case page');
    await press('Tab', 'link', '我的待办', 'the way back to the list');
    const first = await press('Tab', 'tab', '申请内容', 'the tab list: the selected tab is the one Tab stops on');
    expect(first.states.selected).toBe(true);
    const materials = await press('ArrowRight', 'tab', '材料', 'ArrowRight');
    expect(materials.states.selected, 'focus follows selection').toBe(true);
    await panelSays('申请时提交');
    await press('ArrowRight', 'tab', '办理意见', 'ArrowRight again');
    await panelSays('还没有办理意见。');
    await press('ArrowLeft', 'tab', '材料', 'ArrowLeft');
    await press('ArrowLeft', 'tab', '申请内容', 'ArrowLeft to the first');
    await press('ArrowLeft', 'tab', '监察', 'ArrowLeft from the first wraps to the last');
    await panelSays('没有预警或亮牌。');
    await press('ArrowRight', 'tab', '申请内容', 'ArrowRight from the last wraps to the first');
    await panelSays('申请人');
    // One Tab stop for the whole tab list: the next Tab leaves it for the panel.
    await press('Tab', 'tabpanel', '申请内容', 'Tab from the tab list');
    await expectNoAxeViolations(page, 'the case page (keyboard)');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('opens “为什么是这一天” with the keyboard', async () => {
    const why = await tabTo('button', '为什么是这一天', 'Tab to the first deadline’s explanation', 10);
    expect(why.states.expanded).toBe(false);
    const open = await press('Enter', 'button', '为什么是这一天', 'Enter opens the explanation');
    expect(open.states.expanded).toBe(true);
    const lines = page.locator('ol.why li');
    await lines.first().waitFor();
    expect((await lines.allInnerTexts()).join('').length).toBeGreaterThan(10);
    await expectNoAxeViolations(page, 'the case page with a deadline explained');
  }, 120_000);

  it('builds the correction notice by ticking a material and typing its problem, previews it and sends it', async () => {
    const box = await tabTo('checkbox', '建设工程施工合同', 'Tab to the material in the correction notice');
    expect(box.states.checked).toBe('false');
    const ticked = await press('Space', 'checkbox', '建设工程施工合同', 'Space ticks it');
    expect(ticked.states.checked).toBe('true');
    await press('Tab', 'textbox', '“建设工程施工合同”的问题', 'the problem’s box follows the ticked material');
    await page.keyboard.type('缺少双方签章页');
    await tabTo('button', '预览补正通知', 'Tab to the preview', 10);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '发出补正通知' }).waitFor();
    // The preview comes from the server; the focus stays on the button, which now sends what was previewed.
    await expectFocus('button', '发出补正通知', 'Enter previews; the focus stays on the button that now sends');
    const preview = page.getByRole('region', { name: /^补正通知预览/ });
    await preview
      .getByText(/建设工程施工合同.*缺少双方签章页/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'the correction notice previewed');
    await page.keyboard.press('Enter');
    await expectDone('补正通知', 'the correction notice sent');
    await page.locator('.head .tag', { hasText: '补正' }).waitFor();
    expect(await page.getByRole('heading', { name: '补正通知', exact: true }).count(), 'sent once').toBe(0);
    // From the result, the next Tab goes on into the page, not back to its top.
    await press('Tab', 'tab', '申请内容', 'Tab from the result');
    await expectNoAxeViolations(page, 'the case page after the notice');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('the handler opens the applicant’s PDF from the materials tab, zooms it, and completes the review', async () => {
    const company = await hall.user(demo.organisation);
    const fileId = await uploadMaterial(company, '施工合同');
    const resubmitted = await company.post(`/api/hall/cases/${submitted.id}/resubmit`, {
      materials: [{ material: '施工合同', fileId }]
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    // Pre-review and acceptance are the window's, in the browser in workbench.int.test.ts and above by keyboard.
    const window = await hall.user(demo.window);
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
      const answer = await window.post(`/api/office/cases/${submitted.id}/commands`, { type });
      if (answer.status !== 200 && !(type === 'confirmPaper' && answer.status === 409))
        throw new Error(`${type}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }

    await openInbox(demo.handler);
    await openCaseFromInbox('the handler');
    await skipToContent('the handler’s case page');
    await tabTo('tab', '申请内容', 'Tab to the tab list', 3);
    await press('ArrowRight', 'tab', '材料（补正 1 次）', 'ArrowRight to the materials');
    await press('Tab', 'tabpanel', '材料（补正 1 次）', 'into the panel');
    await press('Tab', 'button', '申请表.pdf', 'the first material’s file');
    await tabTo('button', '施工合同.pdf', 'Tab along the materials to the contract', 15);
    await page.keyboard.press('Enter');
    await page.getByText(/第 1 页，共 \d+ 页/).waitFor({ timeout: 30_000 });
    await expectFocus('button', '施工合同.pdf', 'the focus stays on the file opened');
    const canvas = page.locator('.viewer canvas');
    const before = (await canvas.boundingBox())!.width;
    await tabTo('button', '放大', 'Tab to the viewer’s zoom', 15);
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await canvas.boundingBox())!.width, { message: 'zoomed in' })
      .toBeGreaterThan(before);
    await tabTo('region', '页面（左右方向键或 PageUp/PageDown 翻页）', 'the page itself takes paging keys', 3);
    await expectNoAxeViolations(page, 'the case page with a PDF (keyboard)');

    await tabTo('textbox', '审查意见', 'Tab to the review opinion', 20);
    await page.keyboard.type('材料齐全，符合法定条件，建议准予许可。');
    await press('Tab', 'button', '环节办结', 'the form’s button');
    await page.keyboard.press('Space');
    await expectDone('环节办结', 'the review completed');
    await press('Tab', 'tab', '材料（补正 1 次）', 'Tab from the result to the selected tab');
    await press('ArrowRight', 'tab', '办理意见', 'ArrowRight to the opinions');
    await panelSays('材料齐全，符合法定条件，建议准予许可。');
    await expectNoAxeViolations(page, 'the case page after the review (keyboard)');
    expect(pageProblems(page)).toEqual([]);
  }, 180_000);

  it('back in 我的待办, the handler follows a consultation’s link to it and answers it', async () => {
    const question = '施工许可证上的施工单位项目负责人变更，需要重新申请吗？';
    const company = await hall.user(demo.organisation);
    const asked = await company.post('/api/hall/consultations', { matterCode: permitCode, question });
    expect(asked.status).toBe(201);
    await tabTo('link', '我的待办', 'Shift+Tab back to the way to the list', 5, true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/studio\/cases$/);
    await page.getByRole('row').filter({ hasText: '咨询' }).first().waitFor();
    await skipToContent('我的待办 again');
    await tabTo('link', '咨询', 'Tab to the consultation in the list');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/studio\/cases\/requests#/);
    // The link named the consultation: once the list has loaded, the focus is on it, not at the top of the page.
    await expect
      .poll(async () => (await focus()).text, { message: 'the focus lands on the consultation linked to' })
      .toContain(question);
    expectUsable(await focus(), 'the consultation linked to');
    await press('Tab', 'textbox', '答复', 'the answer’s box');
    await page.keyboard.type('项目负责人变更不需重新申请，请持变更证明到窗口办理变更手续。');
    await press('Tab', 'button', '答复', 'the answer’s button');
    await expectNoAxeViolations(page, 'studio requests (keyboard)');
    await page.keyboard.press('Enter');
    // The answered consultation leaves the list with its button: the focus moves to the result.
    await expect
      .poll(async () => (await focus()).text, { message: 'the focus moves to the result' })
      .toBe('已答复咨询，申请人会收到答复。');
    expectUsable(await focus(), 'the answer sent');
    expect(await page.getByText(question).count(), 'answered, it leaves the list').toBe(0);
    const mine = await company.get('/api/hall/consultations');
    const answered = (mine.body.items as Array<{ id: string; status: string }>).find(c => c.id === asked.body.id);
    expect(answered?.status).toBe('answered');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});
