import { sm2 as before } from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, signBytes, sm3, verifyBytes } from './sm2.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/**
 * A decision's seal as sm-crypto 0.5.8 made it, before the seals moved to sm-crypto-v2: what a database sealed
 * earlier holds. The digest is the SM3 of the decision's text.
 */
const sealedBefore = {
  text: '准予行政许可决定书 佛南住建许〔2026〕1号',
  digest: 'f1ffd480eeafac324d5878225b999fa86177781acab6a5af5aaa665e01b8708a',
  publicKey:
    '0439a0e062cc6b9a666432dba30c2541915ac149e63e9364824e53d635094800a0fc890144b3fc97832fc0e09f32054cf7e91eb9149f8351f647f4c155d8067ed8',
  signature:
    '30450220776b9436c7afd20dd7613f4e79fb763dfeccf9500fed664554a41a3895159189022100babd7cb762d7af27a3f87561560343e3d3e522e3df45fb878168a7e06dee7ee5'
};

describe('SM2 seals (GB/T 32918.2, Z over the default ID)', () => {
  it('a seal made before the change of library still verifies, and not for another digest', () => {
    expect(sm3(sealedBefore.text)).toBe(sealedBefore.digest);
    expect(verifyBytes(hex(sealedBefore.digest), sealedBefore.signature, sealedBefore.publicKey)).toBe(true);
    const other = hex(sm3('准予行政许可决定书 佛南住建许〔2026〕2号'));
    expect(verifyBytes(other, sealedBefore.signature, sealedBefore.publicKey)).toBe(false);
  });

  it('what it signs, sm-crypto verifies; what sm-crypto signs, it verifies; a changed byte fails both ways', () => {
    const key = generateKeyPair();
    const bytes = hex(sm3(utf8('电子证照 档案清单')));
    const changed = bytes.slice();
    changed[0] = changed[0]! ^ 1;

    const ours = signBytes(bytes, key);
    expect(before.doVerifySignature(Array.from(bytes), ours, key.publicKey, { hash: true, der: true })).toBe(true);
    expect(before.doVerifySignature(Array.from(changed), ours, key.publicKey, { hash: true, der: true })).toBe(false);

    const theirs = before.doSignature(Array.from(bytes), key.privateKey, {
      hash: true,
      der: true,
      publicKey: key.publicKey
    });
    expect(verifyBytes(bytes, theirs, key.publicKey)).toBe(true);
    expect(verifyBytes(changed, theirs, key.publicKey)).toBe(false);
  });

  it('a signature is new each time (a fresh random k), and another key does not verify it', () => {
    const key = generateKeyPair();
    const bytes = utf8('同一份文书');
    const first = signBytes(bytes, key);
    expect(signBytes(bytes, key)).not.toBe(first);
    expect(verifyBytes(bytes, first, generateKeyPair().publicKey)).toBe(false);
  });

  it('refuses what is not a signature without throwing', () => {
    const key = generateKeyPair();
    const bytes = utf8('文书');
    expect(verifyBytes(bytes, 'not hex', key.publicKey)).toBe(false);
    expect(verifyBytes(bytes, 'ab'.repeat(81), key.publicKey)).toBe(false);
    expect(verifyBytes(bytes, '3006020101020101', key.publicKey)).toBe(false);
    expect(verifyBytes(bytes, signBytes(bytes, key), '04' + '00'.repeat(64))).toBe(false);
  });
});
