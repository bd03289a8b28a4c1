import type { SgNode } from '@ast-grep/napi';
import type { FileScan } from '../scan.js';
import { calleeOf, lastSegment, lineOf } from '../syntax.js';
import type { AlertHook } from '../types.js';
import {
  dictEntries,
  envKeyOf,
  interpolations,
  keywordArgs,
  positionalArgs,
  stringValue,
} from './values.js';

export const PY_LOGGING_CALLEES =
  /(?:^|\.)(?:getLogger|get_logger|\w*FileHandler|basicConfig|add|SMTPHandler|HTTPHandler|init|configure|initialize)$/;

const FILE_HANDLER = /^(?:Rotating|TimedRotating|Watched|ConcurrentRotating)?FileHandler$/;

/** Error trackers and alert channels, by the call that starts them. */
const ALERT_CALLS: Array<{ pattern: RegExp; tool: string; target: string[] }> = [
  { pattern: /^sentry_sdk\.init$/, tool: 'Sentry', target: ['dsn'] },
  { pattern: /^rollbar\.init$/, tool: 'Rollbar', target: ['access_token'] },
  { pattern: /^bugsnag\.configure$/, tool: 'Bugsnag', target: ['api_key'] },
  { pattern: /^honeybadger\.configure$/, tool: 'Honeybadger', target: ['api_key'] },
  { pattern: /^newrelic\.agent\.initialize$/, tool: 'New Relic', target: [] },
  { pattern: /(?:^|\.)SMTPHandler$/, tool: 'email (SMTPHandler)', target: ['mailhost'] },
  { pattern: /(?:^|\.)HTTPHandler$/, tool: 'HTTP (HTTPHandler)', target: ['host'] },
];

/** The env variable an SDK reads when `init()` is given no DSN. */
const DEFAULT_KEYS: Record<string, string> = { Sentry: 'SENTRY_DSN' };

export function findPythonLogging(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    const name = lastSegment(callee);
    if (name === 'getLogger' || name === 'get_logger') namedLogger(scan, call);
    else if (FILE_HANDLER.test(name)) fileHandler(scan, call, name);
    else if (name === 'basicConfig') basicConfigFile(scan, call);
    else if (/^logger\.add$/.test(callee)) loguruSink(scan, call);
    const alert = ALERT_CALLS.find((candidate) => candidate.pattern.test(callee));
    if (alert) scan.facts.alertHooks.push(alertHook(scan, call, alert.tool, alert.target));
  }
  findDictConfig(scan);
}

function namedLogger(scan: FileScan, call: SgNode) {
  const first = positionalArgs(call)[0];
  const name = first ? stringValue(first) : undefined;
  if (name) scan.facts.loggers.push({ file: scan.file, line: lineOf(call), name });
}

function fileHandler(scan: FileScan, call: SgNode, handler: string) {
  const target = positionalArgs(call)[0] ?? keywordArgs(call).get('filename');
  const path = target ? pathText(target) : undefined;
  scan.facts.logFiles.push({
    file: scan.file,
    line: lineOf(call),
    handler,
    ...(path ? { path } : {}),
    rotating: /Rotating/.test(handler),
  });
}

function basicConfigFile(scan: FileScan, call: SgNode) {
  const target = keywordArgs(call).get('filename');
  if (!target) return;
  const path = pathText(target);
  const handler = 'basicConfig(filename=...)';
  scan.facts.logFiles.push({
    file: scan.file,
    line: lineOf(call),
    handler,
    ...(path ? { path } : {}),
    rotating: false,
  });
}

/** loguru's `logger.add("app.log", rotation="10 MB")`; a stream sink is not a file. */
function loguruSink(scan: FileScan, call: SgNode) {
  const sink = positionalArgs(call)[0];
  const path = sink ? pathText(sink) : undefined;
  if (path === undefined || !/[./]/.test(path)) return;
  const rotating = keywordArgs(call).has('rotation');
  scan.facts.logFiles.push({
    file: scan.file,
    line: lineOf(call),
    handler: 'loguru logger.add',
    path,
    rotating,
  });
}

/**
 * A path as far as it is text: `f"{LOG_DIR}/security.log"` gives `*\/security.log`,
 * `os.path.join(LOG_DIR, "audit.log")` gives `*\/audit.log`. Undefined when nothing is text.
 */
export function pathText(node: SgNode): string | undefined {
  const text = stringValue(node);
  if (text !== undefined) return text;
  let path: string | undefined;
  if (node.kind() === 'string') path = fStringPath(node);
  else if (node.kind() === 'call' && /(?:^|\.)(?:join|Path)$/.test(calleeOf(node))) {
    path = positionalArgs(node)
      .map((part) => pathText(part) ?? '*')
      .join('/');
  } else if (node.kind() === 'binary_operator' && node.field('operator')?.text() === '/') {
    const left = node.field('left');
    const right = node.field('right');
    path = `${(left && pathText(left)) ?? '*'}/${(right && pathText(right)) ?? '*'}`;
  }
  return path === undefined || /^[*/]*$/.test(path) ? undefined : path.replace(/\/+/g, '/');
}

function fStringPath(node: SgNode): string {
  let path = node.text();
  for (const value of interpolations(node)) path = path.replace(`{${value.text()}}`, '*');
  return path.replace(/^[a-zA-Z]*["']|["']$/g, '');
}

/** `logging.config.dictConfig({...})`: its file handlers and named loggers. */
function findDictConfig(scan: FileScan) {
  if (!/["']class["']/.test(scan.text)) return;
  const pairs = scan.root.findAll({
    rule: { kind: 'pair', has: { field: 'key', regex: '^["\']class["\']$' } },
  });
  for (const pair of pairs) {
    const value = pair.field('value');
    const handler = value ? stringValue(value) : undefined;
    const name = handler?.split('.').pop() ?? '';
    if (!FILE_HANDLER.test(name)) continue;
    const siblings = new Map(dictEntries(pair.parent()!) ?? []);
    const filename = siblings.get('filename');
    const path = filename ? pathText(filename) : undefined;
    scan.facts.logFiles.push({
      file: scan.file,
      line: lineOf(pair),
      handler: name,
      ...(path ? { path } : {}),
      rotating: /Rotating/.test(name),
    });
  }
  findConfiguredLoggers(scan);
}

/** The keys of a `"loggers": {...}` dict are logger names. */
function findConfiguredLoggers(scan: FileScan) {
  const sections = scan.root.findAll({
    rule: { kind: 'pair', has: { field: 'key', regex: '^["\']loggers["\']$' } },
  });
  for (const section of sections) {
    const value = section.field('value');
    for (const [name, logger] of (value && dictEntries(value)) ?? []) {
      scan.facts.loggers.push({ file: scan.file, line: lineOf(logger), name });
    }
  }
}

function alertHook(scan: FileScan, call: SgNode, tool: string, targets: string[]): AlertHook {
  const keywords = keywordArgs(call);
  const given = targets.map((name) => keywords.get(name)).find((node) => node !== undefined);
  const target = given ?? (targets.length > 0 ? positionalArgs(call)[0] : undefined);
  const place = { file: scan.file, line: lineOf(call), tool };
  if (target === undefined) {
    const envKey = DEFAULT_KEYS[tool];
    return envKey ? { ...place, target: 'env', envKey } : { ...place, target: 'none' };
  }
  const text = stringValue(target);
  if (text !== undefined) return { ...place, target: text === '' ? 'none' : 'literal' };
  const envKey = envKeyOf(target);
  return envKey ? { ...place, target: 'env', envKey } : { ...place, target: 'expression' };
}
