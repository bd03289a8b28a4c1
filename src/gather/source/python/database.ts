import type { SgNode } from '@ast-grep/napi';
import { literalDatabaseUrl, statementTimeoutIn } from '../db-url.js';
import { type FileScan, isMigrationPath } from '../scan.js';
import { calleeOf, lineOf, shortCode } from '../syntax.js';
import type { DatabaseClient, DatabaseLibrary, OptionValue, UrlOrigin } from '../types.js';
import {
  envKeyOf,
  flattenOptions,
  keywordArgs,
  optionValue,
  positionalArgs,
  stringValue,
} from './values.js';

interface ClientKind {
  pattern: RegExp;
  library: DatabaseLibrary;
  pooling: 'pool' | 'single';
  /** Names of the positional arguments that are settings, in order. */
  positional?: string[];
}

const CLIENT_KINDS: ClientKind[] = [
  { pattern: /(?:^|\.)create_(?:async_)?engine$/, library: 'sqlalchemy', pooling: 'pool' },
  { pattern: /(?:^|\.)(?:Async)?ConnectionPool$/, library: 'psycopg', pooling: 'pool' },
  {
    pattern: /(?:^|\.)(?:Simple|Threaded)ConnectionPool$/,
    library: 'psycopg2',
    pooling: 'pool',
    positional: ['minconn', 'maxconn'],
  },
  { pattern: /^asyncpg\.create_pool$/, library: 'asyncpg', pooling: 'pool' },
  { pattern: /^asyncpg\.connect$/, library: 'asyncpg', pooling: 'single' },
  { pattern: /^psycopg2\.connect$/, library: 'psycopg2', pooling: 'single' },
  {
    pattern: /^psycopg\.(?:Async)?(?:Connection\.)?connect$/,
    library: 'psycopg',
    pooling: 'single',
  },
];

export const PY_DATABASE_CALLEES =
  /(?:create_(?:async_)?engine|ConnectionPool|create_pool|connect|create_all)$/;

/** Option names whose values are settings, never credentials: kept as written. */
const SETTING_NAME =
  /ssl|timeout|pool|overflow|max|min|size|options|recycle|pre_ping|application_name/;
const SECRET_NAME = /pass|secret|token|key|dsn|url|uri|conninfo|user/;

export function findPythonDatabaseClients(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    if (/(?:^|\.)metadata\.create_all$/.test(callee)) {
      scan.facts.schemaCreations.push({
        file: scan.file,
        line: lineOf(call),
        how: 'metadata.create_all()',
      });
      continue;
    }
    const kind = CLIENT_KINDS.find((candidate) => candidate.pattern.test(callee));
    if (kind) scan.facts.databaseClients.push(readClient(scan, call, callee, kind));
  }
  findTimeoutStrings(scan);
}

function readClient(
  scan: FileScan,
  call: SgNode,
  callee: string,
  kind: ClientKind,
): DatabaseClient {
  const options: Record<string, OptionValue> = {};
  for (const [name, value] of flattenOptions(call)) options[name] = settingValue(name, value);
  const positional = positionalArgs(call);
  kind.positional?.forEach((name, i) => {
    const value = positional[i];
    if (value) options[name] = settingValue(name, value);
  });

  const noPool = /NullPool|StaticPool/.test(options.poolclass?.value ?? '');
  const urlNode = positional[kind.positional?.length ?? 0] ?? urlKeyword(call);
  const url = urlNode ? urlOrigin(scan, urlNode) : undefined;
  return {
    file: scan.file,
    line: lineOf(call),
    library: kind.library,
    call: shortCode(callee),
    pooling: noPool ? 'no-pool' : kind.pooling,
    options,
    ...(url ? { url } : {}),
    migrations: isMigrationPath(scan.file),
  };
}

function urlKeyword(call: SgNode): SgNode | undefined {
  const keywords = keywordArgs(call);
  return keywords.get('url') ?? keywords.get('dsn') ?? keywords.get('conninfo');
}

function settingValue(name: string, node: SgNode): OptionValue {
  const value = optionValue(node);
  if (SECRET_NAME.test(name) && !SETTING_NAME.test(name)) {
    const { value: _dropped, ...kept } = value;
    return kept;
  }
  if (value.kind === 'expression') value.value = shortCode(node.text());
  return value;
}

function urlOrigin(scan: FileScan, node: SgNode): UrlOrigin {
  const text = stringValue(node);
  if (text !== undefined) {
    const url = literalDatabaseUrl(scan, text, lineOf(node));
    return url ? { kind: 'literal', url } : { kind: 'expression' };
  }
  const key = envKeyOf(node);
  return key ? { kind: 'env', key } : { kind: 'expression' };
}

/** `SET statement_timeout = ...` run at connect, or `-c statement_timeout=...` in options. */
function findTimeoutStrings(scan: FileScan): void {
  if (!scan.text.includes('statement_timeout')) return;
  const strings = scan.root.findAll({ rule: { kind: 'string', regex: 'statement_timeout' } });
  for (const node of strings) {
    const found = statementTimeoutIn(node.text());
    if (found) {
      scan.facts.timeoutSettings.push({
        file: scan.file,
        line: lineOf(node),
        setting: 'statement_timeout',
        ...found,
      });
    }
  }
}
