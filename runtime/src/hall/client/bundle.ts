import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let bundled: Promise<string> | undefined;

/**
 * The hall's one script, bundled once per process from `hall.ts` and the answer rules it shares with the server
 * (definition/answers.ts), so the browser checks exactly what the server checks.
 */
export function hallScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(new URL('./hall.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2020'],
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent'
  })
    .then(result => result.outputFiles[0]!.text)
    .catch(error => {
      bundled = undefined;
      throw error;
    });
  return bundled;
}
