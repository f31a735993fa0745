import { describe, expect, it } from 'vitest';
import { inspect, UnreadableFileError } from './inspect.ts';

/**
 * A long proof (`npm run test:proofs`, not `npm test`: 20 s of parsing on this machine): the crafted "PDF" at the
 * upload limit still ends, refused as unreadable, rather than holding a worker for good (security-audit §1.2).
 */
describe('inspecting an upload at the 20 MB limit', () => {
  it('a 20 MB crafted file ends in bounded time: read, or refused as unreadable', async () => {
    const big = new TextEncoder().encode(
      `%PDF-1.4\n${'/Type/Pages '.repeat(Math.floor((20 * 1024 * 1024 - 10) / 12))}`
    );
    const outcome = await inspect(big).then(
      r => r,
      (error: unknown) => error
    );
    expect(outcome).toBeInstanceOf(UnreadableFileError);
  }, 120_000);
});
