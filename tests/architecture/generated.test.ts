import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

describe('the generated parser', () => {
  it('is what langium-cli makes of the committed grammar (run npm run langium:generate after editing it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'banshi-langium-'));
    mkdirSync(join(dir, 'src/language'), { recursive: true });
    cpSync(join(root, 'dsl/src/language/matter.langium'), join(dir, 'src/language/matter.langium'));
    writeFileSync(join(dir, 'langium-config.json'), readFileSync(join(root, 'dsl/langium-config.json')));
    execFileSync(
      'node',
      [
        '--import',
        join(root, 'tools/node-polyfills.mjs'),
        join(root, 'node_modules/langium-cli/bin/langium.js'),
        'generate',
        '--mode=production'
      ],
      { cwd: dir, stdio: 'pipe' }
    );
    for (const file of ['ast.ts', 'grammar.ts', 'module.ts']) {
      const fresh = readFileSync(join(dir, 'src/language/generated', file), 'utf8');
      const committed = readFileSync(join(root, 'dsl/src/language/generated', file), 'utf8');
      expect(committed === fresh, `dsl/src/language/generated/${file} is stale`).toBe(true);
    }
  });
});
