import { describe, expect, it } from 'vitest';
import { storable } from './audit.ts';

describe('what the audit log keeps of a request', () => {
  it('replaces what PostgreSQL cannot store and cuts long input', () => {
    expect(storable(undefined)).toBeNull();
    expect(storable('a\u0000b')).toBe('a\uFFFDb');
    expect(storable('x\uD800y')).toBe('x\uFFFDy');
    expect(storable('😀')).toBe('😀');
    expect(storable('长'.repeat(300))).toHaveLength(200);
  });
});
