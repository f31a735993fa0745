import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imports, root, sources, text } from './sources.ts';

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

/**
 * The runtime's rooms (docs/architecture.md): the contexts over a platform with no domain words, the web room the
 * two faces share, the faces, and the composition root (main.ts, boot.ts, app.ts).
 */
const contexts = [
  'accounts',
  'archives',
  'blacklist',
  'cases',
  'catalog',
  'documents',
  'exchange',
  'licences',
  'publishing',
  'requests',
  'supervision'
];
const faces = ['http', 'hall'];
const runtime = 'runtime/src';

/** The folder of runtime/src a file is in ('' for the root files). */
const roomOf = (file: string) => {
  const parts = relative(runtime, file).split('/');
  return parts.length > 1 ? parts[0]! : '';
};

/** Where a relative specifier of `file` points, relative to the repository; undefined for packages. */
const target = (file: string, spec: string) =>
  spec.startsWith('.') ? normalize(join(dirname(file), spec)) : undefined;

/** Folder → folders it imports, read from runtime/src's sources (tests and test helpers left out). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(runtime)) {
    const from = roomOf(file);
    if (from === '' || from === 'testing') continue;
    for (const spec of imports(file)) {
      const to = target(file, spec);
      if (!to?.startsWith(`${runtime}/`)) continue;
      const room = roomOf(to);
      if (room === '' || room === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(room);
    }
  }
  return graph;
}

/** The strongly connected groups of more than one node (Tarjan): each is a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the runtime lives in rooms', () => {
  it('every folder of runtime/src is a known room', () => {
    const rooms = new Set(sources(runtime).map(roomOf));
    for (const room of rooms)
      expect(['', 'platform', 'web', 'testing', ...contexts, ...faces].includes(room), `runtime/src/${room}`).toBe(
        true
      );
  });

  it('the contexts and the platform know neither web/, http/ nor hall/', () => {
    for (const room of ['platform', ...contexts])
      for (const file of sources(`${runtime}/${room}`))
        for (const spec of imports(file)) {
          const to = target(file, spec);
          if (to) expect(['web', ...faces].includes(roomOf(to)), `${file} imports ${spec}`).toBe(false);
        }
  });

  it('the platform has no domain words: it imports no context', () => {
    for (const file of sources(`${runtime}/platform`))
      for (const spec of imports(file)) {
        const to = target(file, spec);
        if (to) expect(contexts.includes(roomOf(to)), `${file} imports ${spec}`).toBe(false);
      }
  });

  it('contexts import each other only through index.ts', () => {
    for (const room of contexts)
      for (const file of sources(`${runtime}/${room}`))
        for (const spec of imports(file)) {
          const to = target(file, spec);
          if (!to || roomOf(to) === room || !contexts.includes(roomOf(to))) continue;
          expect(to, `${file} imports ${spec}`).toBe(`${runtime}/${roomOf(to)}/index.ts`);
        }
  });

  it('only the platform and the contexts run SQL', () => {
    const sql = [
      /\.\s*query\s*<[^>]*>\s*\(/, // a typed query: db.query<Row>(…)
      /\.\s*(query|unsafe)\s*\(\s*[`'"]\s*(select|insert|update|delete|with|create|alter|drop)\b/i,
      /\.\s*transaction\s*\(/
    ];
    const allowed = new Set(['platform', 'testing', ...contexts]);
    for (const file of sources(runtime).filter(f => !allowed.has(roomOf(f))))
      for (const pattern of sql) expect(text(file), `${file} runs SQL`).not.toMatch(pattern);
  });

  it('the API and the hall share the web room and never import each other; app.ts mounts both', () => {
    for (const [face, other] of [
      ['http', 'hall'],
      ['hall', 'http']
    ] as const)
      for (const file of sources(`${runtime}/${face}`))
        for (const spec of imports(file)) {
          const to = target(file, spec);
          expect(to !== undefined && roomOf(to) === other, `${file} imports ${spec}`).toBe(false);
        }
  });

  it('the domain says no with a Refusal: ApiError is known only to the web room, its two faces and app.ts', () => {
    const knows = /^runtime\/src\/(web|http|hall)\/|^runtime\/src\/app\.ts$/;
    for (const file of sources(runtime).filter(f => !knows.test(f)))
      expect(text(file), file).not.toMatch(/\bApiError\b/);
  });

  it('the engine is pure: it imports only @banshi/definition and itself, reads no clock, draws no chance, does no I/O', () => {
    const impure =
      /\b(Date\.now|new Date\(\)|Math\.random|performance\.now|crypto\.|process\.|setTimeout|setInterval|fetch\()/;
    const engine = `${runtime}/cases/engine`;
    for (const file of sources(engine)) {
      for (const spec of imports(file)) {
        const to = target(file, spec);
        const allowed = to ? to.startsWith(`${engine}/`) : /^@banshi\/definition(\/|$)/.test(spec);
        expect(allowed, `${file} imports ${spec}`).toBe(true);
      }
      expect(text(file), file).not.toMatch(impure);
    }
  });

  it('no cycle between the folders of runtime/src', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(8);
    expect(cycles(graph)).toEqual([]);
  });

  it('the cycle finder finds a cycle', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])]
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('no cycle between the packages', () => {
    const packages = new Map<string, Set<string>>();
    for (const dir of ['definition', 'dsl', 'runtime', 'studio']) {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const deps = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
      packages.set(manifest.name, new Set(deps.filter(d => d.startsWith('@banshi/'))));
    }
    expect(packages.get('@banshi/runtime')).toContain('@banshi/definition');
    expect(cycles(packages)).toEqual([]);
  });
});
