import { describe, expect, it } from 'vitest';
import { chainHash, field, genesis } from './canonical.ts';
import { ChainWalker, type ChainRow } from './walk.ts';

/** A well-formed chain of `n` rows named r1…rn, each content `c<i>`. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = genesis;
  for (let i = 1; i <= n; i++) {
    const content = `c${i}`;
    const rowHash = chainHash(prev, content);
    rows.push({ name: `r${i}`, position: i, prevHash: prev, rowHash, content });
    prev = rowHash;
  }
  return rows;
}

function walk(rows: ChainRow[], recorded?: number) {
  const walker = new ChainWalker('audit_log', p => `chain_seq ${p}`);
  for (const row of rows) {
    const broken = walker.step(row);
    if (broken) return broken;
  }
  return recorded === undefined ? undefined : walker.end(recorded);
}

describe('the canonical form', () => {
  it('writes NULL as ~ and a value as its UTF-8 length, a colon and itself', () => {
    expect(field(null)).toBe('~');
    expect(field('')).toBe('0:');
    expect(field('审批')).toBe('6:审批');
    // Two fields cannot be read as one: "1:a" + "1:b" is not "3:a1:" + …
    expect(field('a') + field('b')).not.toBe(field('a1:b'));
  });

  it('hashes the previous hash and the content with SHA-256, in lower-case hex', () => {
    expect(chainHash('', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(chainHash(genesis, 'x')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('walking a chain', () => {
  it('an intact chain holds every row', () => {
    expect(walk(chain(5), 5)).toBeUndefined();
  });

  it('a changed content names the row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, content: 'changed' };
    expect(walk(rows)).toMatchObject({ table: 'audit_log', row: 'r3', kind: 'content' });
  });

  it('a row changed with its hash recomputed breaks the link of the row after it', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, content: 'changed', rowHash: chainHash(rows[2]!.prevHash, 'changed') };
    expect(walk(rows)).toMatchObject({ row: 'r4', kind: 'link' });
  });

  it('a row removed from the middle is named by its place', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(walk(rows)).toMatchObject({ row: 'chain_seq 2', kind: 'missing' });
  });

  it('the first row removed is missing at the start', () => {
    expect(walk(chain(3).slice(1))).toMatchObject({ row: 'chain_seq 1', kind: 'missing' });
  });

  it('last rows removed are missing when the count recorded elsewhere is longer', () => {
    expect(walk(chain(5).slice(0, 3), 5)).toMatchObject({ row: 'chain_seq 4', kind: 'missing' });
  });

  it('a row slipped in at a repeated place breaks the link', () => {
    const rows = chain(3);
    rows.splice(2, 0, { ...rows[1]!, name: 'forged' });
    expect(walk(rows)).toMatchObject({ row: 'forged', kind: 'link' });
  });

  it('a chain starting from something other than the genesis breaks at its first row', () => {
    const rows = chain(2).map(r => ({ ...r }));
    rows[0] = { ...rows[0]!, prevHash: 'f'.repeat(64), rowHash: chainHash('f'.repeat(64), 'c1') };
    expect(walk(rows)).toMatchObject({ row: 'r1', kind: 'link' });
  });
});
