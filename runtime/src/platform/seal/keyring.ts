import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db, Sql } from '../db/db.ts';
import { generateKeyPair, signBytes, sm3, verifyBytes, type Sm2KeyPair } from './sm2.ts';

/** A department's electronic seal on some bytes: which key, the SM3 digest of the bytes, the SM2 signature. */
export interface Seal {
  keyId: string;
  department: string;
  algorithm: 'SM2-SM3';
  /** SM3 of the sealed bytes, hex. */
  digest: string;
  /** SM2 signature (DER, hex) over the bytes, hashed with the signer's Z as GB/T 32918.2 asks. */
  signature: string;
}

export type SealCheck =
  { ok: true; keyId: string; department: string; retiredAt?: string } | { ok: false; reason: string };

export interface SealKey {
  department: string;
  /** Uncompressed point, hex: 04 then x and y. */
  publicKey: string;
  createdAt: string;
  retiredAt?: string;
}

export interface SealKeyring {
  /** Seals bytes with the department's current key, made on first use. */
  sign(department: string, bytes: Uint8Array): Promise<Seal>;
  /** Checks a signature with the public key its id names; a retired key still verifies what it sealed. */
  verify(seal: Pick<Seal, 'keyId' | 'signature'>, bytes: Uint8Array): Promise<SealCheck>;
  publicKey(keyId: string): Promise<SealKey | undefined>;
  /** Retires the department's current key and makes a new one; documents sealed before keep verifying. */
  rotate(department: string): Promise<string>;
}

/** A key file in the keys folder: the operator may supply these (production), or the runtime makes them. */
const KeyFile = z.object({
  keyId: z.string().regex(/^SM2-[0-9a-f]{16}$/),
  department: z.string().min(1),
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
  privateKey: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string()
});
type KeyFile = z.infer<typeof KeyFile>;

/** A key's id: its public key's SM3 fingerprint, so the id names the key and cannot be reused for another. */
export const keyIdOf = (publicKey: string) => `SM2-${sm3(publicKey).slice(0, 16)}`;

/**
 * The departments' seal keys: private halves as files in `keysDir` (mode 0600; one JSON file per key), public
 * halves in `seal_keys`. On the embedded default the folder is the data folder's `keys`; in production it is
 * where the operator puts the key files (BANSHI_SEAL_KEYS), or a key service implementing this interface.
 */
export function fileKeyring(db: Db, keysDir: string, now: () => number = Date.now): SealKeyring {
  const privates = new Map<string, KeyFile>();
  const fileOf = (keyId: string) => join(keysDir, `${keyId}.json`);

  async function privateOf(keyId: string): Promise<KeyFile> {
    const cached = privates.get(keyId);
    if (cached) return cached;
    let text: string;
    try {
      text = await readFile(fileOf(keyId), 'utf8');
    } catch {
      throw new Error(
        `找不到签章私钥 ${keyId}（应在 ${keysDir}）：请把该密钥文件放回密钥目录，或轮换该部门的签章密钥。`
      );
    }
    const parsed = KeyFile.safeParse(JSON.parse(text));
    if (!parsed.success || keyIdOf(parsed.data.publicKey) !== keyId)
      throw new Error(`签章密钥文件 ${fileOf(keyId)} 格式有误或与密钥编号不符。`);
    privates.set(keyId, parsed.data);
    return parsed.data;
  }

  async function writeKey(department: string): Promise<KeyFile> {
    const pair: Sm2KeyPair = generateKeyPair();
    const key: KeyFile = {
      keyId: keyIdOf(pair.publicKey),
      department,
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
      createdAt: new Date(now()).toISOString()
    };
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    const temporary = `${fileOf(key.keyId)}.tmp`;
    await writeFile(temporary, JSON.stringify(key, null, 2), { mode: 0o600, flag: 'wx' });
    await rename(temporary, fileOf(key.keyId));
    return key;
  }

  /** The department's key in use: made (file first, then its row) when it has none; a racing maker's row wins. */
  async function current(department: string): Promise<KeyFile> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [row] = await db.query<{ key_id: string }>(
        'select key_id from seal_keys where department = $1 and retired_at is null',
        [department]
      );
      if (row) return privateOf(row.key_id);
      const key = await writeKey(department);
      const inserted = await db.query(
        `insert into seal_keys (key_id, department, public_key, created_at) values ($1, $2, $3, $4)
         on conflict do nothing returning key_id`,
        [key.keyId, department, key.publicKey, new Date(now()).toISOString()]
      );
      if (inserted.length) {
        privates.set(key.keyId, key);
        return key;
      }
    }
    throw new Error(`未能为${department}建立签章密钥。`);
  }

  return {
    async sign(department, bytes) {
      const key = await current(department);
      return {
        keyId: key.keyId,
        department,
        algorithm: 'SM2-SM3',
        digest: sm3(bytes),
        signature: signBytes(bytes, key)
      };
    },
    async verify(seal, bytes) {
      const key = await this.publicKey(seal.keyId);
      if (!key) return { ok: false, reason: `签章密钥 ${seal.keyId} 不是本平台的密钥。` };
      if (!verifyBytes(bytes, seal.signature, key.publicKey))
        return { ok: false, reason: '签名与内容不符：文件在签章后被改动过，或签名不是该密钥所签。' };
      return { ok: true, keyId: seal.keyId, department: key.department, retiredAt: key.retiredAt };
    },
    async publicKey(keyId) {
      const [row] = await db.query<{
        department: string;
        public_key: string;
        created_at: string;
        retired_at: string | null;
      }>(
        `select department, public_key, to_json(created_at)#>>'{}' as created_at, to_json(retired_at)#>>'{}' as retired_at
           from seal_keys where key_id = $1`,
        [keyId]
      );
      if (!row) return undefined;
      return {
        department: row.department,
        publicKey: row.public_key,
        createdAt: new Date(row.created_at).toISOString(),
        retiredAt: row.retired_at ? new Date(row.retired_at).toISOString() : undefined
      };
    },
    async rotate(department) {
      const key = await writeKey(department);
      await db.transaction(async tx => {
        const at = new Date(now()).toISOString();
        await tx.query('update seal_keys set retired_at = $2 where department = $1 and retired_at is null', [
          department,
          at
        ]);
        await tx.query('insert into seal_keys (key_id, department, public_key, created_at) values ($1, $2, $3, $4)', [
          key.keyId,
          department,
          key.publicKey,
          at
        ]);
      });
      privates.set(key.keyId, key);
      return key.keyId;
    }
  };
}

/**
 * Checks seals with the public keys `seal_keys` holds (retired keys included), read through `sql` — a read-only
 * snapshot will do: what `npm run banshi -- verify` uses, needing no private key and no keys folder.
 */
export function publicKeyChecker(sql: Sql): Pick<SealKeyring, 'verify'> {
  return {
    async verify(seal, bytes) {
      const [key] = await sql.query<{ department: string; public_key: string; retired_at: string | null }>(
        `select department, public_key, to_json(retired_at)#>>'{}' as retired_at from seal_keys where key_id = $1`,
        [seal.keyId]
      );
      if (!key) return { ok: false, reason: `签章密钥 ${seal.keyId} 不是本平台的密钥。` };
      if (!verifyBytes(bytes, seal.signature, key.public_key))
        return { ok: false, reason: '签名与内容不符：文件在签章后被改动过，或签名不是该密钥所签。' };
      return { ok: true, keyId: seal.keyId, department: key.department, retiredAt: key.retired_at ?? undefined };
    }
  };
}
