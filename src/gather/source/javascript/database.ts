import type { SgNode } from '@ast-grep/napi';
import { literalDatabaseUrl, statementTimeoutIn } from '../db-url.js';
import { type FileScan, isMigrationPath } from '../scan.js';
import { calleeOf, lineOf, shortCode } from '../syntax.js';
import type { DatabaseClient, DatabaseLibrary, OptionValue, UrlOrigin } from '../types.js';
import { argumentsOf, envKeyOf, flattenOptions, optionValue, stringValue } from './values.js';

interface ClientKind {
  pattern: RegExp;
  library: DatabaseLibrary;
  pooling: 'pool' | 'single';
  /** A word of the file's imports that must be there: `Pool` alone is too common a name. */
  imports?: RegExp;
  /** Takes its settings as an object first: `knex('users')` is a query, not a client. */
  objectFirst?: boolean;
}

const CLIENT_KINDS: ClientKind[] = [
  { pattern: /^(?:pg\.)?Pool$/, library: 'node-pg', pooling: 'pool', imports: /['"]pg['"]/ },
  { pattern: /^(?:pg\.)?Client$/, library: 'node-pg', pooling: 'single', imports: /['"]pg['"]/ },
  { pattern: /^postgres$/, library: 'postgres.js', pooling: 'pool', imports: /['"]postgres['"]/ },
  {
    pattern: /^(?:knex|Knex|require\(['"]knex['"]\))$/,
    library: 'knex',
    pooling: 'pool',
    objectFirst: true,
  },
  { pattern: /^Sequelize$/, library: 'sequelize', pooling: 'pool' },
  {
    pattern: /^(?:DataSource|createConnection|TypeOrmModule\.forRoot(?:Async)?)$/,
    library: 'typeorm',
    pooling: 'pool',
    imports: /typeorm/i,
  },
  { pattern: /^PrismaClient$/, library: 'prisma', pooling: 'pool' },
];

export const JS_DATABASE_CALLEES =
  /(?:Pool|Client|postgres|knex|Knex|Sequelize|DataSource|createConnection|forRoot\w*|PrismaClient|sync)$/;

const SETTING_NAME = /ssl|timeout|pool|max|min|size|options|idle|application_name|synchronize/;
const SECRET_NAME = /pass|secret|token|key|url|uri|connectionstring|user|host/;

export function findJsDatabaseClients(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    if (/(?:^|\.)(?:sequelize|db)\.sync$/.test(callee)) {
      scan.facts.schemaCreations.push({
        file: scan.file,
        line: lineOf(call),
        how: 'sequelize.sync()',
      });
      continue;
    }
    const kind = CLIENT_KINDS.find((candidate) => isClient(scan, call, callee, candidate));
    if (kind) scan.facts.databaseClients.push(readClient(scan, call, callee, kind));
  }
  findTimeoutStrings(scan);
}

function isClient(scan: FileScan, call: SgNode, callee: string, kind: ClientKind): boolean {
  if (!kind.pattern.test(callee)) return false;
  if (kind.imports && !kind.imports.test(scan.text)) return false;
  return !kind.objectFirst || argumentsOf(call)[0]?.kind() === 'object';
}

function readClient(
  scan: FileScan,
  call: SgNode,
  callee: string,
  kind: ClientKind,
): DatabaseClient {
  const options: Record<string, OptionValue> = {};
  const flattened = flattenOptions(call);
  for (const [name, value] of flattened) options[name] = settingValue(name, value);
  if (options.synchronize?.kind === 'true') {
    scan.facts.schemaCreations.push({
      file: scan.file,
      line: options.synchronize.line,
      how: 'TypeORM synchronize: true',
    });
  }

  const first = argumentsOf(call)[0];
  const urlNode =
    (first && first.kind() !== 'object' ? first : undefined) ??
    flattened.get('connectionstring') ??
    flattened.get('url') ??
    nonObject(flattened.get('connection'));
  const url = urlNode ? urlOrigin(scan, urlNode) : undefined;
  return {
    file: scan.file,
    line: lineOf(call),
    library: kind.library,
    call: shortCode(callee),
    pooling: kind.pooling,
    options,
    ...(url ? { url } : {}),
    migrations: isMigrationPath(scan.file),
  };
}

function nonObject(node: SgNode | undefined): SgNode | undefined {
  return node && node.kind() !== 'object' ? node : undefined;
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

function findTimeoutStrings(scan: FileScan): void {
  if (!scan.text.includes('statement_timeout')) return;
  const strings = scan.root.findAll({
    rule: { any: [{ kind: 'string' }, { kind: 'template_string' }], regex: 'statement_timeout' },
  });
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
