// `npm run build` (after the studio's build): the runtime and the banshi CLI as plain JavaScript in dist/, so production
// runs `node dist/main.mjs` with production dependencies only (no tsx, no esbuild). Run with tsx loaded, since the
// hall's bundle options come from runtime/src/hall/client/bundle.ts.
//
// dist/main.mjs, dist/banshi.mjs    entries: load the Node 20 polyfills, then the bundle
// dist/runtime.mjs, dist/cli.mjs    runtime/src/main.ts and tools/banshi.ts, with @banshi/* bundled in and every
//                                   third-party package left to node_modules (resolved from the checkout's root)
// dist/src-*.mjs, dist/chunk-*.mjs   the runtime's chunks: the Matter language, loaded at its first use
// dist/hall.js                      the hall's browser script, served instead of bundling it at run time
// dist/migrations/, dist/page-count-worker.mjs   files the code opens by their address beside it
//
// The catalogue (BANSHI_CATALOG, default ./catalog) and the data folder are found from the working directory, and
// the studio's build at ../studio/build from dist/: run from the checkout's root, as `npm start` does.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const at = path => join(root, path);

/** Files the sources open as `new URL('…', import.meta.url)`, and where the build puts them under dist/. */
const assets = new Map([
  [at('runtime/src/platform/db/migrations/'), 'migrations/'],
  [at('runtime/src/platform/files/page-count-worker.mjs'), 'page-count-worker.mjs'],
  [at('runtime/src/hall/client/hall.js'), 'hall.js']
]);
/** Addresses left pointing into the checkout: the studio's build, and the hall's sources (read only without hall.js). */
const inCheckout = new Set([at('studio/build'), at('runtime/src/hall/client/hall.ts')]);

const assetUrl = /new URL\((['"])([^'"]+)\1,\s*import\.meta\.url\)/g;

/**
 * Rewrites each `new URL('…', import.meta.url)` of our sources to the same file as seen from dist/, where every
 * bundle and chunk lives (import.meta.url is always a file directly in dist/). An address that is neither copied
 * nor known to stay in the checkout fails the build, rather than the built runtime at run time.
 */
const assetAddresses = {
  name: 'asset-addresses',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, args => {
      if (args.path.includes(`${join('node_modules')}`) || !args.path.startsWith(root)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replace(assetUrl, (whole, quote, address) => {
        const target = resolve(dirname(args.path), address) + (address.endsWith('/') ? '/' : '');
        const copied = assets.get(target);
        if (copied === undefined && !inCheckout.has(target.replace(/\/$/, '')))
          throw new Error(
            `${relative(root, args.path)}: ${address} is not placed by tools/build.mjs (add it to assets)`
          );
        const inDist = copied === undefined ? relative(dist, target) + (address.endsWith('/') ? '/' : '') : copied;
        return `new URL(${JSON.stringify(inDist.startsWith('.') ? inDist : `./${inDist}`)}, import.meta.url)`;
      });
      return { contents, loader: args.path.endsWith('ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
    });
  }
};

/** Third-party packages stay imports (node_modules is installed beside dist/); our workspaces are bundled in. */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, args => {
      if (args.path.startsWith('@banshi/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  }
};

/**
 * One bundle; with `split`, what the sources import with `import()` becomes a chunk of its own beside it in dist/
 * (the Matter language: the runtime loads it at its first use, publishing/language.ts), so import.meta.url stays a
 * file directly in dist/.
 */
async function bundle(entry, outfile, split = false) {
  const result = await build({
    entryPoints: { [outfile.replace(/\.mjs$/, '')]: at(entry) },
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    splitting: split,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    legalComments: 'none',
    charset: 'utf8',
    tsconfig: at('tsconfig.json'),
    plugins: [thirdPartyExternal, assetAddresses],
    metafile: true,
    logLevel: 'warning'
  });
  const bytes = Object.values(result.metafile.outputs).find(o => o.entryPoint)?.bytes ?? 0;
  return `${outfile} ${(bytes / 1024).toFixed(0)} KB`;
}

/**
 * A small entry: the polyfills run before any module of the bundle (or of langium) is evaluated, and stack traces
 * in the logs name the TypeScript sources (the bundles' .map files).
 */
function entry(file, target) {
  writeFileSync(
    join(dist, file),
    `// Built by tools/build.mjs.\nimport './node-polyfills.mjs';\nprocess.setSourceMapsEnabled(true);\nawait import('./${target}');\n`
  );
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const { hallBundleOptions } = await import('../runtime/src/hall/client/bundle.ts');
const built = await Promise.all([
  bundle('runtime/src/main.ts', 'runtime.mjs', true),
  bundle('tools/banshi.ts', 'cli.mjs'),
  build({ ...hallBundleOptions, outfile: join(dist, 'hall.js') }).then(() => 'hall.js')
]);
cpSync(at('tools/node-polyfills.mjs'), join(dist, 'node-polyfills.mjs'));
for (const [from, to] of assets) if (existsSync(from)) cpSync(from, join(dist, to), { recursive: true });
entry('main.mjs', 'runtime.mjs');
entry('banshi.mjs', 'cli.mjs');
if (!existsSync(join(root, 'studio/build/200.html')))
  process.stderr.write(
    '注意：studio/build 不存在，构建出的运行时将没有工作台（先运行 node tools/studio-build.mjs）。\n'
  );
process.stderr.write(`已构建 dist/（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${built.join('，')}\n`);
