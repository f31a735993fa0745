import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 as independent } from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../../testing/database.ts';
import { fileKeyring, keyIdOf } from './index.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe.each(dbKinds)('department seals on %s', kind => {
  let t: TestDb;
  let keysDir: string;

  beforeAll(async () => {
    t = await openTestDb(kind);
    keysDir = mkdtempSync(join(tmpdir(), 'banshi-keys-'));
  });
  afterAll(() => t.drop());

  it('seals with a key made on first use, which an independent SM2 implementation verifies', async () => {
    const keyring = fileKeyring(t.db, keysDir);
    const bytes = text('准予行政许可决定书 佛南住建许〔2026〕1号');
    const seal = await keyring.sign('区住房城乡建设局', bytes);
    expect(seal.algorithm).toBe('SM2-SM3');
    const key = await keyring.publicKey(seal.keyId);
    expect(key?.department).toBe('区住房城乡建设局');
    expect(keyIdOf(key!.publicKey)).toBe(seal.keyId);
    // sm-crypto (its own big-number arithmetic) is not the library that signed; it reads a message as byte values.
    expect(
      independent.doVerifySignature(Array.from(bytes), seal.signature, key!.publicKey, { hash: true, der: true })
    ).toBe(true);
    const changed = text('准予行政许可决定书 佛南住建许〔2026〕2号');
    expect(
      independent.doVerifySignature(Array.from(changed), seal.signature, key!.publicKey, { hash: true, der: true })
    ).toBe(false);
    // The private key is a file only its owner reads.
    const file = join(keysDir, `${seal.keyId}.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('verifies what it sealed and names a change or a foreign key', async () => {
    const keyring = fileKeyring(t.db, keysDir);
    const bytes = text('受理通知书');
    const seal = await keyring.sign('区市场监督管理局', bytes);
    expect(await keyring.verify(seal, bytes)).toMatchObject({ ok: true, department: '区市场监督管理局' });
    const tampered = await keyring.verify(seal, text('受理通知书。'));
    expect(tampered).toMatchObject({ ok: false });
    expect(!tampered.ok && tampered.reason).toMatch(/改动/);
    expect(await keyring.verify({ ...seal, keyId: 'SM2-0000000000000000' }, bytes)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('不是本平台')
    });
    expect(await keyring.verify({ ...seal, signature: 'zz' }, bytes)).toMatchObject({ ok: false });
  });

  it('rotates a key: new documents use the new key, old ones keep verifying', async () => {
    const keyring = fileKeyring(t.db, keysDir);
    const old = await keyring.sign('区卫生健康局', text('旧'));
    const newKey = await keyring.rotate('区卫生健康局');
    expect(newKey).not.toBe(old.keyId);
    const fresh = await keyring.sign('区卫生健康局', text('新'));
    expect(fresh.keyId).toBe(newKey);
    const check = await keyring.verify(old, text('旧'));
    expect(check).toMatchObject({ ok: true, keyId: old.keyId });
    expect(check.ok && check.retiredAt).toBeTruthy();
    // Another process reading the same folder and database signs with the new key too.
    expect((await fileKeyring(t.db, keysDir).sign('区卫生健康局', text('又'))).keyId).toBe(newKey);
  });

  it('two processes making a department’s first key agree on one', async () => {
    const [a, b] = [fileKeyring(t.db, keysDir), fileKeyring(t.db, keysDir)];
    const seals = await Promise.all([a.sign('区民政局', text('甲')), b.sign('区民政局', text('乙'))]);
    expect(seals[0].keyId).toBe(seals[1].keyId);
    const [row] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from seal_keys where department = '区民政局' and retired_at is null`
    );
    expect(row!.n).toBe(1);
  });

  it('says which key file is missing instead of sealing with another', async () => {
    const keyring = fileKeyring(t.db, keysDir);
    await keyring.sign('区教育局', text('甲'));
    const elsewhere = fileKeyring(t.db, mkdtempSync(join(tmpdir(), 'banshi-keys-')));
    await expect(elsewhere.sign('区教育局', text('乙'))).rejects.toThrow(/找不到签章私钥 SM2-[0-9a-f]{16}/);
    expect(readdirSync(keysDir).some(f => f.endsWith('.tmp'))).toBe(false);
  });
});
