import type { SoakFigures } from './soak.ts';
import type { Figures, Goal } from './goals.ts';

interface Results {
  date: string;
  commit: string;
  uncommittedFiles: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    loads: Array<{ when: string; loadavg: number[] }>;
  };
  sizes: Record<string, number>;
  /** Sizes below the issue's, as `NAME=value (issue: value)`. */
  reduced: string[];
  totalMinutes: number;
  runs: Array<{ part: string; files: string[]; seconds: number; passed: boolean; log?: string | undefined }>;
  goals: Goal[];
  figures: Figures;
  soak: SoakFigures | undefined;
  flatRule: string;
  /** The parts run, when not all (`--only`). */
  only?: string[] | undefined;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** docs/proof-results.md: the goals met or not first, then how it was measured, the soak's samples and the counts. */
export function renderResults(r: Results, jsonName = 'proof-results.json'): string {
  const met = r.goals.filter(g => g.pass).length;
  const lines = [
    '# Proof results (`npm run proof`)',
    '',
    `Written by \`npm run proof\` (tools/proof/run.ts) on ${r.date.slice(0, 19).replace('T', ' ')} UTC at commit \`${r.commit.slice(0, 12)}\`` +
      (r.uncommittedFiles
        ? ` (with ${r.uncommittedFiles} file${r.uncommittedFiles === 1 ? '' : 's'} changed but not committed in the checkout)`
        : '') +
      `, in ${r.totalMinutes} min${r.only ? `, with only ${r.only.join(', ')} (\`--only\`)` : ''}. **${met} of ${r.goals.length} goals met.** The same figures as JSON: [${jsonName}](${jsonName}).`,
    '',
    '| goal (issue 18) | measured | met |',
    '|---|---|---|',
    ...r.goals.map(g => `| ${cell(g.goal)} | ${cell(g.measured)} | ${g.pass ? 'yes' : '**no**'} |`),
    '',
    '## Machine',
    '',
    `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}. Load average (1, 5, 15 min): ` +
      r.machine.loads.map(l => `${l.when} ${l.loadavg.join(' ')}`).join('; ') +
      '. The machine may be shared: a load average well above the proof’s own two lanes means others ran beside it.',
    '',
    '## Sizes',
    '',
    ...(r.reduced.length
      ? [
          `**Run at reduced sizes** (${r.reduced.join(', ')}): these figures show the runner works, not that the goals are met.`,
          ''
        ]
      : []),
    Object.entries(r.sizes)
      .map(([k, v]) => `\`${k.startsWith('SOAK') ? 'BANSHI_' : 'BANSHI_PROOF_'}${k}=${v}\``)
      .join(', ') + '.',
    '',
    '## Parts',
    '',
    '| part | files | seconds | vitest |',
    '|---|---|---|---|',
    ...r.runs.map(
      run =>
        `| ${run.part} | ${run.files.map(f => `\`${f}\``).join(' ') || '—'} | ${run.seconds} | ${run.passed ? 'passed' : `**failed**${run.log ? ` (${cell(run.log.slice(0, 200))})` : ''}`} |`
    ),
    ''
  ];
  if (r.soak) {
    const s = r.soak;
    lines.push(
      '## Soak',
      '',
      `${s.minutes} min at ${s.requestsPerSecond} requests a second (open loop; the mix and why in tools/proof/soak.ts), one sample every ${s.windowSeconds} s. Flat: ${r.flatRule}. Memory ${s.memoryFlat ? 'flat' : '**not flat**'}, latency ${s.latencyFlat ? 'flat' : '**not flat**'}; ${s.errors} errors${s.errorSamples.length ? ` (${s.errorSamples.join('; ')})` : ''}.`,
      '',
      '| minute | requests | errors | RSS (MB) | p50 (ms) | p99 (ms) |',
      '|---|---|---|---|---|---|',
      ...s.windows.map(w => `| ${w.minute} | ${w.requests} | ${w.errors} | ${w.rssMb} | ${w.p50Ms} | ${w.p99Ms} |`),
      ''
    );
  }
  lines.push('## Counts as the proofs reported them', '', '```', ...r.figures.map(f => JSON.stringify(f)), '```', '');
  return lines.join('\n');
}
