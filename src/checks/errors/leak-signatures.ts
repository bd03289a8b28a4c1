import type { HttpResponse } from '../../gather/http.js';

export type LeakKind =
  | 'stack trace'
  | 'file path'
  | 'SQL'
  | 'database error'
  | 'exception class'
  | 'debug page';

export interface LeakSignature {
  kind: LeakKind;
  name: string;
  pattern: RegExp;
}

/**
 * What error answers must not show. Each pattern is narrow on purpose: a word such as "select"
 * in a validation message, or a URL path, must not be taken for a leak.
 */
export const BODY_SIGNATURES: readonly LeakSignature[] = [
  {
    kind: 'stack trace',
    name: 'Python traceback',
    pattern: /Traceback \(most recent call last\)|File "[^"\n]+\.py", line \d+/,
  },
  {
    kind: 'stack trace',
    name: 'Node.js stack trace',
    pattern: /\bat (?:[\w$.<>[\]]+ )?\(?(?:\/|[A-Za-z]:\\|node:|file:\/\/)[^()\n]*:\d+:\d+\)?/,
  },
  {
    kind: 'stack trace',
    name: 'Java stack trace',
    pattern: /\bat [\w$]+(?:\.[\w$<>]+)+\([\w$]+\.(?:java|kt):\d+\)|Exception in thread "/,
  },
  {
    kind: 'stack trace',
    name: 'PHP error',
    pattern:
      /(?:Fatal error|Parse error|Warning|Notice)(?:<\/b>)?: .{0,300}? in (?:<b>)?[^\s<]+\.php(?:<\/b>)? on line|PHP Stack trace:|#\d+ [^\s]+\.php\(\d+\)/,
  },
  {
    kind: 'stack trace',
    name: 'Go panic',
    pattern: /goroutine \d+ \[[\w ]+\]:|panic: runtime error|\.go:\d+ \+0x[0-9a-f]+/,
  },
  { kind: 'stack trace', name: 'Ruby backtrace', pattern: /\.rb:\d+:in [`']/ },
  {
    kind: 'file path',
    name: 'file system path',
    pattern:
      /(?<![\w.:/-])(?:\/[\w.@-]+){2,}\.(?:py|js|mjs|cjs|ts|java|php|go|rb|cs)\b|(?<![\w])[A-Za-z]:\\(?:[\w .-]+\\)+[\w .-]+\.\w+|(?<![\w./-])(?:\/[\w.@-]+)*\/(?:site-packages|dist-packages|node_modules)\//,
  },
  {
    kind: 'SQL',
    name: 'SQL statement',
    pattern:
      /\bSELECT\s+(?:\*|DISTINCT\s|[\w".]+(?:\s*,\s*[\w".]+)*)\s+FROM\s+["\w]|\bINSERT\s+INTO\s+["\w]|\bUPDATE\s+["\w]+\s+SET\s|\bDELETE\s+FROM\s+["\w]/,
  },
  {
    kind: 'database error',
    name: 'database driver error',
    pattern:
      /psycopg2?\.|asyncpg\.exceptions|sqlalchemy\.exc|SQLSTATE\[|syntax error at or near|unterminated quoted string|You have an error in your SQL syntax|\bORA-\d{5}\b|SqliteError|sqlite3\.\w*Error|\bPG::\w+|\bpq: |relation "[^"]+" does not exist|column "[^"]+" does not exist|\bER_[A-Z_]+_ERROR\b|SequelizeDatabaseError|PrismaClient\w*Error|QueryFailedError|near "[^"]*": syntax error|each UNION query must have the same number of columns/,
  },
  {
    kind: 'exception class',
    name: 'exception class name',
    pattern:
      /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|URIError|ValueError|KeyError|AttributeError|IndexError|ZeroDivisionError|NameError|UnboundLocalError|RecursionError|IntegrityError|OperationalError|ProgrammingError|NullPointerException|IllegalArgumentException|IllegalStateException|RuntimeException|ClassCastException|NumberFormatException|InvalidOperationException|ArgumentNullException)\b|\b(?:java|javax|org\.springframework)\.[\w.]+(?:Exception|Error)\b|\b\w+\.(?:exc|errors|exceptions)\.\w+(?:Error|Exception)\b/,
  },
  {
    kind: 'debug page',
    name: 'framework debug page',
    pattern:
      /Werkzeug Debugger|Django Version:|You're seeing this error because you have <code>DEBUG = True|Whoops, looks like something went wrong|Illuminate\\|ActionController::/,
  },
];

/** The database-specific signatures: an injection payload that reaches SQL shows these. */
export const DATABASE_SIGNATURES = BODY_SIGNATURES.filter((signature) =>
  ['database error', 'SQL'].includes(signature.kind),
);

export interface BodyLeak {
  signature: LeakSignature;
  /** Where in the body it starts, for a person to look; the text itself is never shown. */
  offset: number;
}

export function findBodyLeaks(body: string, signatures = BODY_SIGNATURES): BodyLeak[] {
  return signatures.flatMap((signature) => {
    const match = signature.pattern.exec(body);
    return match ? [{ signature, offset: match.index }] : [];
  });
}

export interface HeaderLeak {
  header: string;
  value: string;
  /** A version number: fail. A product name alone: warn. */
  versioned: boolean;
}

/** Headers that name the server, framework or runtime. */
const PRODUCT_HEADERS = [
  'server',
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-generator',
  'x-runtime-version',
];
const VERSION = /\d+\.\d+/;

export function findHeaderLeaks(response: HttpResponse): HeaderLeak[] {
  const leaks: HeaderLeak[] = [];
  for (const header of PRODUCT_HEADERS) {
    for (const value of response.headers[header] ?? []) {
      const versioned = VERSION.test(value);
      // A server's bare product name (nginx, uvicorn) is everywhere and names no weakness.
      if (!versioned && header === 'server') continue;
      leaks.push({ header, value, versioned });
    }
  }
  return leaks;
}
