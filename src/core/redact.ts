export const REDACTED = '[redacted]';

/** The shortest piece of a secret cut short that is still removed: shorter ones are words. */
export const MIN_CUT = 8;

/** Marks where text was cut short: a secret that ends at one is removed as far as it goes. */
const CUT_MARKS = ['…', '...'];

/**
 * Text cut to `max` characters with the cut marked, so that SecretSet still finds a secret
 * whose end was cut off. Every cut of text that may quote a value goes through here.
 */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/**
 * Values that must never leave the scan. Gatherers register every secret they read; the
 * runner scrubs the finished report with it, as a second line of defence behind checks that
 * already describe secrets by key, length and class only.
 */
export class SecretSet {
  /** Each value with what it is shown as. */
  readonly #values = new Map<string, string>();
  #longestFirst: string[] | null = null;

  add(value: string, shownAs = REDACTED): void {
    // Very short values (a port, "true") would scrub ordinary words out of the report.
    const trimmed = value.trim();
    if (trimmed.length < 6 || this.#values.has(trimmed)) return;
    this.#values.set(trimmed, shownAs);
    this.#longestFirst = null;
  }

  /**
   * The values of a URL's query string and its fragment, which carry tokens (`?token=...`).
   * A value too short to scrub by itself is scrubbed where it stands with its name, `a=xyz`.
   */
  addUrlParts(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url, 'http://relative.invalid');
    } catch {
      return;
    }
    for (const pair of parsed.search.slice(1).split('&')) {
      const equals = pair.indexOf('=');
      if (equals === -1) continue;
      const raw = pair.slice(equals + 1);
      if (raw === '') continue;
      this.add(`${pair.slice(0, equals)}=${raw}`, `${pair.slice(0, equals)}=${REDACTED}`);
      this.add(raw);
      this.add(decodeComponent(raw));
    }
    const fragment = parsed.hash.slice(1);
    if (fragment !== '') {
      this.add(`#${fragment}`, `#${REDACTED}`);
      this.add(fragment);
      this.add(decodeComponent(fragment));
    }
  }

  get size(): number {
    return this.#values.size;
  }

  /** True when the text holds a secret, or a piece of one, that scrubbing would remove. */
  hides(text: string): boolean {
    return this.scrub(text) !== text;
  }

  scrub(text: string): string {
    let result = text;
    // Longest first: a secret inside a longer one (a password inside its URL) must not cut
    // the longer one into pieces that no longer match.
    for (const value of this.#ordered()) {
      if (result.includes(value)) result = result.split(value).join(this.#values.get(value)!);
    }
    return this.#scrubCuts(result);
  }

  /** A deep copy of a JSON-shaped value with every string scrubbed, but those in `keep`. */
  scrubDeep<T>(value: T, keep: ReadonlySet<string> = new Set()): T {
    if (this.#values.size === 0) return value;
    return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
      typeof item === 'string' && !keep.has(item) ? this.scrub(item) : item,
    ) as T;
  }

  #ordered(): string[] {
    this.#longestFirst ??= [...this.#values.keys()].sort((a, b) => b.length - a.length);
    return this.#longestFirst;
  }

  /**
   * Removes a secret cut short: its start just before a cut mark or at the end of the text,
   * its end just after a cut mark or at the start, when at least MIN_CUT characters long.
   */
  #scrubCuts(text: string): string {
    let result = text;
    for (const value of this.#ordered()) {
      if (value.length <= MIN_CUT) continue;
      result = removeCutStarts(result, value);
      result = removeCutEnds(result, value);
    }
    return result;
  }
}

/** Where text ends or is marked as cut: the ends of a secret's start that was cut off. */
function cutEnds(text: string): number[] {
  const ends = new Set([text.length]);
  for (const mark of CUT_MARKS) {
    for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + 1)) ends.add(at);
  }
  return [...ends].sort((a, b) => b - a);
}

/** Where text starts or a cut mark ends: the starts of a secret's end whose start was cut. */
function cutStarts(text: string): number[] {
  const starts = new Set([0]);
  for (const mark of CUT_MARKS) {
    for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + 1)) {
      starts.add(at + mark.length);
    }
  }
  return [...starts].sort((a, b) => b - a);
}

function removeCutStarts(text: string, secret: string): string {
  let result = text;
  let limit = text.length;
  // Right to left, so that a replacement leaves the places before it where they were.
  for (const end of cutEnds(result)) {
    if (end > limit) continue;
    const from = Math.max(0, end - secret.length + 1);
    const before = result.slice(from, end);
    // The longest end of `before` that is a start of the secret.
    for (let at = before.indexOf(secret[0]!); at !== -1; at = before.indexOf(secret[0]!, at + 1)) {
      const piece = before.slice(at);
      if (piece.length < MIN_CUT) break;
      if (secret.startsWith(piece)) {
        result = `${result.slice(0, from + at)}${REDACTED}${result.slice(end)}`;
        limit = from + at;
        break;
      }
    }
  }
  return result;
}

function removeCutEnds(text: string, secret: string): string {
  let result = text;
  for (const start of cutStarts(result)) {
    const after = result.slice(start, start + secret.length - 1);
    const last = secret[secret.length - 1]!;
    // The longest start of `after` that is an end of the secret.
    for (let at = after.lastIndexOf(last); at !== -1; at = after.lastIndexOf(last, at - 1)) {
      const piece = after.slice(0, at + 1);
      if (piece.length < MIN_CUT) break;
      if (secret.endsWith(piece)) {
        result = `${result.slice(0, start)}${REDACTED}${result.slice(start + piece.length)}`;
        break;
      }
    }
  }
  return result;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
