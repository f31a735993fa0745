interface Waiting<I, O> {
  item: I;
  resolve(result: O): void;
  reject(error: unknown): void;
}

/**
 * Work that many requests ask for at once, done many items per round trip: the first item is sent at once, and the
 * items that arrive while a round trip runs go together in the next, at most `maxGroup` each. Alone, an item waits
 * for nothing. `many` answers a group in the order given; if it fails, each item of the group is done alone by
 * `one`, so one bad item never fails the others and each gets its own answer or error.
 */
export class Grouped<I, O> {
  private waiting: Array<Waiting<I, O>> = [];
  private running = false;

  constructor(
    private readonly maxGroup: number,
    private readonly many: (items: I[]) => Promise<O[]>,
    private readonly one: (item: I) => Promise<O>
  ) {}

  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        if (group.length === 1) {
          await this.one(group[0]!.item).then(group[0]!.resolve, group[0]!.reject);
          continue;
        }
        let results: O[] | undefined;
        try {
          results = await this.many(group.map(w => w.item));
          if (results.length !== group.length) throw new Error(`${results.length} results for ${group.length} items`);
        } catch {
          results = undefined;
        }
        if (results) group.forEach((w, i) => w.resolve(results[i]!));
        else for (const w of group) await this.one(w.item).then(w.resolve, w.reject);
      }
    } finally {
      this.running = false;
    }
  }
}
