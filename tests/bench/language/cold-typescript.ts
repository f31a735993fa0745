/**
 * Child process, the peer of cold-matter.ts: the TypeScript compiler parsing and type-checking the same
 * catalogue written as TypeScript object literals (../catalog/generate.ts, `typescript: true`), cold.
 * Usage: cold-typescript.ts <tsDir>
 *
 * Timed: finding the files, reading, parsing, binding and type-checking them (`getPreEmitDiagnostics`).
 * No default lib: the peer's lib.d.ts declares only the global types the checker needs, as the Matter language
 * has no standard library to load either. Module loading is reported apart.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { reportResult } from '../figures.ts';
import { peerCompilerOptions } from './typescript-options.ts';

const [tsDir] = process.argv.slice(2);
if (!tsDir) throw new Error('usage: cold-typescript.ts <tsDir>');

const ts = (await import('typescript')).default;
const importMs = performance.now();

const compilerOptions = peerCompilerOptions(ts);

const t0 = performance.now();
const files: string[] = [];
const walk = (dir: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) {
      if (entry.name !== 'editing') walk(join(dir, entry.name));
    } else if (entry.name.endsWith('.ts')) files.push(join(dir, entry.name));
  }
};
walk(tsDir);
const program = ts.createProgram(files, compilerOptions);
const tProgram = performance.now();
const diagnostics = ts.getPreEmitDiagnostics(program);
const tDone = performance.now();

reportResult({
  importMs,
  totalMs: tDone - t0,
  parseMs: tProgram - t0,
  checkMs: tDone - tProgram,
  files: files.length,
  errors: diagnostics.filter(d => d.category === ts.DiagnosticCategory.Error).length,
  firstError: diagnostics[0] ? ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n') : undefined,
  heapMiB: process.memoryUsage().heapUsed / 2 ** 20
});
