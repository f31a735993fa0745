/** The studio bench's figures, from what its runs measured (studio.bench.ts says how). */
import { figure, median, percentile, round, type Figure } from '../figures.ts';
import type { PageTimes } from './probes.ts';
import type { Received } from './session.ts';
import type { Keystroke } from './typing.ts';

/** What tests/bench/language/warm-matter.ts reports (the part used here). */
export interface WarmMatter {
  loadMs: number;
  documents: number;
  lines: number;
  times: number[];
}

interface Runs {
  cold: Array<{ times: PageTimes; received: Received[] }>;
  warm: PageTimes[];
  hallCold: Array<{ loadMs: number; received: Received[] }>;
  hallWarm: number[];
  thousandCold: PageTimes[];
  onShipped: { errorEdits: Keystroke[]; fixEdits: Keystroke[]; preview: Keystroke[] };
  onThousand: { errorEdits: Keystroke[]; fixEdits: Keystroke[]; preview: Keystroke[] };
  nodeShipped: WarmMatter;
  nodeThousand: WarmMatter;
  posts: number[];
  matters: number;
  bigLines: number;
}

const ms = (v: number) => `${round(v, 0)} ms`;
const kib = (bytes: number) => `${round(bytes / 1024, 0)} KiB`;
const sum = (rs: Received[], pick: (r: Received) => number) => rs.reduce((n, r) => n + pick(r), 0);
const med = (values: Array<number | null | undefined>) => median(values.filter((v): v is number => v != null));

/** The cold open's phases, medians, in ms from the navigation's start. */
function phases(times: PageTimes[]): string {
  const at = (pick: (t: PageTimes) => number | null | undefined) => ms(med(times.map(pick)));
  return [
    `the status line's first count ${at(t => t.firstStatus)}`,
    `worker created ${at(t => t.worker)}`,
    `Monaco's editor in the page ${at(t => t.editor)}`,
    `catalogue sent to the worker ${at(t => t.cataloguePosted)}`,
    `the worker's catalogueLoaded ${at(t => t.catalogueLoaded?.at)} (its own parse+link ${at(t => t.catalogueLoaded?.ms)})`,
    `ready ${at(t => t.ready)}`
  ].join(', ');
}

function keystrokeFigures(
  name: string,
  runs: Runs['onShipped'],
  node: WarmMatter,
  goal: number,
  about: string,
  lines: number
): Figure[] {
  const all = [...runs.errorEdits, ...runs.fixEdits].map(k => k.ms);
  const peer = { name: 'Node warm re-check of the same file (language bench)', value: median(node.times) };
  const split = `key to the worker's compile notification ${ms(med([...runs.errorEdits, ...runs.fixEdits].map(k => k.compiledAt)))} (the worker's own change-to-result ${ms(med([...runs.errorEdits, ...runs.fixEdits].map(k => k.workerMs)))})`;
  return [
    figure({
      name: `${name}.median`,
      value: median(all),
      unit: 'ms',
      peer,
      goal,
      detail: `${about}: one digit of the ${lines}-line big matter's 承诺 15 typed over (→ 95, longer than the legal 45: an error; → 15 again: none), keydown's timestamp to the status line's count changing (a MutationObserver in the page); ${all.length} edits after warm-up, each after the draft saved itself. Error shown median ${ms(median(runs.errorEdits.map(k => k.ms)))}, cleared (with its Definition compiled) ${ms(median(runs.fixEdits.map(k => k.ms)))}; ${split}. Peer: MatterWorkspace.update in Node with the same catalogue (${node.documents} documents), median of ${node.times.length} edits.`
    }),
    figure({
      name: `${name}.p95`,
      value: percentile(all, 95),
      unit: 'ms',
      peer: { name: 'Node warm re-check, p95', value: percentile(node.times, 95) },
      goal,
      detail: `p95 of the same ${all.length} edits (max ${ms(Math.max(...all))}).`
    })
  ];
}

export function studioFigures(r: Runs): Figure[] {
  const coldReady = r.cold.map(c => c.times.ready!);
  const bytes = r.cold.map(c => sum(c.received, x => x.wire));
  const sample = r.cold.at(-1)!.received;
  const assets = sample.filter(x => x.url.includes('/studio/_app/'));
  const compressed = assets.filter(x => x.encoding === 'br' || x.encoding === 'gzip' || x.encoding === 'zstd');
  const plain = sample.filter(x => !x.encoding && x.decoded > 4096);
  const biggest = [...sample].sort((a, b) => b.wire - a.wire).slice(0, 4);
  const short = (url: string) => url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  const hallBytes = r.hallCold.map(h => sum(h.received, x => x.wire));
  const previews = [...r.onShipped.preview];
  const thousandPreview = r.onThousand.preview.map(k => k.ms);
  return [
    figure({
      name: 'studio.editor.ready.cold',
      value: median(coldReady),
      unit: 'ms',
      peer: { name: "hall's guide of the same matter, cold, to load", value: median(r.hallCold.map(h => h.loadMs)) },
      goal: 2000,
      detail: `a fresh browser context (empty cache), signed in, navigation start to an editable editor whose diagnostics were checked against the catalogue (no "正在载入目录…", a count on the status line, "最近一次检查用时" shown); the shipped construction permit's draft; median of ${r.cold.length} (max ${ms(Math.max(...coldReady))}). Phases (medians): ${phases(r.cold.map(c => c.times))}.`
    }),
    figure({
      name: 'studio.editor.ready.warm',
      value: median(r.warm.map(t => t.ready!)),
      unit: 'ms',
      peer: { name: "hall's guide of the same matter, warm, to load", value: median(r.hallWarm) },
      detail: `a new page in the same context right after the cold open (assets from the browser's cache, V8's code cache primed; the HTML and the API answers fetched again); median of ${r.warm.length}. Phases: ${phases(r.warm)}.`
    }),
    figure({
      name: 'studio.editor.ready.cold.1000-matters',
      value: median(r.thousandCold.map(t => t.ready!)),
      unit: 'ms',
      peer: { name: 'shipped catalogue, cold (same run)', value: median(coldReady) },
      detail: `the same measure on the big matter's draft in a runtime whose catalogue is ${r.matters} generated matters (the worker parses and links all of them); median of ${r.thousandCold.length}. Phases: ${phases(r.thousandCold)}.`
    }),
    ...keystrokeFigures(
      'studio.keystroke.diagnostics',
      r.onShipped,
      r.nodeShipped,
      150,
      'the shipped catalogue',
      r.bigLines
    ),
    ...keystrokeFigures(
      'studio.keystroke.diagnostics.1000-matters',
      r.onThousand,
      r.nodeThousand,
      300,
      `the ${r.matters}-matter generated catalogue`,
      r.bigLines
    ),
    figure({
      name: 'studio.preview.refresh.median',
      value: median(previews.map(k => k.ms)),
      unit: 'ms',
      peer: { name: 'POST /hall/preview/guide alone, same Definition', value: median(r.posts) },
      goal: 200,
      detail: `承诺 15 ↔ 14 typed in the big matter (shipped catalogue), keydown's timestamp to the guide preview's frame showing the new 承诺时限 (checked on every mutation, frame load and animation frame); ${previews.length} edits after warm-up (p95 ${ms(
        percentile(
          previews.map(k => k.ms),
          95
        )
      )}; with 1,000 matters median ${ms(median(thousandPreview))}). Split (medians): compile notification at ${ms(med(previews.map(k => k.compiledAt)))}, the preview's POST sent at ${ms(med(previews.map(k => k.post?.start)))} (PagePreview waits 120 ms after a new Definition) and answered at ${ms(med(previews.map(k => k.post?.end)))}, the frame given the new page (srcdoc) at ${ms(med(previews.map(k => k.srcdocAt)))}. Peer: the same POST from Node with a bearer token, median of ${r.posts.length}.`
    }),
    figure({
      name: 'studio.preview.refresh.p95',
      value: percentile(
        previews.map(k => k.ms),
        95
      ),
      unit: 'ms',
      peer: { name: 'POST /hall/preview/guide alone, p95', value: percentile(r.posts, 95) },
      goal: 200,
      detail: `p95 of the same ${previews.length} edits.`
    }),
    figure({
      name: 'studio.editor.bytes.cold',
      value: median(bytes) / 1024,
      unit: 'KiB',
      peer: { name: "hall's guide of the same matter, cold, all responses", value: median(hallBytes) / 1024 },
      detail: `every response finished before the editor was ready on a cold open (the workers' scripts included), headers and bodies as sent; ${sample.length} responses, ${kib(sum(sample, x => x.decoded))} once decoded. ${compressed.length} of ${assets.length} studio assets came compressed (${[...new Set(compressed.map(x => x.encoding))].join(', ')}: ${kib(sum(compressed, x => x.wire))} for ${kib(sum(compressed, x => x.decoded))}); uncompressed above 4 KiB: ${plain.map(x => `${short(x.url)} ${kib(x.wire)}`).join(', ') || 'none'}. Largest: ${biggest.map(x => `${short(x.url)} ${kib(x.wire)}${x.encoding ? ` ${x.encoding}` : ''} (${kib(x.decoded)} decoded)`).join(', ')}.`
    })
  ];
}
