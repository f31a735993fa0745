import { Definition } from '@banshi/definition';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { isSourceRange } from './changes.ts';
import { diffDefinitions } from './definitions.ts';
import { DefinitionChange } from './schema.ts';

/**
 * Properties of the semantic diff over the shipped catalogue's compiled matters and every single-field mutation of
 * them that is still a valid Definition: equal versions give no change, any difference gives at least one, and the
 * diff read backwards mirrors it (added ↔ removed, before ↔ after).
 */
const { definitions } = loadCatalog();

type Json = unknown;
type Mutation = { where: string; apply: (d: Json) => void };

/** Every value each field name takes somewhere in the catalogue: a string field's mutations try the others too. */
const seen = new Map<string, Set<string>>();
(function collect(v: Json, key = '') {
  if (typeof v === 'string') seen.set(key, (seen.get(key) ?? new Set()).add(v));
  else if (Array.isArray(v)) v.forEach(x => collect(x, key));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) if (!(k === 'source' && isSourceRange(x))) collect(x, k);
})(definitions);

const at = (root: Json, path: Array<string | number>) =>
  path.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step], root);

/** The mutations of one Definition's fields (source ranges excepted: where a thing is written is not what it says). */
function mutations(d: Definition): Mutation[] {
  const out: Mutation[] = [];
  const visit = (v: Json, path: Array<string | number>, key: string) => {
    const parent = () => path.slice(0, -1);
    const last = path.at(-1)!;
    const set = (value: Json) => (root: Json) => {
      (at(root, parent()) as Record<string | number, Json>)[last] = value;
    };
    const where = path.join('.');
    if (typeof v === 'string') {
      out.push({ where: `${where} +改`, apply: set(`${v}改`) });
      for (const other of [...(seen.get(key) ?? [])].filter(o => o !== v).slice(0, 3))
        out.push({ where: `${where}=${other}`, apply: set(other) });
    } else if (typeof v === 'number') {
      out.push({ where: `${where}+1`, apply: set(v + 1) });
      if (v > 0) out.push({ where: `${where}-1`, apply: set(v - 1) });
    } else if (typeof v === 'boolean') out.push({ where: `${where}!`, apply: set(!v) });
    else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ where: `${where}[-${i}]`, apply: root => void (at(root, path) as Json[]).splice(i, 1) });
        if (i > 0)
          out.push({
            where: `${where}[${i}<>${i - 1}]`,
            apply: root => {
              const list = at(root, path) as Json[];
              [list[i - 1], list[i]] = [list[i], list[i - 1]];
            }
          });
        visit(x, [...path, i], key);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'source' && isSourceRange(x)) continue;
        out.push({
          where: `${where}.${k} deleted`,
          apply: root => void delete (at(root, path) as Record<string, Json>)[k]
        });
        visit(x, [...path, k], k);
      }
    }
  };
  visit(d, [], '');
  return out;
}

const mutated = (d: Definition, ms: Mutation[]) => {
  const copy = structuredClone(d) as Json;
  for (const m of ms) {
    try {
      m.apply(copy);
    } catch {
      // An earlier mutation removed what this one changes: the version has the others only.
    }
  }
  return copy as Definition;
};

/** A change read backwards: what diff(b, a) must hold for each change of diff(a, b). */
const mirror = (c: DefinitionChange) =>
  JSON.stringify([
    c.area,
    c.path,
    c.kind === 'added' ? 'removed' : c.kind === 'removed' ? 'added' : 'changed',
    c.after ?? null,
    c.before ?? null
  ]);
const plain = (c: DefinitionChange) => JSON.stringify([c.area, c.path, c.kind, c.before ?? null, c.after ?? null]);

function expectMirrored(a: Definition, b: Definition) {
  const forward = diffDefinitions(a, b);
  const backward = diffDefinitions(b, a);
  expect(forward.map(mirror).sort()).toEqual(backward.map(plain).sort());
  return forward;
}

function expectReadable(changes: DefinitionChange[]) {
  for (const c of changes) {
    expect(DefinitionChange.parse(c)).toEqual(c);
    expect(c.text).not.toMatch(/undefined|NaN|\[object|null/);
    expect(c.text).toMatch(/[\u4e00-\u9fff]/);
  }
}

const all = definitions.map(d => ({ d, ms: mutations(d) }));

/** A version of one catalogue matter with some of its mutations applied; invalid Definitions are skipped. */
const version = fc
  .tuple(fc.nat({ max: all.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }))
  .map(([i, picks]) => {
    const { d, ms } = all[i]!;
    const chosen = picks.map(p => ms[p % ms.length]!);
    return { d, b: mutated(d, chosen), where: chosen.map(m => m.where).join(', ') };
  });
const valid = (d: Definition, b: Definition) =>
  Definition.safeParse(b).success && JSON.stringify(b) !== JSON.stringify(d);

describe('the semantic diff of two versions', () => {
  it('finds no change between a matter and its copy, even with every line moved', () => {
    for (const d of definitions) {
      expect(diffDefinitions(d, structuredClone(d))).toEqual([]);
      const moved = JSON.parse(JSON.stringify(d), (k, v) =>
        k === 'line' || k === 'endLine' ? v + 7 : v
      ) as Definition;
      expect(diffDefinitions(d, moved)).toEqual([]);
    }
  });

  it('reports any mutation of any field (source ranges aside), and diff(b, a) mirrors diff(a, b)', () => {
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.nat(), (i, pick) => {
        const { d, ms } = all[i]!;
        const m = ms[pick % ms.length]!;
        const b = mutated(d, [m]);
        fc.pre(valid(d, b));
        const changes = expectMirrored(d, b);
        expect(changes.length, `${d.name}: ${m.where}`).toBeGreaterThan(0);
        expectReadable(changes);
      }),
      { numRuns: 800 }
    );
  });

  it('reports several mutations at once, mirrored when read backwards', () => {
    fc.assert(
      fc.property(version, ({ d, b, where }) => {
        fc.pre(valid(d, b));
        const changes = expectMirrored(d, b);
        expect(changes.length, where).toBeGreaterThan(0);
        expectReadable(changes);
      }),
      { numRuns: 300 }
    );
  });

  it('compares two different matters in both directions without losing a difference', () => {
    for (const a of definitions.slice(0, 6))
      for (const b of definitions.slice(6)) {
        const changes = expectMirrored(a, b);
        expect(changes.length).toBeGreaterThan(0);
        expectReadable(changes);
      }
  });
});
