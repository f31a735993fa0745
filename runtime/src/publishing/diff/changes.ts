import type { DefinitionChange } from './schema.ts';

/** A compiled element's place in the text (`source`): where it is written, not what it says. */
export const isSourceRange = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'file' in v && 'line' in v && 'column' in v;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of Definition parts, blind to source ranges: moving a line is no change of the matter. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isPlain(a) && isPlain(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (key === 'source' && (isSourceRange(a[key]) || isSourceRange(b[key]))) continue;
      if (!same(a[key], b[key])) return false;
    }
    return true;
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

/** The list the differs write to; each change carries its area so the caller need not repeat it. */
export class Changes {
  constructor(
    readonly list: DefinitionChange[],
    private readonly area: string
  ) {}

  /** The same list, writing to another area. */
  in(area: string): Changes {
    return new Changes(this.list, area);
  }

  added(text: string, path: string[], after?: string): void {
    this.list.push({ area: this.area, kind: 'added', text, path, ...(after !== undefined ? { after } : {}) });
  }

  removed(text: string, path: string[], before?: string): void {
    this.list.push({ area: this.area, kind: 'removed', text, path, ...(before !== undefined ? { before } : {}) });
  }

  changed(text: string, path: string[], before?: string, after?: string): void {
    this.list.push({
      area: this.area,
      kind: 'changed',
      text,
      path,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after })
    });
  }

  /**
   * A value present, absent or different: “新增{label}：b”, “删除{label}：a”, and for a change `changedText`
   * (by default “{label} a → b”, or “{label}改为：b” for long texts).
   */
  value<T>(
    label: string,
    path: string[],
    a: T | undefined,
    b: T | undefined,
    show: (v: T) => string,
    changedText?: (a: string, b: string) => string
  ): void {
    if (same(a, b)) return;
    if (a === undefined) return this.added(`新增${label}：${show(b!)}`, path, show(b!));
    if (b === undefined) return this.removed(`删除${label}：${show(a)}`, path, show(a));
    const [x, y] = [show(a), show(b)];
    const text = changedText
      ? changedText(x, y)
      : x.length + y.length > 24 || x === y
        ? `${label}改为：${y}`
        : `${label} ${x} → ${y}`;
    this.changed(text, path, x, y);
  }

  /** A yes/no setting: “改为{yes}” when it turns on, “{no}” when it turns off (a missing flag counts as no). */
  flag(path: string[], a: boolean | undefined, b: boolean | undefined, yes: string, no: string): void {
    if (Boolean(a) === Boolean(b)) {
      if (a !== b) this.changed(`${yes}的写法改变（${show(a)} → ${show(b)}）`, path, show(a), show(b));
      return;
    }
    // The sentence says what it became ("改为收费"); a bare 是/否 beside it as 原为 would only puzzle the reader.
    this.changed(b ? yes : no, path);
  }
}

const show = (v: boolean | undefined) => (v === undefined ? '未写' : v ? '是' : '否');

export interface Matched<T> {
  added: Array<[string, T]>;
  removed: Array<[string, T]>;
  common: Array<[string, T, T]>;
  /** The common items' keys in each version's order, when that order differs. */
  reordered?: { before: string[]; after: string[] };
}

/**
 * Pairs two lists' items by a stable key (a material's id, a field's name), so that moving an item is not
 * “removed + added”. A key used twice gets “#2” on its second use, in each version alike.
 */
export function match<T>(a: readonly T[], b: readonly T[], keyOf: (item: T) => string): Matched<T> {
  const keyed = (list: readonly T[]) => {
    const seen = new Map<string, number>();
    return list.map(item => {
      const key = keyOf(item);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return [n === 1 ? key : `${key}#${n}`, item] as [string, T];
    });
  };
  const before = keyed(a);
  const after = keyed(b);
  const afterMap = new Map(after);
  const beforeMap = new Map(before);
  const common = before.filter(([k]) => afterMap.has(k)).map(([k, x]) => [k, x, afterMap.get(k)!] as [string, T, T]);
  const orderBefore = common.map(([k]) => k);
  const orderAfter = after.filter(([k]) => beforeMap.has(k)).map(([k]) => k);
  return {
    added: after.filter(([k]) => !beforeMap.has(k)),
    removed: before.filter(([k]) => !afterMap.has(k)),
    common,
    ...(orderBefore.some((k, i) => k !== orderAfter[i])
      ? { reordered: { before: orderBefore, after: orderAfter } }
      : {})
  };
}

/** The display name of a key: “建设工程规划许可证”, or with its “#2” as “（第 2 个）”. */
export const nameOf = (key: string) => key.replace(/#(\d+)$/, '（第 $1 个）');
