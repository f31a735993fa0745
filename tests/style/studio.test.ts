/**
 * The API types the studio is written against (studio/src/lib/api/schema.d.ts) are those of the runtime's OpenAPI
 * document as it is now, so a changed response breaks the studio's typecheck (svelte-check, in `npm run lint`)
 * rather than the studio in a browser.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFile, studioApiTypes } from '../../tools/studio-api-types.ts';

describe('the studio', () => {
  it('is typed against the runtime’s API as it is now (npm run studio:api writes the types)', async () => {
    expect(readFileSync(schemaFile, 'utf8') === (await studioApiTypes()), 'run npm run studio:api').toBe(true);
  });
});
