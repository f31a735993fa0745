import { describe, expect, it } from 'vitest';
import { EmailAddress } from './email.ts';

describe('an e-mail address as typed in the hall', () => {
  it('is trimmed and its domain lower-cased; the mailbox part is kept as typed', () => {
    expect(EmailAddress.parse('  LiSi@Example.COM ')).toBe('LiSi@example.com');
  });

  it('is one plain address: no list, display name, line break or over-long address', () => {
    for (const typed of [
      '',
      'lisi',
      'lisi@',
      'a@example.com, b@example.com',
      '李四 <lisi@example.com>',
      'lisi@example.com\r\nRCPT TO:<x@example.com>',
      `${'a'.repeat(250)}@example.com`
    ])
      expect(EmailAddress.safeParse(typed).success, typed).toBe(false);
    expect(EmailAddress.safeParse('').error?.issues[0]?.message).toBe('请填写电子邮箱地址');
    expect(EmailAddress.safeParse('lisi').error?.issues[0]?.message).toBe(
      '请填写正确的电子邮箱地址，如 name@example.com'
    );
  });
});
