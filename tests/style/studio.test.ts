/**
 * The studio's code holds together: svelte-check finds no error in its components and modules, and the API types
 * it is written against (studio/src/lib/api/schema.d.ts) are those of the runtime's OpenAPI document as it is now,
 * so a changed response breaks the studio's typecheck here rather than the studio in a browser.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaFile, studioApiTypes } from '../../tools/studio-api-types.ts';
import { withStudioLock } from '../../tools/studio-build.mjs';

const studio = fileURLToPath(new URL('../../studio', import.meta.url));

describe('the studio', () => {
  it('is typed against the runtime’s API as it is now (npm run studio:api writes the types)', async () => {
    expect(readFileSync(schemaFile, 'utf8') === (await studioApiTypes()), 'run npm run studio:api').toBe(true);
  });

  it(
    'passes svelte-check with no error or warning',
    () =>
      // Not while the e2e tests build the studio: `svelte-kit sync` rewrites the files the build reads.
      withStudioLock(() => {
        const sync = spawnSync('npx', ['svelte-kit', 'sync'], { cwd: studio, encoding: 'utf8' });
        expect(sync.status, sync.stderr).toBe(0);
        const check = spawnSync(
          'npx',
          ['svelte-check', '--tsconfig', './tsconfig.json', '--output', 'human', '--threshold', 'warning'],
          {
            cwd: studio,
            encoding: 'utf8'
          }
        );
        expect(check.status, check.stdout + check.stderr).toBe(0);
      }),
    300_000
  );
});
