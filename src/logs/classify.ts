import type { LogRecord } from './parse.js';

/** The events the checklist asks a person to review each week. */
export const EVENT_KINDS = [
  'injection',
  'payment-tampering',
  'bot-block',
  'failed-login',
  'rate-limit',
  'error',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const KIND_LABELS: Record<EventKind, string> = {
  injection: 'injection attempts',
  'payment-tampering': 'payment manipulation',
  'bot-block': 'bot blocks',
  'failed-login': 'failed logins',
  'rate-limit': 'rate-limit refusals',
  error: 'errors',
};

export const KIND_LABEL_ONE: Record<EventKind, string> = {
  injection: 'injection attempt',
  'payment-tampering': 'payment manipulation',
  'bot-block': 'bot block',
  'failed-login': 'failed login',
  'rate-limit': 'rate-limit refusal',
  error: 'error',
};

/** Words an application's security log uses, in the order a line is judged. */
const WORDED: readonly [EventKind, RegExp][] = [
  [
    'injection',
    /sql[\s_-]?injection|injection[\s_-]?attempt|\bxss\b|path[\s_-]?traversal|malicious[\s_-](?:payload|input|query)/,
  ],
  [
    'payment-tampering',
    /payment[\s_-]?(?:manipulation|tamper)|(?:price|amount)[\s_-]?(?:manipulation|tamper|mismatch)|tamper(?:ed|ing)?[\s_-](?:amount|price|payment)/,
  ],
  [
    'bot-block',
    /bot[\s_-]?(?:detected|blocked|block|denied)|blocked[\s_-](?:bot|crawler|scraper)|suspicious[\s_-]user[\s_-]?agent/,
  ],
  [
    'failed-login',
    /(?:failed|invalid|unsuccessful|bad)[\s_-](?:login|password|credentials|authentication|sign[\s_-]?in)|log(?:in|on)[\s_-]?fail|authentication[\s_-]fail|auth[\s_-]?failure/,
  ],
  ['rate-limit', /rate[\s_-]?limit(?:ed|ing)?|too many requests|limiting requests|throttl/],
];

/** SQL and script payloads as they show in a request line, decoded. */
const INJECTED =
  /union(?:\s|\+|\/\*.*?\*\/)+(?:all(?:\s|\+)+)?select|'\s*or\s*'?\d+'?\s*=\s*'?\d|\bor\s+1\s*=\s*1|;\s*drop\s+table|sleep\s*\(\s*\d+\s*\)|benchmark\s*\(|information_schema|<script|javascript:|\.\.\/\.\.\//i;
const BOT_AGENT =
  /bot\b|crawl|spider|scrap|python-requests|python-urllib|aiohttp|httpx|curl\/|wget|go-http-client|java\/|libwww|okhttp|masscan|nmap|nikto|sqlmap|zgrab/i;
const LOGIN_PATH = /\/(?:login|signin|sign-in|auth|token|session|oauth)\b/i;
const ERROR_LEVELS = new Set(['error', 'err', 'critical', 'crit', 'fatal', 'alert', 'emerg']);

export function classify(record: LogRecord): EventKind | undefined {
  const worded = WORDED.find(([, pattern]) => pattern.test(record.words));
  if (worded) return worded[0];
  if (record.path !== undefined && INJECTED.test(decode(record.path))) return 'injection';
  if (record.status !== undefined) {
    const byStatus = classifyResponse(record, record.status);
    if (byStatus) return byStatus;
  }
  if (record.level !== undefined && ERROR_LEVELS.has(record.level)) return 'error';
  return undefined;
}

function classifyResponse(record: LogRecord, status: number): EventKind | undefined {
  if (status === 429) return 'rate-limit';
  // 503 is what nginx's limit_req and limit_conn answer unless told otherwise; an application
  // that is down shows in nginx's log as 502 or 504.
  if (status === 503 && record.format === 'combined') return 'rate-limit';
  if (
    (status === 401 || status === 403) &&
    record.method === 'POST' &&
    LOGIN_PATH.test(record.path ?? '')
  )
    return 'failed-login';
  // 444: nginx closed the connection without an answer, its usual way to drop a bot.
  if ((status === 403 || status === 444) && isBotAgent(record.userAgent)) return 'bot-block';
  if (status >= 500) return 'error';
  return undefined;
}

/** A bot's or a script's agent, or an empty one (`-` in nginx's log); unknown is not one. */
function isBotAgent(agent: string | undefined): boolean {
  if (agent === undefined) return false;
  return agent === '' || agent === '-' || BOT_AGENT.test(agent);
}

function decode(path: string): string {
  if (!path.includes('%') && !path.includes('+')) return path;
  try {
    return decodeURIComponent(path.replace(/\+/g, ' '));
  } catch {
    return path;
  }
}
