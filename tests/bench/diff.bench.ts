/**
 * The review's diff: what the department head sees before approving a change to the largest matter, the generated
 * ~300-line 建筑工程施工许可证核发（联合审批） (tests/bench/catalog/big-matter.ts: 110 form fields, 150 materials, a
 * parallel step with three co-approvers), against a second version with a dozen edits an author makes: a fee's
 * amount and basis, a material added, one removed and one made required, a step removed, the promised, legal and
 * extension limits, a co-approver's limit, a form field made required and given an option, a special procedure's
 * length, the warning, a place. Both versions are compiled by the Matter compiler first (not timed).
 *
 * Timed, in this process after a warm-up, BENCH_DIFF_RUNS (300) times each, interleaved: diffDefinitions and
 * diffSources together (what the review route computes), diffDefinitions alone, and the peers:
 *   - jsdiff's `diffLines` of the two sources alone, the line diff every reviewer knows from git: the ratio is
 *     what the semantic diff and the side-by-side hunks cost on top of it;
 *   - `JSON.stringify` of both Definitions, the least any comparison of two Definitions costs (reading every
 *     field once), beside diffDefinitions alone.
 * Figures are medians. Every run's result is checked (the edits all reported), so a silent no-op fails the bench.
 *
 * Goal (issue 14): the diff of two versions of the largest matter under 50 ms.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { diffLines } from 'diff';
import type { Definition } from '@banshi/definition';
import { checkDraft } from '../../runtime/src/publishing/check.ts';
import { diffDefinitions, diffSources } from '../../runtime/src/publishing/diff/index.ts';
import { generateCatalog } from './catalog/generate.ts';
import { figure, median, percentile, round, type Bench } from './figures.ts';

const runs = Number(process.env.BENCH_DIFF_RUNS ?? 300);
const warmup = 30;
const goalMs = 50;

/** The author's edits: each must find its text, or the bench is measuring a smaller change than it says. */
const edits: Array<[string, string]> = [
  ['证书工本费 10 元', '证书工本费 15 元'],
  ['依据 "《福建省行政事业性收费目录清单》第十二项"', '依据 "《福建省行政事业性收费目录清单》（2026 年版）第十二项"'],
  ['    营业执照 "营业执照"', '    安全承诺 "建设工程安全生产承诺书" 原件 1 份 必要\n    营业执照 "营业执照"'],
  ['    勘察资料 "勘察资料（第46项）" 原件或复印件 1 份 必要\n', ''],
  ['建设工程报告（第10项）" 原件 1 份 非必要', '建设工程报告（第10项）" 原件 1 份 必要'],
  ['    审核 由 处室负责人 2 工作日\n', ''],
  ['时限 法定 45 工作日 承诺 15 工作日 延期 15 工作日', '时限 法定 40 工作日 承诺 12 工作日 延期 10 工作日'],
  ['"规划条件核实" 3 工作日', '"规划条件核实" 4 工作日'],
  ['    通讯地址: 地址\n', '    通讯地址: 地址 必填\n'],
  ['("新建", "扩建", "改建")', '("新建", "扩建", "改建", "迁建")'],
  ['专家评审 最长 20 工作日', '专家评审 最长 30 工作日'],
  ['预警 到期前 2 工作日', '预警 到期前 3 工作日'],
  ['"厦门市集美区行政服务中心8号窗口"', '"厦门市集美区行政服务中心8号窗口", "厦门市海沧区行政服务中心3号窗口"']
];

const ms = (v: number) => `${round(v, 2)} ms`;

export const bench: Bench = async ({ log }) => {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-bench-diff-'));
  try {
    const generated = generateCatalog(dir, { matters: 20 });
    const sources = Object.fromEntries(
      ['departments.matter', 'calendar-2026.matter'].map(f => [f, readFileSync(join(generated.catalogDir, f), 'utf8')])
    );
    const before = generated.big.text;
    let after = before;
    for (const [from, to] of edits) {
      if (!after.includes(from)) throw new Error(`the big matter has no ${from}`);
      after = after.replace(from, to);
    }
    const path = relative(generated.catalogDir, generated.big.file).replace(/\\/g, '/');
    const compile = async (text: string): Promise<Definition> => {
      const result = await checkDraft(sources, path, text);
      if (!result.definition)
        throw new Error(
          `the big matter does not compile: ${result.diagnostics.map(d => `${d.line}: ${d.message}`).join('; ')}`
        );
      return result.definition;
    };
    const [a, b] = [await compile(before), await compile(after)];
    log(
      `big matter: ${generated.big.lines} lines, ${b.form.length} form fields, ${b.materials.length} materials; ${edits.length} edits`
    );

    // The first call, cold: what the first review after a process starts waits for.
    const t0 = performance.now();
    const changes = diffDefinitions(a, b);
    const hunks = diffSources(before, after);
    const coldMs = performance.now() - t0;
    const check = (found: number, lines: number) => {
      if (found < edits.length || lines === 0)
        throw new Error(`the diff found ${found} changes and ${lines} changed lines for ${edits.length} edits`);
    };
    check(changes.length, hunks.linesAdded + hunks.linesRemoved);
    log(`${changes.length} changes (first call ${ms(coldMs)}): ${changes.map(c => c.text).join('；')}`);
    log(`source: +${hunks.linesAdded} −${hunks.linesRemoved} lines in ${hunks.hunks.length} hunks`);

    const times = { both: [] as number[], semantic: [] as number[], lines: [] as number[], json: [] as number[] };
    let sink = 0;
    for (let i = 0; i < warmup + runs; i++) {
      let t = performance.now();
      const c = diffDefinitions(a, b);
      const s = diffSources(before, after);
      const both = performance.now() - t;
      check(c.length, s.linesAdded + s.linesRemoved);
      t = performance.now();
      sink += diffDefinitions(a, b).length;
      const semantic = performance.now() - t;
      t = performance.now();
      sink += diffLines(before, after).length;
      const lines = performance.now() - t;
      t = performance.now();
      sink += JSON.stringify(a).length + JSON.stringify(b).length;
      const json = performance.now() - t;
      if (i < warmup) continue;
      times.both.push(both);
      times.semantic.push(semantic);
      times.lines.push(lines);
      times.json.push(json);
    }
    if (sink === 0) throw new Error('nothing was computed');
    const med = (k: keyof typeof times) => median(times[k]);
    log(
      `medians: diff ${ms(med('both'))} (p95 ${ms(percentile(times.both, 95))}), semantic ${ms(med('semantic'))}, jsdiff lines ${ms(med('lines'))}, JSON.stringify ×2 ${ms(med('json'))}`
    );
    const jsonKiB = round((JSON.stringify(a).length + JSON.stringify(b).length) / 1024, 0);
    return [
      figure({
        name: 'diff.big-matter.review',
        value: med('both'),
        unit: 'ms',
        peer: { name: 'jsdiff diffLines of the two sources alone', value: med('lines') },
        goal: goalMs,
        digits: 2,
        detail: `diffDefinitions + diffSources of the ${generated.big.lines}-line big matter against a version with ${edits.length} edits (fee amount and basis, materials added/removed/made required, a step removed, promised/legal/extension limits, a co-approver's limit, form rules, a special procedure, the warning, a place): ${changes.length} Chinese changes and ${hunks.hunks.length} side-by-side hunks; median of ${runs} runs in one process after ${warmup} warm-up (p95 ${ms(percentile(times.both, 95))}; the first, cold call ${ms(coldMs)}). Peer: jsdiff's diffLines alone on the same two sources, the line diff a reviewer knows from git.`
      }),
      figure({
        name: 'diff.big-matter.semantic',
        value: med('semantic'),
        unit: 'ms',
        peer: { name: 'JSON.stringify of both Definitions', value: med('json') },
        digits: 2,
        detail: `diffDefinitions alone on the same pair; peer: serialising both compiled Definitions (${jsonKiB} KiB of JSON), the least any comparison that reads every field once costs.`
      })
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
