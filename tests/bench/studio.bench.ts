/**
 * The studio's figures, in Chromium (Debian's, headless) against real runtime processes serving the built studio
 * (built first when not fresh), signed in as the demo author:
 *
 *  (1) editor ready, COLD (a fresh browser context: empty cache) and WARM (a new page in the same context): from
 *      the navigation's start to an editable editor whose diagnostics were checked against the whole catalogue —
 *      the status line shows a count, no longer "正在载入目录…", and a compile notification arrived ("最近一次检查
 *      用时"). A draft of the shipped construction permit; BENCH_STUDIO_OPENS (5) of each, medians. Peer: the
 *      hall's server-rendered guide of the same matter in the same browser, navigation start to the load event.
 *      Goal: cold under 2 s.
 *  (2) keystroke to diagnostics on the ~300-line generated big matter, as a draft, with the shipped catalogue and
 *      with the generated 1,000-matter catalogue (a second runtime with BANSHI_CATALOG): a digit typed over a
 *      digit of its promised limit (承诺 15 → 95, longer than the legal 45: an error; then back), from the keydown
 *      to the status line's count changing (a MutationObserver in the page), BENCH_STUDIO_EDITS (20) edits after
 *      6 warm-up; each after the draft has saved itself. Peer: the language bench's warm re-check in Node of the
 *      same file among the same catalogue (language/warm-matter.ts). Goals: 150 ms and 300 ms.
 *  (3) compile to preview: a valid change of the promised limit (15 ↔ 14) from the keydown to the guide preview's
 *      frame showing the new 承诺时限. Peer: the preview's POST /hall/preview/guide alone for the same Definition
 *      from Node. Goal: 200 ms.
 *  (4) bytes before the editor is ready, cold: every response (the workers' scripts included) finished by then,
 *      headers and bodies as sent. Peer: the hall guide page's bytes, measured the same way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import { closeBrowser, startHall, type Hall } from '../support/browser-harness.ts';
import { generateCatalog } from './catalog/generate.ts';
import { median, repoRoot, round, runChild, type Bench } from './figures.ts';
import type { PageTimes } from './studio/probes.ts';
import { studioFigures } from './studio/report.ts';
import {
  draftOfPublished,
  freshContext,
  makeDraft,
  openEditor,
  openHallPage,
  type Draft,
  type Received
} from './studio/session.ts';
import { goTo, positionOf, retype, type Keystroke } from './studio/typing.ts';
import type { WarmMatter } from './studio/report.ts';

const opens = Number(process.env.BENCH_STUDIO_OPENS ?? 5);
const edits = Number(process.env.BENCH_STUDIO_EDITS ?? 20);
const warmupEdits = 6;
const clock = '2026-09-28T10:00:00+08:00';
/** The shipped catalogue's construction permit: published, in the demo author's department. */
const permitCode = '11350200003650121J300011700600001';

const ms = (v: number) => `${round(v, 0)} ms`;
const editPath = (code: string) => `/studio/matters/edit?code=${code}`;

/** The generated big matter made to check clean against the shipped catalogue: its department's code, a co-approver it has. */
function forShippedCatalogue(big: string): string {
  return big.replaceAll('11350200768609972D', '11350200003650121J').replaceAll('市生态环境局', '市人民防空办公室');
}

/** Where the big matter's promised limit is: the offset of the tens digit of `承诺 15`. */
function promisedDigits(text: string): { tens: number; units: number } {
  const match = /时限 法定 45 工作日 承诺 15 工作日/.exec(text);
  if (!match) throw new Error('the big matter no longer promises 15 days against a legal 45');
  const tens = match.index + match[0].indexOf('承诺 15') + 3;
  return { tens, units: tens + 1 };
}

async function keystrokes(
  hall: Hall,
  draft: Draft,
  log: (line: string) => void,
  label: string
): Promise<{ errorEdits: Keystroke[]; fixEdits: Keystroke[]; preview: Keystroke[]; readyMs: number }> {
  // A second try in a fresh context: another build of the studio landing under the running server breaks a page.
  let context = await freshContext(hall, 'author');
  try {
    const { page, times } = await openEditor(context, editPath(draft.code), 60_000).catch(async (error: Error) => {
      log(`${label}: ${error.message}; trying again`);
      await context.close();
      context = await freshContext(hall, 'author');
      return openEditor(context, editPath(draft.code), 60_000);
    });
    log(`${label}: editor ready in ${ms(times.ready!)} (catalogue of ${times.catalogueLoaded?.files} files)`);
    const digits = promisedDigits(draft.source);
    await goTo(page, draft.source, positionOf(draft.source, digits.tens));
    const errorEdits: Keystroke[] = [];
    const fixEdits: Keystroke[] = [];
    for (let i = 0; i < (warmupEdits + edits) / 2; i++) {
      const wrong = await retype(page, i === 0 ? 'ArrowRight' : 'ArrowLeft', '9', 'status', '(^|\\D)1 个错误');
      const right = await retype(page, 'ArrowLeft', '1', 'status', '无错误');
      if (i >= warmupEdits / 2) {
        errorEdits.push(wrong);
        fixEdits.push(right);
      }
    }
    log(
      `${label}: error shown median ${ms(median(errorEdits.map(k => k.ms)))}, cleared median ${ms(median(fixEdits.map(k => k.ms)))}`
    );
    // The units digit (the cursor is before it now): 15 ↔ 14, a valid change the guide preview shows.
    const preview: Keystroke[] = [];
    for (let i = 0; i < (warmupEdits + edits) / 2; i++) {
      const down = await retype(page, i === 0 ? 'ArrowRight' : 'ArrowLeft', '4', 'preview', '^\\s*14 个工作日');
      const up = await retype(page, 'ArrowLeft', '5', 'preview', '^\\s*15 个工作日');
      if (i >= warmupEdits / 2) preview.push(down, up);
    }
    log(`${label}: preview refreshed median ${ms(median(preview.map(k => k.ms)))}`);
    return { errorEdits, fixEdits, preview, readyMs: times.ready! };
  } finally {
    await context.close();
  }
}

export const bench: Bench = async ({ log }) => {
  if (!studioIsFresh()) {
    log('building the studio');
    buildStudio();
  }
  const root = mkdtempSync(join(tmpdir(), 'banshi-bench-studio-'));
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(root, { recursive: true, force: true })];
  try {
    const generated = generateCatalog(root, { matters: 1000 });
    const shippedBig = join(root, 'shipped-big.matter');
    writeFileSync(shippedBig, forShippedCatalogue(generated.big.text));
    const shipped = await startHall({ clock, worker: 'off' });
    stops.unshift(() => shipped.stop());
    const thousand = await startHall({ clock, worker: 'off', env: { BANSHI_CATALOG: generated.catalogDir } });
    stops.unshift(() => thousand.stop());
    stops.unshift(() => closeBrowser());
    log(`runtimes: shipped catalogue at ${shipped.url}, ${generated.matterCount} generated matters at ${thousand.url}`);

    const author = await shipped.user('author');
    const permit = await draftOfPublished(author, permitCode);
    const bigShipped = await makeDraft(author, readFileSync(shippedBig, 'utf8'));
    const bigThousand = await makeDraft(await thousand.user('author'), generated.big.text);

    // (1) and (4): cold and warm opens, each beside the hall's guide of the same matter.
    const cold: Array<{ times: PageTimes; received: Received[] }> = [];
    const warm: PageTimes[] = [];
    const hallCold: Array<{ loadMs: number; received: Received[] }> = [];
    const hallWarm: number[] = [];
    for (let rep = 1; rep <= opens; rep++) {
      const context: BrowserContext = await freshContext(shipped, 'author');
      try {
        const first = await openEditor(context, editPath(permit.code));
        cold.push({ times: first.times, received: first.network.before(first.times.ready!) });
        await first.page.close();
        const again = await openEditor(context, editPath(permit.code));
        warm.push(again.times);
        log(`open ${rep}/${opens}: editor ready cold ${ms(first.times.ready!)}, warm ${ms(again.times.ready!)}`);
      } finally {
        await context.close();
      }
      const hallContext = await freshContext(shipped);
      try {
        const first = await openHallPage(hallContext, `/hall/matters/${permitCode}`);
        hallCold.push({ loadMs: first.loadMs, received: first.network.received });
        await first.page.close();
        hallWarm.push((await openHallPage(hallContext, `/hall/matters/${permitCode}`)).loadMs);
      } finally {
        await hallContext.close();
      }
      log(`open ${rep}/${opens}: hall guide cold ${ms(hallCold.at(-1)!.loadMs)}, warm ${ms(hallWarm.at(-1)!)}`);
    }
    const thousandCold: PageTimes[] = [];
    for (let rep = 1; rep <= Math.min(opens, 3); rep++) {
      const context = await freshContext(thousand, 'author');
      try {
        thousandCold.push((await openEditor(context, editPath(bigThousand.code), 120_000)).times);
        log(`1,000 matters, open ${rep}: editor ready cold ${ms(thousandCold.at(-1)!.ready!)}`);
      } finally {
        await context.close();
      }
    }

    // (2) and (3)
    const onShipped = await keystrokes(shipped, bigShipped, log, 'shipped catalogue');
    const onThousand = await keystrokes(thousand, bigThousand, log, '1,000 matters');
    const nodeShipped = (
      await runChild<WarmMatter>('tests/bench/language/warm-matter.ts', [
        join(repoRoot, 'catalog'),
        shippedBig,
        '10',
        String(edits)
      ])
    ).result;
    const nodeThousand = (
      await runChild<WarmMatter>('tests/bench/language/warm-matter.ts', [
        generated.catalogDir,
        generated.big.file,
        '10',
        String(edits)
      ])
    ).result;
    log(
      `Node warm re-check: shipped ${ms(median(nodeShipped.times))}, 1,000 matters ${ms(median(nodeThousand.times))} (loaded in ${ms(nodeThousand.loadMs)})`
    );
    const posts: number[] = [];
    for (let i = 0; i < warmupEdits + edits; i++) {
      const t0 = performance.now();
      const answer = await fetch(`${shipped.url}/hall/preview/guide`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${author.token}` },
        body: JSON.stringify({ definition: bigShipped.definition, version: bigShipped.version })
      });
      const html = await answer.text();
      if (i >= warmupEdits) posts.push(performance.now() - t0);
      if (answer.status !== 200 || !html.includes('承诺时限')) throw new Error(`preview POST: ${answer.status}`);
    }

    return studioFigures({
      cold,
      warm,
      hallCold,
      hallWarm,
      thousandCold,
      onShipped,
      onThousand,
      nodeShipped,
      nodeThousand,
      posts,
      matters: generated.matterCount,
      bigLines: generated.big.lines
    });
  } finally {
    for (const stop of stops) await stop().catch(error => log(`cleanup: ${String(error)}`));
  }
};
