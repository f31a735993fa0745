// Runs every test with vitest and ends with the plain "N passed, N failed" line that CI reads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'banshi-tests-'));
const report = join(dir, 'report.json');
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2)
];
const child = spawn('npx', args, { stdio: 'inherit', env: process.env });
child.on('exit', code => {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed = result.numPassedTests;
    // A file that fails to load has no failed test of its own: count it as one failure.
    const brokenFiles = result.testResults.filter(
      file => file.status === 'failed' && !file.assertionResults.some(a => a.status === 'failed')
    ).length;
    failed = result.numFailedTests + brokenFiles;
    skipped = result.numPendingTests + result.numTodoTests;
  } catch {
    failed = Math.max(failed, 1);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
