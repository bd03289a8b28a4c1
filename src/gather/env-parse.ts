import { parse } from 'dotenv';

export interface EnvEntry {
  key: string;
  /** The value as dotenv reads it: quotes removed, not expanded. Never shown in a report. */
  value: string;
  /** 1-based line of the assignment that wins (the last one, as in dotenv). */
  line?: number;
  /** The key names a secret (password, token, key): its value is registered for scrubbing. */
  secret: boolean;
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)([\w.-]+)\s*(?:=|:\s)\s*/;
const QUOTES = new Set(['"', "'", '`']);

/** Parses an env file with dotenv and adds the line of each key from an index of its own. */
export function parseEnvText(text: string, isSecret: (key: string) => boolean): EnvEntry[] {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const values = parse(source);
  const lines = indexKeyLines(source);

  const entries = Object.entries(values).map(([key, value]): EnvEntry => {
    const line = lines.get(key);
    return { key, value, ...(line === undefined ? {} : { line }), secret: isSecret(key) };
  });
  return entries.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Maps each key to the line of its last assignment. A quoted value that runs over several
 * lines is stepped over, so that `KEY=` text inside it is not taken for an assignment.
 */
export function indexKeyLines(source: string): Map<string, number> {
  const lines = source.split('\n');
  const found = new Map<string, number>();

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    found.set(match[2]!, i + 1);

    const valueStart = match[0].length;
    const quote = line[valueStart];
    if (quote === undefined || !QUOTES.has(quote)) continue;
    const closing = findClosingLine(lines, i, valueStart + 1, quote);
    if (closing !== null) i = closing;
  }
  return found;
}

/**
 * The line where a quoted value ends: an unescaped quote followed only by blanks or a comment.
 * Null when no such quote follows, in which case dotenv reads the value as a single line.
 */
function findClosingLine(
  lines: string[],
  start: number,
  column: number,
  quote: string,
): number | null {
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i]!;
    let at = line.indexOf(quote, i === start ? column : 0);
    while (at !== -1) {
      const escaped = line[at - 1] === '\\';
      if (!escaped && /^\s*(?:#.*)?$/.test(line.slice(at + 1))) return i;
      at = line.indexOf(quote, at + 1);
    }
  }
  return null;
}
