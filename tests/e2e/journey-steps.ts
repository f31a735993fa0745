/**
 * Steps of the citizens' journeys through the hall (tests/e2e/journeys.int.test.ts), done the way a person does them in
 * the browser: labels and buttons by their visible names, the sign-in form, files chosen for the file inputs. Staff
 * act through the JSON API, as their office tool would. Every step works with the page's JavaScript on or off.
 */
import { expect } from 'vitest';
import { requiredUploads, type AnswerMap } from '@banshi/definition/answers';
import type { Definition, Field } from '@banshi/definition';
import { pdf } from '../../runtime/src/testing/materials.ts';
import type { Locator, Response } from 'playwright-core';
import { demoPassword, inPage, visit, type Hall, type Page } from '../support/browser-harness.ts';

/** The civil air defence office co-approves the construction permit; the demo has no clerk there. */
/** The civil air defence office's clerk (a demo account): the permit's parallel step needs its answer. */
export const airDefenceClerk = { login: 'airdefence' } as const;

/** Runs one step of a journey; a failure names the step it happened in. */
export async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error) error.message = `[${label}] ${error.message}`;
    throw error;
  }
}

/**
 * Clicks something that navigates (a link, a submit button) and waits for the next page to load; its answer. With
 * `url`, the page must be that one: if the hall answered with another (a form come back with errors), the failure
 * quotes what the page says.
 */
export async function follow(page: Page, click: () => Promise<void>, url?: RegExp): Promise<Response | null> {
  const loaded = page.waitForNavigation({ waitUntil: 'load' });
  await click();
  const response = await loaded;
  if (url && !url.test(page.url())) {
    const summary = page.locator('#error-summary, .error-summary, .warn, [role=alert]');
    const said = (await summary.count()) > 0 ? await summary.allTextContents() : [(await mainText(page)).slice(0, 300)];
    throw new Error(
      `expected to land on ${url}, but the hall answered ${response?.status()} with ${page.url()}: ${said.join(' | ').replace(/\s+/g, ' ')}`
    );
  }
  return response;
}

/** The sign-in page's form, filled and sent; the hall then takes the person back where they were going. */
export async function signInWithForm(page: Page, login: string): Promise<void> {
  expect(new URL(page.url()).pathname, 'the sign-in page is open').toBe('/hall/login');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('登录');
  await page.getByLabel('账号', { exact: true }).fill(login);
  await page.getByLabel('密码', { exact: true }).fill(demoPassword);
  const response = await follow(page, () => page.getByRole('button', { name: '登录', exact: true }).click());
  if (new URL(page.url()).pathname === '/hall/login') {
    const said = await page.locator('.error-summary, [role=alert]').allTextContents();
    throw new Error(
      `signing in as ${login} through the form: still on the sign-in page (${response?.status()}): ${said.join(' | ').replace(/\s+/g, ' ')}`
    );
  }
}

/** What a definition list of the page says for a term (the first `dl.facts` under `scope` with it). */
export async function fact(page: Page, term: string, scope = 'main'): Promise<string> {
  const dt = page
    .locator(`${scope} dl.facts > dt`)
    .filter({ hasText: new RegExp(`^${term}$`) })
    .first();
  return ((await dt.locator('xpath=following-sibling::dd[1]').textContent()) ?? '').trim();
}

/** The page's main text, whitespace folded. */
export async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

// --- the apply form -------------------------------------------------------------------------------------------

/** An answer as a person types or picks it. */
export function typed(field: Field, value: unknown): string {
  if (field.kind === 'yesNo') return value === true || value === '是' ? '是' : '否';
  return String(value);
}

/**
 * A field's control by its accessible name (the label a screen reader reads: the required mark is aria-hidden, so
 * not part of it): a select for a choice, a text box for the rest. Among the application form's own fields: the
 * express pick-up's 联系电话 has the same name as a matter's field of that name.
 */
export function control(page: Page, field: Field): Locator {
  return page
    .getByRole(field.kind === 'choice' ? 'combobox' : 'textbox', { name: field.name, exact: true })
    .and(page.locator('[data-field]'));
}

/** Fills one field of the apply form by its label: a text box, a select, or the 是/否 radio group. */
export async function fillField(page: Page, field: Field, value: unknown): Promise<void> {
  const text = typed(field, value);
  if (field.kind === 'yesNo') {
    await page
      .getByRole('group', { name: field.name, exact: true })
      .getByRole('radio', { name: text, exact: true })
      .check();
  } else if (field.kind === 'choice') {
    await control(page, field).selectOption(text);
  } else {
    await control(page, field).fill(text);
  }
}

/** Every field of the form, in order. */
export async function fillForm(page: Page, definition: Definition, answers: AnswerMap): Promise<void> {
  for (const field of definition.form) {
    if (answers[field.name] === undefined) throw new Error(`no answer for ${field.name}`);
    await fillField(page, field, answers[field.name]);
  }
}

/** The values the form's controls hold now, by field name (radios: the checked one). */
export async function formValues(page: Page, definition: Definition): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const field of definition.form) {
    if (field.kind === 'yesNo') {
      const group = page.getByRole('group', { name: field.name, exact: true });
      values[field.name] = (await group.getByRole('radio', { name: '是', exact: true }).isChecked())
        ? '是'
        : (await group.getByRole('radio', { name: '否', exact: true }).isChecked())
          ? '否'
          : '';
    } else {
      values[field.name] = await control(page, field).inputValue();
    }
  }
  return values;
}

/** A material's file: a small real PDF named after it. */
export function materialFile(material: string, pages = 1, name = `${material}.pdf`) {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(pdf(pages)) };
}

/** The control ids the apply page numbers its materials with (m0, m1, … in the definition's order). */
export const materialInput = (definition: Definition, material: string) =>
  `#m${definition.materials.findIndex(m => m.id === material)}`;

/**
 * Chooses a file for each material the answers make required. With the page's script, each goes up at once and
 * is listed under its material; without it, they go with the form when it is sent.
 */
export async function chooseFiles(
  page: Page,
  definition: Definition,
  answers: AnswerMap,
  javaScript: boolean
): Promise<string[]> {
  const materials = requiredUploads(definition, answers).map(m => m.id);
  expect(materials.length).toBeGreaterThan(0);
  for (const material of materials) {
    const input = page.locator(materialInput(definition, material));
    expect(await input.isVisible(), `the file input for ${material} is shown`).toBe(true);
    await input.setInputFiles(materialFile(material));
  }
  if (javaScript) {
    for (const material of materials) {
      const listed = page.locator(`${materialInput(definition, material)}-box ul.files li`);
      await expect
        .poll(() => listed.allTextContents(), { message: `${material} uploaded and listed`, timeout: 15_000 })
        .toEqual([`${material}.pdf（1 页） 已上传`]);
    }
  }
  return materials;
}

// --- the applicant's pages ------------------------------------------------------------------------------------

/** The timeline of a case page: [label, by] per row. */
export async function timelineOf(page: Page): Promise<Array<[string, string]>> {
  const rows = page.locator('section[aria-labelledby="result"] table tbody tr');
  const out: Array<[string, string]> = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    out.push([cells[1]!.trim(), cells[2]!.trim()]);
  }
  return out;
}

/** The paused intervals a case page explains, one line each. */
export async function pausesOf(page: Page): Promise<string[]> {
  const heading = page.getByRole('heading', { name: '暂停计时', exact: true });
  if ((await heading.count()) === 0) return [];
  return (await heading.locator('xpath=following-sibling::ul[1]/li').allTextContents()).map(t => t.trim());
}

/** Opens the inbox until a message with all of `texts` arrives (the worker delivers them within seconds); its text. */
export async function awaitMessage(page: Page, ...texts: string[]): Promise<string> {
  let found = '';
  await expect
    .poll(
      async () => {
        await visit(page, '/hall/inbox');
        const messages = (await page.locator('ol.messages > li').allTextContents()).map(m => m.replace(/\s+/g, ' '));
        found = messages.find(m => texts.every(t => m.includes(t))) ?? '';
        return found !== '';
      },
      { message: `an inbox message saying ${texts.map(t => `“${t}”`).join(' and ')}`, timeout: 20_000, interval: 400 }
    )
    .toBe(true);
  return found;
}

/** What has the focus, with its name attribute and whether its value is missing (constraint validation). */
export function focusedControl(page: Page): Promise<{ tag: string; id: string; name: string; valueMissing: boolean }> {
  return inPage(
    page,
    `(() => {
    const el = document.activeElement || document.body;
    return { tag: el.tagName.toLowerCase(), id: el.id || '', name: el.getAttribute('name') || '', valueMissing: Boolean(el.validity && el.validity.valueMissing) };
  })()`
  );
}

// --- staff ----------------------------------------------------------------------------------------------------

/** A command staff give on a case through the office API; anything but 200 fails the journey, saying why. */
export async function command(hall: Hall, login: string, caseId: string, body: Record<string, unknown>): Promise<any> {
  const user = await hall.user(login);
  const answer = await user.post(`/api/office/cases/${caseId}/commands`, body);
  if (answer.status !== 200)
    throw new Error(`${login} ${String(body.type)}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A GET of the API as a signed-in staff member or applicant. */
export async function apiGet(hall: Hall, login: string, path: string): Promise<any> {
  const user = await hall.user(login);
  const response = await fetch(`${user.base}${path}`, {
    headers: { authorization: `Bearer ${user.token}` },
    signal: AbortSignal.timeout(20_000)
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`GET ${path} as ${login}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A POST of the API that must answer 200. */
export async function apiPost(hall: Hall, login: string, path: string, body: unknown, status = 200): Promise<any> {
  const answer = await (await hall.user(login)).post(path, body);
  if (answer.status !== status)
    throw new Error(`POST ${path} as ${login}: ${answer.status} (expected ${status}) ${JSON.stringify(answer.body)}`);
  return answer.body;
}
