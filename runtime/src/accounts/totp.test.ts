import { describe, expect, it } from 'vitest';
import {
  checkTotp,
  groupedSecret,
  newRecoveryCode,
  newTotpSecret,
  normaliseRecoveryCode,
  totpCode,
  totpStep,
  totpUri
} from './totp.ts';

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890" in base32; its 8-digit codes end in our 6 digits.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  it('gives the RFC test vectors, 6 digits', () => {
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
    expect(totpCode(rfcSecret, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(rfcSecret, 1_234_567_890_000)).toBe('005924');
    expect(totpCode(rfcSecret, 2_000_000_000_000)).toBe('279037');
  });

  it('accepts the code of the step before and after, names its step, and refuses two steps away', () => {
    const at = 1_234_567_890_000;
    expect(checkTotp(rfcSecret, totpCode(rfcSecret, at), at)).toBe(totpStep(at));
    expect(checkTotp(rfcSecret, totpCode(rfcSecret, at - 30_000), at)).toBe(totpStep(at) - 1);
    expect(checkTotp(rfcSecret, totpCode(rfcSecret, at + 30_000), at)).toBe(totpStep(at) + 1);
    expect(checkTotp(rfcSecret, totpCode(rfcSecret, at + 60_000), at)).toBeUndefined();
    expect(checkTotp(rfcSecret, 'abcdef', at)).toBeUndefined();
  });

  it('makes random 160-bit secrets and the otpauth:// URI authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'window'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(uri.pathname)).toContain('window');
    expect(groupedSecret('ABCDEFGH')).toBe('ABCD EFGH');
  });

  it('reads a recovery code as typed, in any case and spacing, and nothing else', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(normaliseRecoveryCode(code.toUpperCase().replaceAll('-', ' '))).toBe(code);
    expect(normaliseRecoveryCode(code.replaceAll('-', ''))).toBe(code);
    expect(normaliseRecoveryCode('12345')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh-jkmn-pqr1')).toBeUndefined();
  });
});
