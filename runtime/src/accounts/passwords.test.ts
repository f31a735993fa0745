import { describe, expect, it } from 'vitest';
import { hashPassword, Password, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id at the OWASP parameters and verifies only the same password', async () => {
    const hash = await hashPassword('banshi2026');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(hash).not.toContain('banshi2026');
    expect(await verifyPassword(hash, 'banshi2026')).toBe(true);
    expect(await verifyPassword(hash, 'banshi2027')).toBe(false);
    expect(await hashPassword('banshi2026')).not.toBe(hash);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('not-a-hash', 'banshi2026')).toBe(false);
  });

  it('asks for 8–128 characters with letters and digits, in Chinese', () => {
    expect(Password.safeParse('abc12345').success).toBe(true);
    expect(Password.safeParse('办事大厅2026abc').success).toBe(true);
    const message = (p: string) => Password.safeParse(p).error?.issues[0]?.message;
    expect(message('abc123')).toBe('密码至少 8 位');
    expect(message('abcdefghij')).toBe('密码须同时包含字母和数字');
    expect(message('1234567890')).toBe('密码须同时包含字母和数字');
    expect(message('a1'.repeat(65))).toBe('密码最多 128 位');
  });
});
