import type { SgNode } from '@ast-grep/napi';
import type { FileScan } from '../scan.js';
import { calleeOf, lastSegment, lineOf } from '../syntax.js';
import type { AlertHook } from '../types.js';
import { argumentsOf, envKeyOf, flattenOptions, stringValue } from './values.js';

export const JS_LOGGING_CALLEES =
  /(?:createLogger|getLogger|pino|File|DailyRotateFile|destination|createWriteStream|createStream|init|start|configure|Rollbar|child)$/;

const ALERT_CALLS: Array<{ pattern: RegExp; tool: string; target: string }> = [
  { pattern: /^Sentry\.init$/, tool: 'Sentry', target: 'dsn' },
  { pattern: /^(?:new\s*)?Rollbar$/, tool: 'Rollbar', target: 'accesstoken' },
  { pattern: /^Bugsnag\.start$/, tool: 'Bugsnag', target: 'apikey' },
  { pattern: /^Honeybadger\.configure$/, tool: 'Honeybadger', target: 'apikey' },
];

export function findJsLogging(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    const name = lastSegment(callee);
    if (/^(?:createLogger|getLogger|pino|child)$/.test(name)) namedLogger(scan, call);
    if (name === 'File' || name === 'DailyRotateFile') winstonFile(scan, call, name);
    else if (/^(?:pino\.)?destination$/.test(callee) || name === 'createWriteStream')
      streamFile(scan, call, callee);
    else if (name === 'createStream' && /rotating-file-stream|rfs/.test(scan.text))
      rotatingStream(scan, call);
    const alert = ALERT_CALLS.find((candidate) => candidate.pattern.test(callee));
    if (alert) scan.facts.alertHooks.push(alertHook(scan, call, alert.tool, alert.target));
  }
  findPinoFileTargets(scan);
}

/** `const securityLogger = winston.createLogger(...)`, `log4js.getLogger('audit')`. */
function namedLogger(scan: FileScan, call: SgNode) {
  const first = argumentsOf(call)[0];
  const given = first ? stringValue(first) : undefined;
  const holder =
    call.parent()?.kind() === 'await_expression' ? call.parent()?.parent() : call.parent();
  const variable =
    holder?.kind() === 'variable_declarator' ? holder.field('name')?.text() : undefined;
  const labels = [...flattenOptions(call)]
    .filter(([key]) => /^(?:name|module|service|category|label|channel)$/.test(key))
    .map(([, value]) => stringValue(value))
    .filter((label) => label !== undefined);
  const name = [given, variable, ...labels].filter(Boolean).join(' ');
  if (name !== '') scan.facts.loggers.push({ file: scan.file, line: lineOf(call), name });
}

function winstonFile(scan: FileScan, call: SgNode, name: string) {
  const options = flattenOptions(call);
  const filename = options.get('filename') ?? options.get('dirname');
  const path = filename ? stringValue(filename) : undefined;
  const rotating = name === 'DailyRotateFile' || options.has('maxsize') || options.has('maxfiles');
  scan.facts.logFiles.push({
    file: scan.file,
    line: lineOf(call),
    handler: name === 'File' ? 'winston File transport' : 'winston DailyRotateFile',
    ...(path ? { path } : {}),
    rotating,
  });
}

function streamFile(scan: FileScan, call: SgNode, callee: string) {
  const first = argumentsOf(call)[0];
  const dest = first?.kind() === 'object' ? flattenOptions(call).get('dest') : first;
  const path = dest ? stringValue(dest) : undefined;
  if (callee.endsWith('createWriteStream') && !/\.log\b|log/.test(path ?? '')) return;
  scan.facts.logFiles.push({
    file: scan.file,
    line: lineOf(call),
    handler: callee.endsWith('createWriteStream') ? 'fs.createWriteStream' : 'pino.destination',
    ...(path ? { path } : {}),
    rotating: false,
  });
}

function rotatingStream(scan: FileScan, call: SgNode) {
  const first = argumentsOf(call)[0];
  const path = first ? stringValue(first) : undefined;
  scan.facts.logFiles.push({
    file: scan.file,
    line: lineOf(call),
    handler: 'rotating-file-stream',
    ...(path ? { path } : {}),
    rotating: true,
  });
}

/** pino transports: `{ target: 'pino/file', options: { destination } }`, `pino-roll`. */
function findPinoFileTargets(scan: FileScan) {
  if (!/pino\/file|pino-roll/.test(scan.text)) return;
  const targets = scan.root.findAll({
    rule: { kind: 'pair', has: { field: 'key', regex: '^target$' }, regex: 'pino/file|pino-roll' },
  });
  for (const target of targets) {
    const object = target.parent();
    const destination = object?.find({
      rule: { kind: 'pair', has: { field: 'key', regex: '^(?:destination|file)$' } },
    });
    const value = destination?.field('value');
    const path = value ? stringValue(value) : undefined;
    const rotating = /pino-roll/.test(target.text());
    scan.facts.logFiles.push({
      file: scan.file,
      line: lineOf(target),
      handler: rotating ? 'pino-roll transport' : 'pino/file transport',
      ...(path ? { path } : {}),
      rotating,
    });
  }
}

function alertHook(scan: FileScan, call: SgNode, tool: string, key: string): AlertHook {
  const place = { file: scan.file, line: lineOf(call), tool };
  const target = flattenOptions(call).get(key);
  if (target === undefined) {
    return tool === 'Sentry'
      ? { ...place, target: 'env', envKey: 'SENTRY_DSN' }
      : { ...place, target: 'none' };
  }
  const text = stringValue(target);
  if (text !== undefined) return { ...place, target: text === '' ? 'none' : 'literal' };
  const envKey = envKeyOf(target);
  return envKey ? { ...place, target: 'env', envKey } : { ...place, target: 'expression' };
}
