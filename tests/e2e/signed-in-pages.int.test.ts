/**
 * The signed-in applicant's pages of the catalogue (tests/e2e/pages.ts: my cases, a case, its receipt, the apply
 * form, the inbox, consultations, complaints, appointments, credit and appeals) in Chromium against a real runtime
 * process: no WCAG 2.1 A/AA violation at 360 and 1280 px, no sideways scrolling, nothing failing in the console.
 * Each account signs in once per width (its own browser context). Journeys over these pages go in files of their own.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  closeBrowser,
  closePage,
  expectFitsWidth,
  expectNoAxeViolations,
  expectNoConsoleErrors,
  newPage,
  openBrowser,
  startHall,
  visit,
  widths,
  type Hall,
  type Page,
  type WidthName
} from '../support/browser-harness.ts';
import { prepareFixtures, signedInPages, type Fixtures } from './pages.ts';

let hall: Hall;
let fixtures: Fixtures;

beforeAll(async () => {
  const [started] = await Promise.all([startHall(), openBrowser()]);
  hall = started;
  fixtures = await prepareFixtures(hall);
}, 90_000);

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

describe.each(Object.keys(widths) as WidthName[])('every signed-in page at the %s width', width => {
  const pages = new Map<string, Page>();
  const pageOf = async (login: string) => {
    let page = pages.get(login);
    if (!page) {
      page = await newPage({ ...widths[width], javaScript: true, baseURL: hall.url, signedInAs: login });
      pages.set(login, page);
    }
    return page;
  };
  afterAll(async () => {
    for (const page of pages.values()) await closePage(page);
  });

  it.each(signedInPages.map(p => [p.name, p] as const))(
    '%s: no WCAG 2.1 A/AA violation, no sideways scrolling',
    async (name, spec) => {
      const page = await pageOf(spec.as!);
      await visit(page, spec.path(fixtures), spec.status ?? 200);
      const label = `${name} (as ${spec.as}) at ${widths[width].width} px`;
      await expectNoAxeViolations(page, label);
      await expectFitsWidth(page, label);
      expectNoConsoleErrors(page, label);
    }
  );
});
