/**
 * Child process, the physical floor of cold-matter.ts: the least any tool must do to go from the catalogue on
 * disk to definitions in memory — find and read every source file, and JSON.parse the compiled output (the
 * definitions cold-matter.ts wrote). Usage: floor.ts <catalogDir> <definitions.json>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportResult } from '../figures.ts';

const [catalogDir, definitionsFile] = process.argv.slice(2);
if (!catalogDir || !definitionsFile) throw new Error('usage: floor.ts <catalogDir> <definitions.json>');
const importMs = performance.now();

const t0 = performance.now();
let bytes = 0;
let files = 0;
const walk = (dir: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.matter')) {
      bytes += readFileSync(path, 'utf8').length;
      files++;
    }
  }
};
walk(catalogDir);
const tRead = performance.now();
const parsed = JSON.parse(readFileSync(definitionsFile, 'utf8')) as { definitions: unknown[] };
const tDone = performance.now();

reportResult({
  importMs,
  totalMs: tDone - t0,
  readMs: tRead - t0,
  parseJsonMs: tDone - tRead,
  files,
  chars: bytes,
  definitions: parsed.definitions.length
});
