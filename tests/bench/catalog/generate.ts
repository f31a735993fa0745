/**
 * Generates a deterministic (seeded) catalogue of realistic, valid matters for the language benchmarks:
 *
 *   catalog/departments.matter   regions, ~30 departments (GB 32100 credit codes), the supervision defaults
 *   catalog/calendar-2026.matter the 2026 working-day calendar
 *   catalog/<dept>/<n>.matter    one matter per file, of varied shape
 *   editing/big.matter           one ~300-line matter, the file edited in the warm benchmark
 *
 * and, with `typescript: true`, the same information as TypeScript object literals (ts/…), type-checked by a
 * small set of interfaces, for the TypeScript compiler peer.
 *
 * Run it alone to write a catalogue you can look at: `node --import ./tools/node-polyfills.mjs --import tsx
 * tests/bench/catalog/generate.ts <dir> [--matters 1000] [--seed 20260301] [--typescript]`, then
 * `npm run -s banshi -- check <dir>/catalog <dir>/editing`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bigMatter } from './big-matter.ts';
import { departmentsFrom, itemsByType } from './departments.ts';
import type { MatterSpec } from './matter-spec.ts';
import { digits, seeded, shuffle } from './random.ts';
import { matterFor, type Candidate } from './random-matter.ts';
import { calendar2026, renderDepartments, renderMatter } from './render-matter.ts';
import { renderDepartmentsTs, renderMatterTs, tsLib, tsTypes } from './render-typescript.ts';

interface GenerateOptions {
  /** How many matters (default 1,000). */
  matters?: number;
  seed?: number;
  /** Also write the TypeScript peer under ts/. */
  typescript?: boolean;
}

interface GeneratedCatalog {
  /** The catalogue folder (holds departments.matter). */
  catalogDir: string;
  /** Every .matter file of the catalogue, sorted. */
  files: string[];
  matterCount: number;
  bytes: number;
  lines: number;
  /** The ~300-line matter edited in the warm benchmark, outside the catalogue folder. */
  big: { file: string; text: string; lines: number; bytes: number };
  typescript?: {
    dir: string;
    /** lib.d.ts, types.ts, departments.ts and one file per matter, sorted. */
    files: string[];
    bytes: number;
    big: { file: string; text: string; bytes: number };
  };
}

function write(path: string, text: string): number {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

export function generateCatalog(root: string, options: GenerateOptions = {}): GeneratedCatalog {
  const count = options.matters ?? 1000;
  const rng = seeded(options.seed ?? 20260301);
  const departments = departmentsFrom(rng);
  const candidates: Candidate[] = [];
  for (const department of departments) {
    department.bases.forEach((base, baseIndex) => {
      const items = itemsByType[base.split('|')[1]!]!;
      if (items.length === 0) candidates.push({ department, base, baseIndex, item: undefined, itemIndex: 0 });
      items.forEach((item, itemIndex) => candidates.push({ department, base, baseIndex, item, itemIndex }));
    });
  }
  if (candidates.length < count)
    throw new Error(`only ${candidates.length} distinct matters can be generated, ${count} asked`);
  const chosen = shuffle(rng, candidates)
    .slice(0, count)
    .sort(
      (a, b) =>
        departments.indexOf(a.department) - departments.indexOf(b.department) ||
        a.baseIndex - b.baseIndex ||
        a.itemIndex - b.itemIndex
    );

  const catalogDir = join(resolve(root), 'catalog');
  const files: string[] = [];
  let bytes = 0;
  let lines = 0;
  const put = (file: string, text: string) => {
    files.push(file);
    bytes += write(file, text);
    lines += text.split('\n').length - 1;
  };
  put(join(catalogDir, 'departments.matter'), renderDepartments(departments));
  put(join(catalogDir, 'calendar-2026.matter'), calendar2026);
  const basicCodes = new Map<string, string>();
  const usedCodes = new Set<string>();
  const specs: Array<{ file: string; spec: MatterSpec }> = [];
  chosen.forEach((candidate, index) => {
    const key = `${candidate.department.name}|${candidate.baseIndex}`;
    let basic = basicCodes.get(key);
    while (!basic || usedCodes.has(basic))
      basic = `${String(departments.indexOf(candidate.department) + 1).padStart(2, '0')}${String(candidate.baseIndex + 1).padStart(3, '0')}${digits(rng, 7)}`;
    basicCodes.set(key, basic);
    usedCodes.add(basic);
    const spec = matterFor(candidate, departments, basic, rng);
    const file = join(candidate.department.slug, `${String(index + 1).padStart(4, '0')}`);
    specs.push({ file, spec });
    put(join(catalogDir, `${file}.matter`), renderMatter(spec));
  });

  const housing = departments.find(d => d.name === '市住房和建设局')!;
  const coApprovers = ['市消防救援支队', '市自然资源和规划局', '市生态环境局'].map(n =>
    departments.find(d => d.name === n)!
  );
  const bigSpec = bigMatter(housing, coApprovers, seeded((options.seed ?? 20260301) + 1));
  const bigText = renderMatter(bigSpec);
  const bigFile = join(resolve(root), 'editing', 'big.matter');
  write(bigFile, bigText);

  const result: GeneratedCatalog = {
    catalogDir,
    files: [...files].sort(),
    matterCount: specs.length,
    bytes,
    lines,
    big: { file: bigFile, text: bigText, lines: bigText.split('\n').length - 1, bytes: Buffer.byteLength(bigText) }
  };

  if (options.typescript) {
    const dir = join(resolve(root), 'ts');
    const tsFiles: string[] = [];
    let tsBytes = 0;
    const putTs = (file: string, text: string) => {
      tsFiles.push(file);
      tsBytes += write(file, text);
    };
    putTs(join(dir, 'lib.d.ts'), tsLib);
    putTs(join(dir, 'types.ts'), tsTypes);
    putTs(join(dir, 'departments.ts'), renderDepartmentsTs(departments));
    for (const { file, spec } of specs)
      putTs(join(dir, `${file}.ts`), renderMatterTs(spec, '../types', '../departments'));
    const bigTs = renderMatterTs(bigSpec, '../types', '../departments');
    const bigTsFile = join(dir, 'editing', 'big.ts');
    write(bigTsFile, bigTs);
    result.typescript = {
      dir,
      files: tsFiles.sort(),
      bytes: tsBytes,
      big: { file: bigTsFile, text: bigTs, bytes: Buffer.byteLength(bigTs) }
    };
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('catalog/generate.ts')) {
  const args = process.argv.slice(2);
  const dir = args.find(a => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!dir) {
    process.stderr.write('usage: catalog/generate.ts <dir> [--matters N] [--seed N] [--typescript]\n');
    process.exit(2);
  }
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const generated = generateCatalog(dir, {
    matters: flag('--matters') ?? 1000,
    seed: flag('--seed') ?? 20260301,
    typescript: args.includes('--typescript')
  });
  process.stdout.write(
    `${generated.matterCount} matters, ${generated.files.length} files, ${generated.lines} lines, ${(generated.bytes / 1024).toFixed(0)} KiB in ${generated.catalogDir}\n`
  );
  process.stdout.write(`big matter: ${generated.big.lines} lines in ${generated.big.file}\n`);
  if (generated.typescript)
    process.stdout.write(
      `TypeScript peer: ${generated.typescript.files.length} files, ${(generated.typescript.bytes / 1024).toFixed(0)} KiB in ${generated.typescript.dir}\n`
    );
}
