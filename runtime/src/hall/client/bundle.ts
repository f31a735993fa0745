import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** How the hall's script is bundled: here on first request from the sources, and by `npm run build` into dist/. */
export const hallBundleOptions = {
  entryPoints: [fileURLToPath(new URL('./hall.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2020'],
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'silent'
} satisfies BuildOptions;

/**
 * Where `npm run build` leaves the bundled script: beside the built runtime (tools/build.mjs maps this address to
 * dist/hall.js). Running from the sources there is no such file, and the script is bundled on first request.
 */
const prebuilt = new URL('./hall.js', import.meta.url);

let bundled: Promise<string> | undefined;

/**
 * The hall's one script, from `hall.ts` and the answer rules it shares with the server (definition/answers.ts), so
 * the browser checks exactly what the server checks: the build's copy when there is one, else bundled once per
 * process (esbuild is then needed, which only the development install has).
 */
export function hallScript(): Promise<string> {
  bundled ??= readFile(prebuilt, 'utf8')
    .catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      const { build } = await import('esbuild');
      const result = await build({ ...hallBundleOptions, write: false });
      return result.outputFiles[0]!.text;
    })
    .catch(error => {
      bundled = undefined;
      throw error;
    });
  return bundled;
}
