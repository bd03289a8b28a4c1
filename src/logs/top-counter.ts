interface Entry<K extends string> {
  total: number;
  byKind: Partial<Record<K, number>>;
  /** What this key may have counted before it was last added: at most `dropped` then. */
  error: number;
}

/**
 * Counts events per client address in bounded memory. Up to `capacity` addresses are counted
 * exactly; past twice that, the least active half is dropped. From then on every count is a
 * lower bound, short by at most `dropped`.
 */
export class TopCounter<K extends string> {
  readonly #capacity: number;
  readonly #counts = new Map<string, Entry<K>>();
  #dropped = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The most any count may be short by: 0 while every count is exact. */
  get dropped(): number {
    return this.#dropped;
  }

  add(key: string, kind: K): void {
    let entry = this.#counts.get(key);
    if (!entry) {
      if (this.#counts.size >= this.#capacity * 2) this.#prune();
      entry = { total: 0, byKind: {}, error: this.#dropped };
      this.#counts.set(key, entry);
    }
    entry.total += 1;
    entry.byKind[kind] = (entry.byKind[kind] ?? 0) + 1;
  }

  top(limit: number): { key: string; total: number; byKind: Partial<Record<K, number>> }[] {
    return [...this.#counts]
      .map(([key, entry]) => ({ key, total: entry.total, byKind: entry.byKind }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  #prune(): void {
    const entries = [...this.#counts].sort((a, b) => b[1].total - a[1].total);
    for (const [key, entry] of entries.slice(this.#capacity)) {
      // A key dropped once may come back and be dropped again: what it lost each time is
      // carried in its error, so the bound holds for the sum and not just the last count.
      this.#dropped = Math.max(this.#dropped, entry.total + entry.error);
      this.#counts.delete(key);
    }
  }
}
