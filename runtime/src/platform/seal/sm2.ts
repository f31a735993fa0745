import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * SM2 signatures over SM3 (GB/T 32918.2, GM/T 0003.2), through sm-crypto-v2 (its curve arithmetic is
 * @noble/curves'): the message is hashed with Z, the signer's identity digest over the default ID
 * 1234567812345678, as the standard and GB/T 38540 seals do. Signatures are DER (SEQUENCE of r and s), hex.
 *
 * Not Node's own OpenSSL: it computes Z over an empty ID and Node cannot set one, so its signatures are not the
 * standard's. Not sm-crypto, which signed until 2026-12: its big-number arithmetic took 9 ms a signature and 16 ms
 * a check, against 0.4 and 3.6 ms here. Its seals verify here, and the tests check these seals with it.
 */
export interface Sm2KeyPair {
  publicKey: string;
  privateKey: string;
}

export const generateKeyPair = (): Sm2KeyPair => {
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  return { publicKey, privateKey };
};

export const signBytes = (bytes: Uint8Array, key: Sm2KeyPair): string =>
  sm2.doSignature(bytes, key.privateKey, { hash: true, der: true, publicKey: key.publicKey });

export function verifyBytes(bytes: Uint8Array, signature: string, publicKey: string): boolean {
  if (!/^[0-9a-f]+$/i.test(signature) || signature.length > 160) return false;
  try {
    return sm2.doVerifySignature(bytes, signature, publicKey, { hash: true, der: true });
  } catch {
    return false;
  }
}

/** SM3 of the bytes, hex (GB/T 32905): OpenSSL's through Node. */
export const sm3 = (bytes: Uint8Array | string): string => createHash('sm3').update(bytes).digest('hex');
