/**
 * Counts events per client address in bounded memory. Up to `capacity` addresses are counted
 * exactly; past twice that, the least active half is dropped and the largest dropped count is
 * kept as `dropped`: every count is then a lower bound, short by at most `dropped`.
 */
export class TopCounter<K extends string> {
  readonly #capacity: number;
  readonly #counts = new Map<string, { total: number; byKind: Partial<Record<K, number>> }>();
  #dropped = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The largest count that was dropped: 0 while every count is exact. */
  get dropped(): number {
    return this.#dropped;
  }

  add(key: string, kind: K): void {
    let entry = this.#counts.get(key);
    if (!entry) {
      if (this.#counts.size >= this.#capacity * 2) this.#prune();
      entry = { total: 0, byKind: {} };
      this.#counts.set(key, entry);
    }
    entry.total += 1;
    entry.byKind[kind] = (entry.byKind[kind] ?? 0) + 1;
  }

  top(limit: number): { key: string; total: number; byKind: Partial<Record<K, number>> }[] {
    return [...this.#counts]
      .map(([key, entry]) => ({ key, ...entry }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  #prune(): void {
    const entries = [...this.#counts].sort((a, b) => b[1].total - a[1].total);
    for (const [key, entry] of entries.slice(this.#capacity)) {
      this.#dropped = Math.max(this.#dropped, entry.total);
      this.#counts.delete(key);
    }
  }
}
