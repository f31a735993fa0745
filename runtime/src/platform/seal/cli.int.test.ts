import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banshi } from '../../testing/banshi-cli.ts';
import { openTestDb, type TestDb } from '../../testing/database.ts';
import { fileKeyring } from './keyring.ts';

/** `banshi seal-keys …` as an operator runs it. */
const sealKeys = (args: string[], env: Record<string, string>) => banshi(['seal-keys', ...args], env);

describe('npm run banshi -- seal-keys', { timeout: 120_000 }, () => {
  let t: TestDb;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    env = { DATABASE_URL: t.url!, BANSHI_SEAL_KEYS: mkdtempSync(join(tmpdir(), 'banshi-keys-')) };
  });
  afterAll(() => t.drop());

  it('lists the keys, rotates one, and what the old key sealed still verifies', async () => {
    expect((await sealKeys([], env)).stdout).toContain('尚无签章密钥');
    const keyring = fileKeyring(t.db, env.BANSHI_SEAL_KEYS!);
    const bytes = new TextEncoder().encode('不予受理通知书');
    const old = await keyring.sign('区市场监督管理局', bytes);

    const rotated = await sealKeys(['rotate', '区市场监督管理局'], env);
    expect(rotated.code).toBe(0);
    const newKey = /新签章密钥：(SM2-[0-9a-f]{16})/.exec(rotated.stdout)?.[1];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(old.keyId);

    const listed = (await sealKeys([], env)).stdout;
    expect(listed).toMatch(new RegExp(`区市场监督管理局\\t${old.keyId}\\t启用 .*\\t停用 `));
    expect(listed).toMatch(new RegExp(`区市场监督管理局\\t${newKey}\\t启用 .*\\t使用中`));
    expect(await fileKeyring(t.db, env.BANSHI_SEAL_KEYS!).verify(old, bytes)).toMatchObject({ ok: true });
    expect((await fileKeyring(t.db, env.BANSHI_SEAL_KEYS!).sign('区市场监督管理局', bytes)).keyId).toBe(newKey);
  });

  it('explains its usage and refuses a rotation without a department', async () => {
    const wrong = await sealKeys(['rotate'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('seal-keys rotate <部门>');
  });
});
