import { chainHash, genesis } from './canonical.ts';

export type ChainTable = 'audit_log' | 'case_events';

/** How a chain breaks: a row whose content no longer gives its hash, a link to the wrong row, a row gone. */
export type BreakKind = 'content' | 'link' | 'missing';

/** The first place a chain fails to hold. `row` names the row: an audit line's id, an event's `case/seq`. */
export interface ChainBreak {
  table: ChainTable;
  row: string;
  kind: BreakKind;
  /** What differs, for the operator (English, with the stored and recomputed values where they help). */
  detail: string;
}

/** One stored row of a chain: its place, the hashes it carries, and its canonical content. */
export interface ChainRow {
  /** The row's name in a report: an audit line's id, an event's `case/seq`. */
  name: string;
  /** 1, 2, 3… along the chain. */
  position: number;
  prevHash: string;
  rowHash: string;
  content: string;
}

/**
 * Walks one chain a row at a time, in the order of `position`, and says where it first breaks. Pure: the caller
 * reads the rows (in pages, for a large table) and feeds them in.
 */
export class ChainWalker {
  private expected = 1;
  private lastHash = genesis;
  private lastName: string | undefined;

  constructor(
    readonly table: ChainTable,
    /** Names a row at a position that is absent (an event's `case/seq`; for the audit log, its chain place). */
    private readonly nameAt: (position: number) => string
  ) {}

  /** How many rows held so far. */
  get length(): number {
    return this.expected - 1;
  }

  step(row: ChainRow): ChainBreak | undefined {
    const after = this.lastName ? ` (after ${this.lastName})` : ' (at the start of the chain)';
    if (row.position > this.expected)
      return this.broken(
        this.nameAt(this.expected),
        'missing',
        `position ${this.expected} is absent${after}; the next stored row is ${row.name} at position ${row.position}`
      );
    if (row.position < this.expected)
      return this.broken(row.name, 'link', `position ${row.position} appears twice in the chain`);
    const recomputed = chainHash(row.prevHash, row.content);
    if (recomputed !== row.rowHash)
      return this.broken(
        row.name,
        'content',
        `the content hashes to ${recomputed}, the row carries ${row.rowHash}: a column was changed`
      );
    if (row.prevHash !== this.lastHash)
      return this.broken(
        row.name,
        'link',
        `the row names ${row.prevHash} as the hash before it, the chain has ${this.lastHash}${after}`
      );
    this.expected += 1;
    this.lastHash = row.rowHash;
    this.lastName = row.name;
    return undefined;
  }

  /** The chain should hold `count` rows in all: a shorter one lost its last rows. */
  end(count: number): ChainBreak | undefined {
    if (count <= this.length) return undefined;
    const after = this.lastName ? `after ${this.lastName}` : 'from the start';
    return this.broken(
      this.nameAt(this.expected),
      'missing',
      `${count} rows are recorded, ${this.length} are stored: the rows ${after} are gone`
    );
  }

  private broken(row: string, kind: BreakKind, detail: string): ChainBreak {
    return { table: this.table, row, kind, detail };
  }
}
