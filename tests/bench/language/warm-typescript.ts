/**
 * Child process, the peer of warm-matter.ts: TypeScript's language service with the catalogue's TypeScript twin
 * loaded and the big file open; each one-character edit (the same edits) is handed over as a new snapshot that
 * knows its change range, so TypeScript re-parses incrementally, then the file's syntactic and semantic
 * diagnostics are asked for, as an editor does after a keystroke.
 * Usage: warm-typescript.ts <tsDir> <big.ts> <warm-up edits> <timed edits>
 */
import { readdirSync, readFileSync } from 'node:fs';
import type * as TS from 'typescript';
import { join } from 'node:path';
import { reportResult } from '../figures.ts';
import { applyEdit, findSites, typescriptNumber } from './edits.ts';
import { peerCompilerOptions } from './typescript-options.ts';

const [tsDir, bigFile, warmupArg, editsArg] = process.argv.slice(2);
if (!tsDir || !bigFile) throw new Error('usage: warm-typescript.ts <tsDir> <big.ts> <warm-up> <edits>');
const warmup = Number(warmupArg ?? 10);
const edits = Number(editsArg ?? 50);

const ts = (await import('typescript')).default;

const files: string[] = [];
const walk = (dir: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) walk(join(dir, entry.name));
    else if (entry.name.endsWith('.ts')) files.push(join(dir, entry.name));
  }
};
walk(tsDir);
if (!files.includes(bigFile)) files.push(bigFile);

/** A snapshot that can tell TypeScript what changed since the previous one, so the re-parse is incremental. */
class Snapshot implements TS.IScriptSnapshot {
  constructor(
    readonly text: string,
    readonly previous?: Snapshot
  ) {}
  getText(start: number, end: number) {
    return this.text.slice(start, end);
  }
  getLength() {
    return this.text.length;
  }
  getChangeRange(old: TS.IScriptSnapshot): TS.TextChangeRange | undefined {
    if (old !== this.previous || !this.previous) return undefined;
    const a = this.previous.text;
    const b = this.text;
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
      endA--;
      endB--;
    }
    return ts.createTextChangeRange(ts.createTextSpanFromBounds(start, endA), endB - start);
  }
}

const snapshots = new Map<string, Snapshot>();
const versions = new Map<string, number>();
for (const file of files) snapshots.set(file, new Snapshot(readFileSync(file, 'utf8')));
const options = peerCompilerOptions(ts);
const host: TS.LanguageServiceHost = {
  getScriptFileNames: () => files,
  getScriptVersion: file => String(versions.get(file) ?? 0),
  getScriptSnapshot: file =>
    snapshots.get(file) ?? (ts.sys.fileExists(file) ? new Snapshot(ts.sys.readFile(file)!) : undefined),
  getCurrentDirectory: () => tsDir,
  getCompilationSettings: () => options,
  getDefaultLibFileName: () => join(tsDir, 'lib.d.ts'),
  fileExists: file => snapshots.has(file) || ts.sys.fileExists(file),
  readFile: file => snapshots.get(file)?.text ?? ts.sys.readFile(file),
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());
const tLoad = performance.now();
const check = () => [...service.getSyntacticDiagnostics(bigFile), ...service.getSemanticDiagnostics(bigFile)];
const initial = check();
const loadMs = performance.now() - tLoad;
if (initial.length > 0)
  throw new Error(
    `big.ts has ${initial.length} diagnostics: ${ts.flattenDiagnosticMessageText(initial[0]!.messageText, '\n')}`
  );

const sites = findSites(snapshots.get(bigFile)!.text, typescriptNumber);
const times: number[] = [];
for (let i = 0; i < warmup + edits; i++) {
  const previous = snapshots.get(bigFile)!;
  const text = applyEdit(previous.text, sites, i);
  const t0 = performance.now();
  snapshots.set(bigFile, new Snapshot(text, previous));
  versions.set(bigFile, (versions.get(bigFile) ?? 0) + 1);
  const diagnostics = check();
  const t1 = performance.now();
  if (diagnostics.length > 0) throw new Error(`edit ${i} left ${diagnostics.length} diagnostics`);
  if (service.getProgram()!.getSourceFile(bigFile)!.text !== text) throw new Error('the edit was not re-checked');
  if (i >= warmup) times.push(t1 - t0);
}

reportResult({
  loadMs,
  files: files.length,
  lines: snapshots.get(bigFile)!.text.split('\n').length - 1,
  times,
  heapMiB: process.memoryUsage().heapUsed / 2 ** 20
});
