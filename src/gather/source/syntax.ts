import type { SgNode } from '@ast-grep/napi';

/** A node's kind as a plain string (the library's type for it is wider than string). */
export function kindOf(node: SgNode): string {
  return `${node.kind()}`;
}

/** 1-based line of a node. */
export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/**
 * Code as shown in evidence: string, template and regex literals replaced by their length,
 * comments dropped, then one line, blanks collapsed, cut to `max` characters. A literal in a
 * call is where code keeps tokens and passwords, and none of them is registered as a secret.
 */
export function shortCode(text: string, max = 40): string {
  const flat = hideLiterals(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What a literal is shown as: a mark and the length of its text, quotes left out. */
export function literalPlaceholder(literal: string): string {
  const open = /^(?:"""|'''|["'`/])/.exec(literal)?.[0] ?? '';
  const body = literal.slice(open.length);
  const close = open === '/' ? body.lastIndexOf('/') : body.endsWith(open) ? -open.length : 0;
  const length = [...(close === 0 ? body : body.slice(0, close))].length;
  return `"…"(${length} ${length === 1 ? 'char' : 'chars'})`;
}

/** Code before a `/` that starts a regular expression rather than a division. */
const BEFORE_REGEX = /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\breturn|\btypeof)\s*$/;

/**
 * JavaScript or Python code with every string, template and regex literal replaced by a
 * placeholder with its length, and every comment by a blank. Lexical, not parsed: a quote it
 * misreads (inside a regex it took for a division, say) hides more code, never less.
 */
export function hideLiterals(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const char = code[i]!;
    const next = code[i + 1];
    let end = i;
    if (char === '/' && next === '/') end = lineEnd(code, i);
    else if (char === '/' && next === '*') end = commentEnd(code, i);
    // Python's comment; `this.#field` in JavaScript stays code.
    else if (char === '#' && !out.endsWith('.')) end = lineEnd(code, i);
    if (end > i) {
      out += ' ';
      i = end;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') end = literalEnd(code, i);
    else if (char === '/' && BEFORE_REGEX.test(out)) end = regexEnd(code, i);
    if (end > i) {
      out += literalPlaceholder(code.slice(i, end));
      i = end;
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}

function lineEnd(code: string, from: number): number {
  const end = code.indexOf('\n', from);
  return end === -1 ? code.length : end;
}

function commentEnd(code: string, from: number): number {
  const end = code.indexOf('*/', from + 2);
  return end === -1 ? code.length : end + 2;
}

/** The index after the literal that opens at `start`: escapes skipped, Python's `"""` too. */
function literalEnd(code: string, start: number): number {
  const quote = code[start]!;
  if (quote === '`') return templateEnd(code, start);
  const close = code.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  let i = start + close.length;
  while (i < code.length) {
    if (code[i] === '\\') i += 2;
    else if (code.startsWith(close, i)) return i + close.length;
    else if (close.length === 1 && code[i] === '\n') return i;
    else i += 1;
  }
  return code.length;
}

/** A template's end, past the literals nested in its `${...}` substitutions. */
function templateEnd(code: string, start: number): number {
  let i = start + 1;
  while (i < code.length) {
    if (code[i] === '\\') i += 2;
    else if (code[i] === '`') return i + 1;
    else if (code.startsWith('${', i)) i = substitutionEnd(code, i + 2);
    else i += 1;
  }
  return code.length;
}

function substitutionEnd(code: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < code.length) {
    const char = code[i]!;
    if (char === '"' || char === "'" || char === '`') i = literalEnd(code, i);
    else {
      if (char === '{') depth += 1;
      if (char === '}') depth -= 1;
      i += 1;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

function regexEnd(code: string, start: number): number {
  let inClass = false;
  let i = start + 1;
  while (i < code.length && code[i] !== '\n') {
    const char = code[i]!;
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      i += 1;
      while (i < code.length && /[a-z]/.test(code[i]!)) i += 1;
      return i;
    }
    i += 1;
  }
  return i;
}

const callees = new WeakMap<SgNode, string>();

/**
 * The callee of a call or `new` expression, as written, blanks removed. Remembered per node:
 * every extractor asks it of the same calls, and each question crosses into native code.
 */
export function calleeOf(call: SgNode): string {
  const known = callees.get(call);
  if (known !== undefined) return known;
  const node = call.field('function') ?? call.field('constructor');
  const callee = node ? node.text().replace(/\s+/g, '') : '';
  callees.set(call, callee);
  return callee;
}

/** A value computed on first use, then kept. */
export function lazy<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}

/** `db.session.execute` -> `execute`; `prisma.$queryRawUnsafe` -> `$queryRawUnsafe`. */
export function lastSegment(callee: string): string {
  const parts = callee.split(/\??\./);
  return parts[parts.length - 1] ?? callee;
}

/** The nearest ancestor of one of the kinds, or null. */
export function enclosing(node: SgNode, kinds: ReadonlySet<string>): SgNode | null {
  let current = node.parent();
  while (current !== null) {
    if (kinds.has(kindOf(current))) return current;
    current = current.parent();
  }
  return null;
}

/** The nearest ancestor of one of the kinds, else the root: a function, else the module. */
export function scopeOf(node: SgNode, kinds: ReadonlySet<string>): SgNode {
  let current = node;
  let parent = node.parent();
  while (parent !== null) {
    if (kinds.has(kindOf(parent))) return parent;
    current = parent;
    parent = parent.parent();
  }
  return current;
}

const ASCII_CLASSES: Record<string, string> = {
  w: '[0-9A-Za-z_]',
  s: '[\\t\\n\\f\\r ]',
  d: '[0-9]',
  b: '(?-u:\\b)',
};

/**
 * A regular expression for ast-grep's `regex`, with ASCII classes. Its engine compiles `\w`
 * and `\b` for all of Unicode, again for every search: for a long pattern that costs more
 * than parsing the file.
 */
export function nativeRegex(source: string | RegExp): string {
  const text = typeof source === 'string' ? source : source.source;
  return text.replace(/\\([wsdb])/g, (_match, name: string) => ASCII_CLASSES[name]!);
}

/** A regular expression that matches the name exactly, for ast-grep's `regex`. */
export function exactName(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** Distinct names in order, each cut short, at most five. */
export function distinctNames(names: Iterable<string>): string[] {
  return [...new Set([...names].map((name) => shortCode(name)))].slice(0, 5);
}

/** True for `localhost`, loopback addresses and Unix socket folders. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(bare) ||
    bare.startsWith('/')
  );
}

/** Words of environment switches: an `if` on one of these makes a route production-dependent. */
export const ENVIRONMENT_WORDS =
  /\b(?:env|environment|node_env|app_env|production|prod|development|dev|debug|is_?prod\w*|is_?dev\w*|settings\.\w*(?:env|debug)\w*)\b/i;

/** SQL that reads or writes, or a fragment of a WHERE or ORDER BY clause. */
const SQL_TEXT =
  /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset|delete\s+from|create\s+(?:table|index|view|role|user|database|schema)|drop\s+(?:table|index|view|role|user|database|schema)|alter\s+(?:table|role|user|database)|truncate\s|grant\s|revoke\s|where\s|order\s+by|group\s+by|having\s|(?:inner|left|right|outer)?\s*join\s|values\s*\(|limit\s)/i;

export function looksLikeSql(text: string): boolean {
  return SQL_TEXT.test(text);
}

/**
 * The error itself, its text or its traceback; reading its status code or class is not a
 * leak. Known leniency: a message copied into a variable first is not followed.
 */
export function errorLeak(errorName: string): RegExp {
  const traceback = 'traceback|format_exc|__traceback__|exc_info\\(\\)|\\.stack\\b';
  if (errorName === '') return new RegExp(traceback);
  const name = errorName.replace(/[$]/g, '\\$');
  return new RegExp(
    `${traceback}|(?<![\\w.])${name}\\b(?!\\s*\\.\\s*(?:status_code|statusCode|status|code|name|headers|__class__)\\b)`,
  );
}
