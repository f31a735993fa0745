/**
 * Identity levels in Chromium against a real runtime serving the built studio (issue 17; seeds/001 第七条): a company
 * registers in the hall (the SMS code read from the runtime's log, where SMS go without a gateway), sees its account
 * is 已注册, fills the construction-permit form with its files and is refused at submission with the message saying
 * how to get verified, the form kept as a draft; the housing bureau's window clerk finds the account in the
 * workbench's 实名核验 page and verifies it with the business licence checked; the company opens its draft again and
 * the application goes through. The hall without script on a 1280 px page; axe on each new page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { testCreditCode } from '../../runtime/src/testing/accounts.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import type { AnswerMap } from '@banshi/definition/answers';
import {
  closeBrowser,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  type Hall,
  type Page
} from '../support/browser-harness.ts';
import { authenticatorCode } from '../support/runtime-process.ts';
import { chooseFiles, fillForm, follow, mainText } from './journey-steps.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const creditCode = testCreditCode(947);
const company = '厦门市核验示例建设有限公司';
const phone = '13900009471';

let hall: Hall;
let applicant: Page;
let clerk: Page;

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall({ clock: '2026-10-12T10:00:00+08:00' }), openBrowser()]);
  hall = started;
  applicant = await newPage({ width: 1280, height: 900, javaScript: false, baseURL: hall.url });
  clerk = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail') {
    const name = context.task.name.slice(0, 40);
    await applicant?.screenshot({ path: `test-results/identity-hall-${name}.png` }).catch(() => {});
    await clerk?.screenshot({ path: `test-results/identity-studio-${name}.png` }).catch(() => {});
  }
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

/** The registration code the SMS to `to` carried, from the runtime's log line for it. */
async function smsCodeFromLog(to: string): Promise<string> {
  // The log masks all but the last four digits (platform/worker/channels.ts).
  const masked = `${'*'.repeat(to.length - 4)}${to.slice(-4)}`;
  let code: string | undefined;
  await expect
    .poll(
      () => {
        for (const line of hall.runtime.output.join('').split('\n')) {
          if (!line.includes(masked)) continue;
          code = /注册验证码是 (\d{6})/.exec(line)?.[1] ?? code;
        }
        return code;
      },
      { message: `the SMS to ${masked} is logged`, timeout: 60_000 }
    )
    .toMatch(/^\d{6}$/);
  return code!;
}

describe('an unverified company cannot apply online until a window clerk verifies it', () => {
  const answers = answersFor(permit) as AnswerMap;

  it('registers in the hall and is 已注册', async () => {
    await applicant.goto('/hall/register/organisation');
    await applicant.getByLabel('单位名称').fill(company);
    await applicant.getByLabel('统一社会信用代码').fill(creditCode);
    await applicant.getByLabel('联系人姓名').fill('张经办');
    await applicant.getByLabel('联系人手机号码').fill(phone);
    await applicant.getByLabel('设置密码').fill('abc12345678');
    await applicant.getByLabel('再次输入密码').fill('abc12345678');
    await follow(applicant, () => applicant.getByRole('button', { name: '获取短信验证码' }).click(), /register\/code/);
    await applicant.getByLabel('短信验证码').fill(await smsCodeFromLog(phone));
    await follow(applicant, () => applicant.getByRole('button', { name: '完成注册并登录' }).click(), /\/hall\/my/);
    expect(await mainText(applicant)).toContain('您的账号现为“已注册”');

    await follow(applicant, () => applicant.getByRole('link', { name: '我的账号' }).click(), /\/hall\/account$/);
    expect(await applicant.locator('#level').textContent()).toBe('已注册');
    expect(await mainText(applicant)).toContain('营业执照');
    await expectNoAxeViolations(applicant, 'hall account, registered');
  }, 120_000);

  it('fills the permit form and is refused at submission, with how to get verified; nothing is lost', async () => {
    await applicant.goto(`/hall/matters/${permit.code}/apply`);
    expect(await applicant.locator('#identity').textContent()).toContain('尚未实名核验');
    await fillForm(applicant, permit, answers);
    await follow(applicant, () => applicant.getByRole('button', { name: '根据填写内容更新材料清单' }).click());
    await chooseFiles(applicant, permit, answers, false);
    await applicant.getByLabel('网上提交（上传扫描件）').check();
    await applicant.getByLabel('快递送达').check();
    const refused = await follow(applicant, () => applicant.getByRole('button', { name: '提交申请' }).click());
    expect(refused?.status()).toBe(403);
    const summary = await applicant.locator('.error-summary').textContent();
    expect(summary).toContain('您的账号尚未实名核验');
    expect(summary).toContain('到任一服务大厅窗口办理实名核验');
    expect(summary).toContain('您填写的内容已保存为草稿');
    await expectNoAxeViolations(applicant, 'apply refused, unverified');
  }, 120_000);

  it('the window clerk finds the account in the workbench and verifies it with the business licence', async () => {
    await clerk.goto(`/studio/login?next=${encodeURIComponent('/studio/cases/identity')}`);
    await clerk.getByLabel('账号').fill('window');
    await clerk.getByLabel('密码').fill('banshi-demo-2026');
    await clerk.getByLabel('动态口令').fill(await authenticatorCode(hall.url, 'window'));
    await clerk.getByRole('button', { name: '登录' }).click();
    await clerk.getByRole('heading', { name: '实名核验', level: 1 }).waitFor();
    await expectNoAxeViolations(clerk, 'identity desk');
    await clerk.getByLabel('身份证号码、统一社会信用代码或手机号码').fill(creditCode);
    await clerk.getByRole('button', { name: '查找' }).click();
    await clerk.getByRole('heading', { name: `2. 核验 ${company}（${creditCode}）` }).waitFor();
    expect(await clerk.getByRole('table').textContent()).toContain('已注册');
    await clerk.getByRole('button', { name: '核验并升级为已实名核验' }).click();
    await clerk.getByText('请确认已当面核验证件原件').first().waitFor();
    await clerk.getByLabel('证件上的单位名称').fill(company);
    await clerk.getByLabel(/我已当面核验证件原件/).check();
    await clerk.getByRole('button', { name: '核验并升级为已实名核验' }).click();
    await clerk.getByText(`已完成实名核验：${company}的账号现为“已实名核验”`).waitFor();
    await expectNoAxeViolations(clerk, 'identity desk, verified');
  }, 120_000);

  it('the company opens its draft again and the application goes through', async () => {
    await applicant.goto('/hall/account');
    expect(await applicant.locator('#level').textContent()).toBe('已实名核验');
    await applicant.goto(`/hall/matters/${permit.code}/apply`);
    expect(await mainText(applicant)).toContain('已为您打开上次保存的草稿');
    expect(await applicant.locator('#identity').count()).toBe(0);
    await follow(applicant, () => applicant.getByRole('button', { name: '提交申请' }).click(), /\/hall\/cases\//);
    expect(await mainText(applicant)).toContain('申请材料收件回执');
  }, 120_000);
});
