/**
 * `npm run screenshots [-- <name>…] [--full] [--out <dir>]`: starts the hall (a runtime process of its own, the
 * fixed clock, demo accounts), sets up the cases the pages show, signs in where a page needs it, and writes a PNG
 * of every page in tests/e2e/pages.ts (or those named) at 360×800 (phone) and 1280×900 (desktop) to
 * docs/screenshots/<page>-<phone|desktop>.png. `--full` photographs the whole page instead of the first screen.
 *
 * It also runs the checks the tests run (axe WCAG 2.1 A/AA, no sideways scrolling at 360 px) and prints what they
 * find, without stopping: a script for people to look at the hall, not a test. Exits 1 if a page did not load.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  axeReport,
  closeBrowser,
  closePage,
  consoleErrors,
  formatViolations,
  newPage,
  overflowOf,
  startHall,
  visit,
  widths,
  type Page,
  type WidthName
} from '../support/browser-harness.ts';
import { hallPages, prepareFixtures } from './pages.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const full = args.includes('--full');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1]! : join(root, 'docs', 'screenshots');
const names = args.filter((a, i) => !a.startsWith('--') && i !== outIndex + 1);
const pages = names.length ? hallPages.filter(p => names.includes(p.name)) : hallPages;
const unknown = names.filter(n => !hallPages.some(p => p.name === n));
if (unknown.length) {
  process.stderr.write(`no page named ${unknown.join(', ')}; the pages: ${hallPages.map(p => p.name).join(' ')}\n`);
  process.exit(2);
}

mkdirSync(outDir, { recursive: true });
const hall = await startHall();
const findings: string[] = [];
let failed = 0;
try {
  const fixtures = await prepareFixtures(hall);
  process.stdout.write(`hall at ${hall.url}; ${pages.length} pages × 2 widths → ${relative(root, outDir) || '.'}\n`);
  for (const widthName of Object.keys(widths) as WidthName[]) {
    const size = widths[widthName];
    // One page (one context, one sign-in) per account and width.
    const byAccount = new Map<string, Page>();
    const pageFor = async (as: string | undefined) => {
      const key = as ?? '';
      let page = byAccount.get(key);
      if (!page) {
        page = await newPage({ ...size, javaScript: true, baseURL: hall.url, ...(as ? { signedInAs: as } : {}) });
        byAccount.set(key, page);
      }
      return page;
    };
    for (const spec of pages) {
      const label = `${spec.name}-${widthName}`;
      try {
        const page = await pageFor(spec.as);
        const path = spec.path(fixtures);
        await visit(page, path, spec.status ?? 200);
        const file = join(outDir, `${label}.png`);
        await page.screenshot({ path: file, fullPage: full });
        const report = await axeReport(page);
        const overflow = await overflowOf(page);
        const notes = [
          ...(report.violations.length ? [formatViolations(report, label)] : []),
          ...(overflow.scrollWidth > overflow.viewport
            ? [
                `${label}: ${overflow.scrollWidth} px wide in ${overflow.viewport} px: ${overflow.culprits.map(c => c.selector).join('; ')}`
              ]
            : []),
          ...consoleErrors(page).map(e => `${label}: ${e}`)
        ];
        findings.push(...notes);
        process.stdout.write(`  ${relative(root, file)}  ${path}${notes.length ? '  (see findings)' : ''}\n`);
      } catch (error) {
        failed++;
        process.stdout.write(`  ${label}: FAILED ${(error as Error).message.split('\n')[0]}\n`);
      }
    }
    for (const page of byAccount.values()) await closePage(page);
  }
} finally {
  await closeBrowser();
  await hall.stop();
}
process.stdout.write(
  findings.length
    ? `\nfindings:\n${findings.join('\n')}\n`
    : '\nno axe violation, no sideways scrolling, no console error\n'
);
if (failed) {
  process.stdout.write(`${failed} page(s) did not load\n`);
  process.exit(1);
}
