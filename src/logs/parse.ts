import { isIP } from 'node:net';

/** What one log line says, as far as the summary needs: never the line itself. */
export interface LogRecord {
  /** `YYYY-MM-DD`, or undefined when the line has no time shipshape reads. */
  day?: string;
  client?: string;
  /** Lower-cased words that say what happened: an event name, a message, a level. */
  words: string;
  level?: string;
  status?: number;
  method?: string;
  path?: string;
  userAgent?: string;
  format: 'json' | 'combined' | 'nginx-error' | 'text';
}

export type ParsedLine = LogRecord | 'malformed' | 'blank';

const COMBINED =
  /^(\S+) \S+ \S+ \[(\d{2})\/(\w{3})\/(\d{4}):[^\]]*\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}) \S+(?: "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)")?/;
/** The fixed start of a combined line: one that has it but does not parse was cut short. */
const COMBINED_START = /^\S+ \S+ \S+ \[\d{2}\/\w{3}\/\d{4}:/;
const NGINX_ERROR = /^(\d{4})\/(\d{2})\/(\d{2}) \d{2}:\d{2}:\d{2} \[(\w+)\] (.*)$/;
const LEADING_DATE = /^\[?(\d{4})-(\d{2})-(\d{2})[T ]/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const TIME_KEYS = [
  'timestamp',
  'time',
  'ts',
  '@timestamp',
  'datetime',
  'date',
  'asctime',
  'created_at',
];
const CLIENT_KEYS = [
  'client_ip',
  'clientIp',
  'client_host',
  'ip',
  'remote_addr',
  'remote_ip',
  'remoteAddress',
  'client',
  'src_ip',
  'source_ip',
  'ip_address',
  'client_addr',
  'x_forwarded_for',
];
const WORD_KEYS = [
  'event',
  'event_type',
  'eventType',
  'type',
  'kind',
  'category',
  'action',
  'reason',
  'msg',
  'message',
  'logger',
  'name',
];
const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'response_status'];
const PATH_KEYS = ['path', 'url', 'uri', 'request_uri', 'endpoint'];
const QUERY_KEYS = ['query', 'query_string', 'queryString', 'args'];
const UA_KEYS = ['user_agent', 'userAgent', 'http_user_agent', 'user-agent', 'ua'];

export function parseLine(text: string): ParsedLine {
  const line = text.trim();
  if (line === '') return 'blank';
  // U+FFFD: bytes that are not UTF-8; NUL and other controls: binary garbage.
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(line)) return 'malformed';
  if (line.startsWith('{')) return parseJsonLine(line);
  const combined = parseCombined(line);
  if (combined) return combined;
  if (COMBINED_START.test(line)) return 'malformed';
  // A line of no format shipshape reads is malformed, not a record with no event in it: it is
  // counted and named by its line, and its text is never shown.
  return parseNginxError(line) ?? parseText(line) ?? 'malformed';
}

function parseJsonLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'malformed';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'malformed';
  const record = value as Record<string, unknown>;
  const request =
    typeof record.request === 'object' && record.request !== null
      ? (record.request as Record<string, unknown>)
      : {};
  const level = levelOf(record.level ?? record.levelname ?? record.severity);
  const requestLine = typeof record.request === 'string' ? splitRequest(record.request) : {};
  const parsed: LogRecord = {
    format: 'json',
    words: WORD_KEYS.map((key) => record[key])
      .filter((item) => typeof item === 'string')
      .join(' ')
      .toLowerCase(),
    day: dayOf(first(record, TIME_KEYS)),
    client: clientOf(first(record, CLIENT_KEYS) ?? first(request, CLIENT_KEYS)),
    level,
    status: numberOf(first(record, STATUS_KEYS) ?? first(request, STATUS_KEYS)),
    method: stringOf(record.method ?? request.method) ?? requestLine.method,
    path: withQuery(
      stringOf(first(record, PATH_KEYS) ?? first(request, PATH_KEYS)) ?? requestLine.path,
      stringOf(first(record, QUERY_KEYS) ?? first(request, QUERY_KEYS)),
    ),
    userAgent: stringOf(first(record, UA_KEYS) ?? first(request, UA_KEYS)),
  };
  return parsed;
}

function parseCombined(line: string): LogRecord | null {
  const match = COMBINED.exec(line);
  if (!match) return null;
  const [, client, day, month, year, request = '', status, , userAgent] = match;
  const monthIndex = MONTHS.indexOf((month ?? '').toLowerCase());
  const { method, path } = splitRequest(request);
  return {
    format: 'combined',
    words: '',
    day: monthIndex < 0 ? undefined : validDay(year, String(monthIndex + 1).padStart(2, '0'), day),
    client: clientOf(client),
    status: Number(status),
    method,
    path,
    userAgent,
  };
}

function parseNginxError(line: string): LogRecord | null {
  const match = NGINX_ERROR.exec(line);
  if (!match) return null;
  const [, year, month, day, level = '', message = ''] = match;
  const client = /, client: ([^,\s]+)/.exec(message)?.[1];
  const request = /, request: "([^"]*)"/.exec(message)?.[1];
  const { method, path } = splitRequest(request ?? '');
  return {
    format: 'nginx-error',
    words: message
      .replace(/, (?:client|server|request|upstream|host|referrer): .*$/, '')
      .toLowerCase(),
    day: validDay(year, month, day),
    level: level.toLowerCase(),
    client: clientOf(client),
    method,
    path,
  };
}

/**
 * A plain-text log line, as Python's logging (`2025-03-10 09:00:01,120 WARNING ...`) and gunicorn
 * (`[2025-03-10 09:00:01 +0000] [12] [ERROR] ...`) write it: told by its leading ISO date. The
 * record is that date, the first address in the line, and its words.
 */
function parseText(line: string): LogRecord | null {
  const date = LEADING_DATE.exec(line);
  if (!date) return null;
  const level = /\b(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b/.exec(line)?.[1];
  const address =
    /(?<![\w.:])(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7})(?![\w.:])/i.exec(
      line,
    )?.[1];
  return {
    format: 'text',
    words: line.toLowerCase(),
    day: validDay(date[1], date[2], date[3]),
    level: level?.toLowerCase(),
    client: clientOf(address),
  };
}

/** `GET /path HTTP/1.1`; the target is everything between, as a raw space may be in it. */
function splitRequest(request: string): { method?: string; path?: string } {
  const match = /^([A-Z]+) (.+?)(?: HTTP\/[\d.]+)?$/.exec(request);
  return match ? { method: match[1]!, path: match[2]! } : {};
}

function withQuery(path: string | undefined, query: string | undefined): string | undefined {
  if (query === undefined || query === '') return path;
  return `${path ?? ''}?${query}`;
}

/** A day only when it is one: the digits of a log line are the attacker's to write too. */
function validDay(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
): string | undefined {
  const text = `${year}-${month}-${day}`;
  if (text === lastValidDay) return text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || !date.toISOString().startsWith(text)) return undefined;
  lastValidDay = text;
  return text;
}

// Consecutive lines of a log nearly always share their day.
let lastValidDay = '';

function first(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
}

function dayOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds, or milliseconds when it is that large.
    const date = new Date(value > 1e11 ? value : value * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return validDay(iso[1], iso[2], iso[3]);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

/** Only a valid address is kept: a log's text is the attacker's to write. */
export function clientOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const candidate = value
    .split(',')[0]!
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:(?=\d+\.)/, '');
  return isIP(candidate) ? candidate.toLowerCase() : undefined;
}

function levelOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  // pino's numeric levels.
  if (typeof value === 'number')
    return value >= 60 ? 'fatal' : value >= 50 ? 'error' : value >= 40 ? 'warn' : 'info';
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
