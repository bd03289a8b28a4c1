/**
 * Values that must never leave the scan. Gatherers register every secret they read; the
 * runner scrubs the finished report with it, as a second line of defence behind checks that
 * already describe secrets by key, length and class only.
 */
export class SecretSet {
  readonly #values = new Set<string>();

  add(value: string): void {
    // Very short values (a port, "true") would scrub ordinary words out of the report.
    if (value.trim().length >= 6) this.#values.add(value.trim());
  }

  get size(): number {
    return this.#values.size;
  }

  scrub(text: string): string {
    let result = text;
    for (const value of this.#values) {
      if (result.includes(value)) result = result.split(value).join('[redacted]');
    }
    return result;
  }

  /** A deep copy of a JSON-shaped value with every string scrubbed. */
  scrubDeep<T>(value: T): T {
    if (this.#values.size === 0) return value;
    return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
      typeof item === 'string' ? this.scrub(item) : item,
    ) as T;
  }
}
