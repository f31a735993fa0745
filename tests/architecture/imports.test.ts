import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imports, root, sources } from './sources.ts';

/** Names that bring the clock, randomness or I/O into code that must be pure. */
const impure =
  /\b(Date\.now|new Date\(\)|Math\.random|performance\.now|crypto\.|process\.|setTimeout|setInterval|fetch\()/;

describe('imports flow one way', () => {
  it('the Definition imports nothing but zod', () => {
    for (const file of sources('definition/src/definition')) {
      for (const spec of imports(file))
        expect(spec === 'zod' || spec.startsWith('./'), `${file} imports ${spec}`).toBe(true);
    }
  });

  it('the calendar is pure: only the Definition and the lunar tables, no clock, no I/O', () => {
    for (const file of sources('definition/src/calendar')) {
      for (const spec of imports(file))
        expect(
          spec.startsWith('./') || spec === '../definition/index.ts' || spec === 'lunar-typescript',
          `${file} imports ${spec}`
        ).toBe(true);
      expect(readFileSync(join(root, file), 'utf8')).not.toMatch(impure);
    }
  });

  it('the language takes from the runtime only the Definition, identifiers and the calendar', () => {
    const allowed = new Set(['@banshi/definition', '@banshi/definition/identifiers', '@banshi/definition/calendar']);
    for (const file of sources('dsl/src')) {
      for (const spec of imports(file)) {
        if (spec.startsWith('@banshi/')) expect(allowed.has(spec), `${file} imports ${spec}`).toBe(true);
        expect(
          spec.startsWith('../../runtime') || spec.includes('runtime/src'),
          `${file} reaches into runtime by path: ${spec}`
        ).toBe(false);
      }
    }
  });

  it('the compiler and the checks do no I/O and read no clock', () => {
    for (const file of [...sources('dsl/src/compile'), ...sources('dsl/src/language'), ...sources('dsl/src/format')]) {
      for (const spec of imports(file)) expect(spec.startsWith('node:'), `${file} imports ${spec}`).toBe(false);
      if (!file.includes('/generated/')) expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(impure);
    }
  });

  it("the language's main export pulls in no language server", () => {
    const server = /^(langium\/lsp|vscode-languageserver)(\/|$)/;
    const reached = new Set<string>();
    const queue = ['dsl/src/index.ts'];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (reached.has(file)) continue;
      reached.add(file);
      expect(file.startsWith('dsl/src/editor/'), `dsl/src/index.ts reaches ${file}`).toBe(false);
      for (const spec of imports(file)) {
        expect(server.test(spec), `${file} imports ${spec}`).toBe(false);
        // The dsl writes `.js` specifiers for its `.ts` files.
        if (spec.startsWith('.')) queue.push(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    }
    expect(reached.size).toBeGreaterThan(10);
  });

  it('the browser worker pulls in nothing from Node', () => {
    for (const spec of imports('dsl/src/editor/worker.ts'))
      expect(spec.startsWith('node:') || spec === 'langium/node', spec).toBe(false);
  });
});
