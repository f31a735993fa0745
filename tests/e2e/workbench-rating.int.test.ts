/**
 * A bad rating rectified (差评整改), in two browsers against a real runtime: the company rates its completed
 * construction permit 非常不满意 in the hall and reads by when the housing bureau must answer; the bureau's chief
 * finds the rating in 我的待办 with the workdays left, opens 咨询、投诉与差评整改, is told that the rectification
 * needs words, records what was done, and the rating leaves the list and the inbox; the case is archived; the
 * company reads the answer in its hall inbox, follows it to the case and from there to its rating, where the
 * rectification stands under the rating, and no second rating is offered (one rating per case, 每个办件只能评价一次).
 *
 * The case reaches 已办结 through the office API: every step to completion is done in the browser by
 * workbench.int.test.ts and workbench-permit.int.test.ts, and rated with its error path by journeys.int.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import { beijingDeadline } from '../../studio/src/lib/time.ts';
import {
  closeBrowser,
  demo,
  expectNoAxeViolations,
  expectNoConsoleErrors,
  newPage,
  openBrowser,
  startHall,
  submitCase,
  visit,
  type Hall,
  type Page,
  type SubmittedCase
} from '../support/browser-harness.ts';
import { awaitMessage, fact, follow, mainText } from './journey-steps.ts';
import { pageProblems, signInAs } from './studio-steps.ts';

const permitCode = '11350200003650121J300011700600001';
const department = '市住房和建设局';
const reason = '领证时窗口让我往返三次，每次只说缺一样材料，希望一次说清楚。';
const rectification =
  '经核查，窗口未执行一次性告知制度。已对窗口人员进行批评教育，并在窗口张贴施工许可材料清单，今后一次性告知全部问题。';

let hall: Hall;
/** The company in the hall. */
let citizen: Page;
/** The bureau's staff in the studio. */
let staff: Page;
let submitted: SubmittedCase;
let permit: Definition;
/** When the bureau must have rectified (ISO), as the rating answered. */
let due: string;

/** The office API's commands that take the case from submission to 已办结, each by the post that gives it. */
const toCompletion: Array<[string, Record<string, unknown>]> = [
  ['window', { type: 'passPreReview' }],
  ['window', { type: 'confirmPaper' }],
  ['window', { type: 'accept' }],
  ['handler', { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全，符合发证条件' }],
  ['handler', { type: 'distribute' }],
  ['planning', { type: 'answerCoApproval', agree: true, reasons: '用地和规划许可手续齐全' }],
  ['airdefence', { type: 'answerCoApproval', agree: true, reasons: '人防工程防护设计已审查' }],
  ['handler', { type: 'consolidate', opinion: '各协办部门均同意' }],
  ['chief', { type: 'completeStep', stepId: 'review-2', opinion: '同意' }],
  ['leader', { type: 'decide', approve: true, reasons: '符合《建筑工程施工许可管理办法》规定的条件' }],
  ['window', { type: 'deliver', method: 'online' }],
  ['window', { type: 'complete' }]
];

async function give(login: string, body: Record<string, unknown>) {
  const answer = await (await hall.user(login)).post(`/api/office/cases/${submitted.id}/commands`, body);
  // The paper check is skipped for an applicant with a good record.
  if (answer.status === 409 && body.type === 'confirmPaper') return;
  if (answer.status !== 200)
    throw new Error(`${login} ${String(body.type)}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall(), openBrowser()]);
  hall = started;
  const company = await hall.user(demo.organisation);
  permit = (await company.get(`/api/hall/matters/${permitCode}`)).body.definition as Definition;
  submitted = await submitCase(hall, demo.organisation, permit);
  for (const [login, body] of toCompletion) await give(login, body);
  citizen = await newPage({
    width: 1366,
    height: 768,
    javaScript: true,
    baseURL: hall.url,
    signedInAs: demo.organisation
  });
  staff = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail')
    for (const [who, page] of [
      ['hall', citizen],
      ['studio', staff]
    ] as const)
      await page
        ?.screenshot({ path: `test-results/workbench-rating-${who}-${context.task.name.slice(0, 40)}.png` })
        .catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

/** The row of 我的待办 that asks for this case's rating to be rectified (none once it is). */
const ratingRow = () =>
  staff.getByRole('row').filter({ hasText: submitted.caseNumber }).filter({ hasText: '差评整改' });

async function openInbox() {
  await staff.getByRole('navigation', { name: '工作台栏目' }).getByRole('link', { name: '办件' }).click();
  await staff.waitForURL(/\/studio\/cases$/);
  await staff.getByText(/^已显示 \d+ 件/).waitFor();
}

describe('差评整改: a bad rating of a completed case, answered by the department and read by the applicant', () => {
  it('the applicant rates the completed case 非常不满意 with a reason, and reads by when the bureau must answer', async () => {
    await visit(citizen, `/hall/cases/${submitted.id}`);
    expect(await fact(citizen, '当前状态')).toBe('已办结');
    await follow(citizen, () => citizen.getByRole('link', { name: '评价本次服务' }).click());
    await citizen.getByRole('radio', { name: '非常不满意', exact: true }).check();
    await citizen.getByRole('textbox', { name: '原因（选择“不满意”或“非常不满意”时必填）', exact: true }).fill(reason);
    await follow(citizen, () => citizen.getByRole('button', { name: '提交评价' }).click(), /\?done=rated$/);
    expect(await citizen.getByRole('status').textContent()).toBe('感谢您的评价。');
    const given = 'section[aria-labelledby="given"]';
    expect(await fact(citizen, '评价', given)).toBe('非常不满意');
    expect(await fact(citizen, '原因', given)).toBe(reason);
    const rating = (await (await hall.user(demo.organisation)).get(`/api/hall/cases/${submitted.id}/evaluation`)).body;
    expect(rating.rectificationDue, 'a bad rating opens a rectification').toEqual(expect.any(String));
    due = rating.rectificationDue;
    // The hall writes the deadline as a date and an hour; the bureau answers by then.
    expect(await fact(citizen, '整改', given)).toMatch(
      new RegExp(`^${department}须于 \\d{4}年\\d{1,2}月\\d{1,2}日 \\d\\d:\\d\\d 前整改并答复您`)
    );
    expect(await mainText(citizen)).not.toContain('整改答复');
    expectNoConsoleErrors(citizen, 'the evaluation page');
  }, 120_000);

  it('the bureau’s chief finds it in 我的待办 with the workdays left, and records the rectification', async () => {
    await signInAs(staff, hall, demo.chief);
    await openInbox();
    const row = ratingRow();
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map(t => t.replace(/\s+/g, ' ').trim());
    expect(cells[2], 'the step and its state').toBe('差评整改 待整改');
    const limit = permit.supervision.rectification;
    expect(limit.unit).toBe('workdays');
    expect(cells[3], 'the workdays left to rectify').toBe(`剩 ${limit.amount} 个工作日`);
    await expectNoAxeViolations(staff, 'studio inbox with a bad rating');

    await row.getByRole('link', { name: '差评整改' }).click();
    await staff.waitForURL(/\/studio\/cases\/requests#/);
    const item = staff.locator('section[aria-labelledby="r-h"] article').filter({ hasText: reason });
    await item.waitFor();
    expect(await item.innerText()).toContain('“非常不满意”');
    await item.getByText(`请于 ${beijingDeadline(due)} 前整改并答复`).waitFor();
    await expect(item.getByRole('link', { name: `办件 ${submitted.caseNumber}` }).count()).resolves.toBe(1);
    await expectNoAxeViolations(staff, 'studio requests with a bad rating');

    await item.getByRole('button', { name: '提交整改情况' }).click();
    await item.getByRole('alert').getByText('请填写整改情况。').waitFor();
    await item.getByLabel('整改情况').fill(rectification);
    await item.getByRole('button', { name: '提交整改情况' }).click();
    await staff.getByRole('status').getByText('已记录整改情况，申请人会收到答复。').waitFor();
    await staff.getByText('没有待整改的差评。').waitFor();
    expect(await item.count(), 'the rectified rating leaves the list').toBe(0);

    await staff.getByRole('link', { name: '我的待办' }).click();
    await staff.waitForURL(/\/studio\/cases$/);
    await staff.getByText(/^已显示 \d+ 件/).waitFor();
    expect(await ratingRow().count(), 'and leaves 我的待办').toBe(0);
    expect(pageProblems(staff)).toEqual([]);
  }, 120_000);

  it('the applicant reads the rectification from the inbox, on the archived case’s rating, and cannot rate again', async () => {
    // Archiving ends nothing for the applicant: the rating and its answer stay one link from the case page.
    await give(demo.window, { type: 'archive' });
    const message = await awaitMessage(citizen, rectification);
    expect(message).toContain(`【服务评价】${department}已就您的评价整改`);
    expect(message).toContain(`您对办件 ${submitted.caseNumber} 的评价（非常不满意）已收到整改答复`);
    const item = citizen.locator('ol.messages > li').filter({ hasText: rectification });
    await follow(citizen, () => item.getByRole('link', { name: '查看办件' }).click(), /\/hall\/cases\//);
    expect(await fact(citizen, '当前状态')).toBe('已归档');
    await follow(citizen, () => citizen.getByRole('link', { name: '评价本次服务' }).click(), /\/evaluation$/);
    const given = 'section[aria-labelledby="given"]';
    expect(await fact(citizen, '评价', given)).toBe('非常不满意');
    expect(await fact(citizen, '整改答复', given)).toBe(rectification);
    expect(await fact(citizen, '答复时间', given)).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    expect(await mainText(citizen), 'the pending line is gone once answered').not.toContain('前整改并答复您');
    expect(await citizen.getByRole('button', { name: '提交评价' }).count(), 'one rating per case').toBe(0);
    await expectNoAxeViolations(citizen, 'the rating with its rectification');
    expectNoConsoleErrors(citizen, 'the rating with its rectification');
  }, 120_000);
});
