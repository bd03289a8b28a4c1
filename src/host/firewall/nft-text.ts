import type { Chain, Match, Rule, Ruleset, Table, Verdict } from './model.js';
import { shortenRule } from './model.js';
import {
  baseChain,
  comparedPorts,
  DNAT_ONLY,
  newTable,
  parsePortText,
  parsePriority,
} from './nft-common.js';

interface Token {
  text: string;
  line: number;
  quoted?: boolean;
}

/** Statement ends; `{` and `}` open and close blocks. */
const END = new Set([';', '\n']);

interface Parser {
  tokens: Token[];
  at: number;
  origin: string;
  tables: Map<string, Table>;
  sets: Map<string, string[]>;
  notes: string[];
}

/**
 * Parses nftables' own syntax: `nft list ruleset` output and files such as
 * /etc/nftables.conf. `define` variables and named sets with listed elements are resolved;
 * `include` is not followed.
 */
export function parseNftText(text: string, origin: string): Ruleset {
  const parser: Parser = {
    tokens: substituteDefines(tokenize(text)),
    at: 0,
    origin,
    tables: new Map(),
    sets: new Map(),
    notes: [],
  };
  while (parser.at < parser.tokens.length) topLevel(parser);
  const tables = [...parser.tables.values()];
  return {
    kind: 'nft',
    origin,
    families: ['ipv4', 'ipv6'],
    state: 'active',
    tables,
    notes: parser.notes,
  };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|#[^\n]*|\\\n|(\n)|([{};,])|([^\s{};,"#]+)/g;
  let line = 1;
  for (const match of text.matchAll(pattern)) {
    const [whole] = match;
    if (match[1] !== undefined) tokens.push({ text: match[1], line, quoted: true });
    else if (match[2] || match[3] || match[4]) tokens.push({ text: whole, line });
    line += whole.split('\n').length - 1;
  }
  return tokens;
}

/** Replaces `$name` with the tokens of `define name = ...`, and drops the definitions. */
function substituteDefines(tokens: Token[]): Token[] {
  const defines = new Map<string, Token[]>();
  const result: Token[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.text === 'define' && tokens[index + 2]?.text === '=') {
      const end = statementEnd(tokens, index + 3);
      defines.set(tokens[index + 1]!.text, tokens.slice(index + 3, end));
      index = end;
      continue;
    }
    const value = token.text.startsWith('$') ? defines.get(token.text.slice(1)) : undefined;
    if (value) result.push(...value.map((part) => ({ ...part, line: token.line })));
    else result.push(token);
  }
  return result;
}

/** The index of the end of a statement starting at `from`, past any braces it opens. */
function statementEnd(tokens: Token[], from: number): number {
  let depth = 0;
  let index = from;
  for (; index < tokens.length; index += 1) {
    const text = tokens[index]!.text;
    if (text === '{') depth += 1;
    else if (text === '}') depth -= 1;
    else if (depth === 0 && END.has(text)) break;
  }
  return index;
}

function topLevel(parser: Parser): void {
  const token = parser.tokens[parser.at]!;
  if (token.text === 'table') {
    parser.at += 1;
    tableBlock(parser);
    return;
  }
  if (token.text === 'add' || token.text === 'insert') {
    addCommand(parser);
    return;
  }
  if (token.text === 'include')
    parser.notes.push(
      `line ${token.line}: include "${parser.tokens[parser.at + 1]?.text ?? ''}" was not followed`,
    );
  parser.at = statementEnd(parser.tokens, parser.at) + 1;
}

function readHeader(parser: Parser): { family: string; name: string } {
  const words: string[] = [];
  while (
    parser.at < parser.tokens.length &&
    !['{', ...END].includes(parser.tokens[parser.at]!.text)
  ) {
    words.push(parser.tokens[parser.at]!.text);
    parser.at += 1;
  }
  return words.length >= 2
    ? { family: words[0]!, name: words[1]! }
    : { family: 'ip', name: words[0] ?? '' };
}

function tableBlock(parser: Parser): void {
  const { family, name } = readHeader(parser);
  const table = tableOf(parser, family, name);
  if (parser.tokens[parser.at]?.text !== '{') return;
  parser.at += 1;
  while (parser.at < parser.tokens.length && parser.tokens[parser.at]!.text !== '}') {
    const word = parser.tokens[parser.at]!.text;
    if (word === 'chain' && table) chainBlock(parser, table, family, name);
    else if (word === 'set') setBlock(parser, family, name);
    else parser.at = statementEnd(parser.tokens, parser.at) + 1;
  }
  parser.at += 1;
}

function tableOf(parser: Parser, family: string, name: string): Table | undefined {
  const key = `${family} ${name}`;
  let table = parser.tables.get(key);
  if (!table) {
    const created = newTable(name, family);
    if (!created) return undefined;
    parser.tables.set(key, created);
    table = created;
  }
  return table;
}

function chainBlock(parser: Parser, table: Table, family: string, tableName: string): void {
  parser.at += 1;
  const name = parser.tokens[parser.at]?.text ?? '';
  parser.at += 1;
  table.chains[name] ??= { name, priority: 0, rules: [] };
  const chain = table.chains[name];
  if (parser.tokens[parser.at]?.text !== '{') return;
  parser.at += 1;
  while (parser.at < parser.tokens.length && parser.tokens[parser.at]!.text !== '}') {
    const end = statementEnd(parser.tokens, parser.at);
    const statement = parser.tokens.slice(parser.at, end);
    parser.at = end + 1;
    if (statement.length > 0) chainStatement(parser, chain, statement, `${family} ${tableName}`);
  }
  parser.at += 1;
}

function chainStatement(parser: Parser, chain: Chain, statement: Token[], tableKey: string): void {
  const words = statement.map((token) => token.text);
  if (words[0] === 'type') {
    const hookAt = words.indexOf('hook');
    const priorityAt = words.indexOf('priority');
    const priority = priorityAt >= 0 ? parsePriority(words.slice(priorityAt + 1).join(' ')) : 0;
    Object.assign(
      chain,
      baseChain(chain.name, words[1], words[hookAt + 1], priority, chain.policy),
      { rules: chain.rules },
    );
    return;
  }
  if (words[0] === 'policy') {
    if (words[1] === 'drop' || words[1] === 'accept') chain.policy = words[1];
    return;
  }
  if (words[0] === 'comment' || words[0] === 'devices') return;
  chain.rules.push(
    parseRule(statement, parser.origin, (name) => parser.sets.get(`${tableKey} ${name}`)),
  );
}

function setBlock(parser: Parser, family: string, tableName: string): void {
  const name = parser.tokens[parser.at + 1]?.text ?? '';
  const end = statementEnd(parser.tokens, parser.at);
  const body = parser.tokens.slice(parser.at, end).map((token) => token.text);
  const start = body.indexOf('elements');
  const elements: string[] = [];
  if (start >= 0 && body[start + 2] === '{') {
    for (const text of body.slice(start + 3)) {
      if (text === '}') break;
      if (text !== ',' && text !== '\n') elements.push(text);
    }
  }
  parser.sets.set(`${family} ${tableName} ${name}`, elements);
  parser.at = end + 1;
}

/** `add rule FAMILY TABLE CHAIN ...`, `add chain ... { ... }`, `add table ...`. */
function addCommand(parser: Parser): void {
  const end = statementEnd(parser.tokens, parser.at);
  const statement = parser.tokens.slice(parser.at, end);
  parser.at = end + 1;
  const words = statement.map((token) => token.text);
  const [, what, family = 'ip', tableName = '', chainName = ''] = words;
  const table = tableOf(parser, family, tableName);
  if (!table || what === 'table') return;
  table.chains[chainName] ??= { name: chainName, priority: 0, rules: [] };
  const chain = table.chains[chainName];
  if (what === 'chain') {
    const inner = statement.slice(6).filter((token) => token.text !== '}');
    for (const part of splitStatements(inner)) {
      chainStatement(parser, chain, part, `${family} ${tableName}`);
    }
  } else if (what === 'rule') {
    chain.rules.push(
      parseRule(statement.slice(5), parser.origin, (name) =>
        parser.sets.get(`${family} ${tableName} ${name}`),
      ),
    );
  }
}

function splitStatements(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    if (END.has(token.text)) parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

const VERDICT_WORDS: Record<string, Verdict['kind']> = {
  accept: 'accept',
  drop: 'drop',
  reject: 'reject',
  return: 'return',
  continue: 'continue',
  queue: 'accept',
};

/** Words that take no value and change nothing about who gets in. */
const SKIPPED_WORDS = new Set(['counter', 'notrack', 'masquerade', 'snat', 'redirect']);

interface Cursor {
  words: string[];
  at: number;
}

export function parseRule(
  statement: Token[],
  origin: string,
  setOf: (name: string) => string[] | undefined,
): Rule {
  const cursor: Cursor = { words: statement.map((token) => token.text), at: 0 };
  const matches: Match[] = [];
  let verdict: Verdict = { kind: 'continue' };
  while (cursor.at < cursor.words.length) {
    const word = cursor.words[cursor.at]!;
    cursor.at += 1;
    const found = readWord(word, cursor, setOf);
    if (found.verdict) verdict = found.verdict;
    if (found.matches) matches.push(...found.matches);
  }
  return {
    matches,
    verdict,
    text: shortenRule(cursor.words.join(' ').replace(/ , /g, ', ')),
    location: { file: origin, line: statement[0]?.line ?? 0 },
  };
}

interface Read {
  matches?: Match[];
  verdict?: Verdict;
}

function readWord(
  word: string,
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
): Read {
  if (word in VERDICT_WORDS) {
    if (word === 'reject') skipWith(cursor);
    return { verdict: { kind: VERDICT_WORDS[word]! } as Verdict };
  }
  if (word === 'jump' || word === 'goto') return { verdict: { kind: word, chain: next(cursor) } };
  if (word === 'dnat') return { verdict: { kind: 'dnat', to: readDnat(cursor) } };
  if (SKIPPED_WORDS.has(word)) {
    skipCounters(cursor);
    return {};
  }
  if (word === 'log' || word === 'comment') {
    skipLogOptions(cursor, word);
    return {};
  }
  if (word === 'limit') return readLimit(cursor);
  const found = readMatch(word, cursor, setOf);
  return { matches: Array.isArray(found) ? found : [found] };
}

function readMatch(
  word: string,
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
): Match | Match[] {
  const unknown = (text: string): Match => ({ kind: 'unknown', text });
  switch (word) {
    case 'tcp':
    case 'udp':
    case 'th':
      return readTransport(word, cursor, setOf);
    case 'ip':
    case 'ip6':
      return readAddress(word, cursor, setOf);
    case 'meta':
      return readMeta(next(cursor), cursor, setOf);
    case 'iifname':
    case 'iif':
    case 'oifname':
    case 'oif':
    case 'l4proto':
    case 'nfproto':
    case 'pkttype':
      return readMeta(word, cursor, setOf);
    case 'ct':
      return readCt(cursor, setOf);
    case 'fib':
      return readFib(cursor, setOf);
    case 'icmp':
    case 'icmpv6':
      readOperatorAndValues(cursor, setOf, 1);
      return { kind: 'never', reason: `an ${word} type` };
    default:
      return unknown(word);
  }
}

/** `tcp dport 22` is two conditions: the protocol, and the port. */
function readTransport(
  protocol: string,
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
): Match[] {
  const field = next(cursor);
  const { op, values } = readOperatorAndValues(cursor, setOf);
  const protocolMatch: Match[] =
    protocol === 'th' ? [] : [{ kind: 'protocol', values: [protocol], negated: false }];
  if (field !== 'dport' && field !== 'sport') {
    return [...protocolMatch, { kind: 'unknown', text: `${protocol} ${field}` }];
  }
  const ranges = values.flatMap((value) => {
    const range = parsePortText(value);
    if (!range) return [];
    return comparedPorts(op, range[0]) ?? [range];
  });
  if (ranges.length === 0) {
    return [...protocolMatch, { kind: 'unknown', text: `${protocol} ${field} (unlisted set)` }];
  }
  return [...protocolMatch, { kind: field, ranges, negated: op === '!=' }];
}

/** `ip saddr ...` also means IPv4 only, as nft adds in an inet table; it matters for `!=`. */
function readAddress(
  family: string,
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
): Match[] {
  const implied: Match = { kind: 'family', family: family === 'ip6' ? 'ipv6' : 'ipv4' };
  return [implied, readAddressField(family, cursor, setOf)];
}

function readAddressField(
  family: string,
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
): Match {
  const field = next(cursor);
  const setName = cursor.words[cursor.at + (isOperator(cursor.words[cursor.at]) ? 1 : 0)];
  const { op, values } = readOperatorAndValues(cursor, setOf);
  const negated = op === '!=';
  if (field === 'saddr') {
    if (values.length === 0 && setName?.startsWith('@'))
      return { kind: 'source-set', name: setName.slice(1), negated };
    return { kind: 'source', cidrs: values, negated };
  }
  if (field === 'daddr') return { kind: 'destination', cidrs: values, negated };
  if (field === 'protocol' || field === 'nexthdr') return { kind: 'protocol', values, negated };
  return { kind: 'unknown', text: `${family} ${field}` };
}

function readMeta(
  key: string,
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
): Match {
  const { op, values } = readOperatorAndValues(cursor, setOf);
  const negated = op === '!=';
  if (key === 'l4proto') return { kind: 'protocol', values, negated };
  if (key === 'iifname' || key === 'iif') return { kind: 'interface', names: values, negated };
  if (key === 'oifname' || key === 'oif')
    return negated
      ? { kind: 'unknown', text: 'oifname !=' }
      : { kind: 'never', reason: 'an output interface' };
  if (key === 'nfproto' && values.length === 1 && !negated)
    return { kind: 'family', family: values[0] === 'ipv6' ? 'ipv6' : 'ipv4' };
  if (key === 'pkttype') return { kind: 'address-type', types: values, negated };
  return { kind: 'unknown', text: `meta ${key}` };
}

function readCt(cursor: Cursor, setOf: (name: string) => string[] | undefined): Match {
  const key = next(cursor);
  const { op, values } = readOperatorAndValues(cursor, setOf);
  if (key === 'state')
    return {
      kind: 'state',
      states: values.map((value) => value.toLowerCase()),
      negated: op === '!=',
    };
  if (key === 'status' && op !== '!=' && values.includes('dnat')) return DNAT_ONLY;
  return { kind: 'unknown', text: `ct ${key}` };
}

/** `fib daddr type local`; `fib saddr . iif oif missing` is a reverse-path check. */
function readFib(cursor: Cursor, setOf: (name: string) => string[] | undefined): Match {
  const words: string[] = [];
  while (
    cursor.at < cursor.words.length &&
    !['type', 'oif', 'oifname'].includes(cursor.words[cursor.at]!)
  ) {
    words.push(next(cursor));
  }
  const result = next(cursor);
  const { op, values } = readOperatorAndValues(cursor, setOf);
  if (result === 'type' && words.includes('daddr')) {
    return { kind: 'address-type', types: values, negated: op === '!=' };
  }
  return { kind: 'never', reason: 'a reverse-path (anti-spoofing) check' };
}

function readLimit(cursor: Cursor): Read {
  if (cursor.words[cursor.at] === 'rate') cursor.at += 1;
  const over = cursor.words[cursor.at] === 'over';
  if (over) cursor.at += 1;
  cursor.at += 1;
  if (cursor.words[cursor.at] === 'burst') cursor.at += 3;
  // `limit rate over N` holds only past the rate: a first connection does not meet it.
  return over ? { matches: [{ kind: 'never', reason: 'traffic over a rate limit' }] } : {};
}

function readDnat(cursor: Cursor): string {
  while (cursor.at < cursor.words.length && cursor.words[cursor.at] !== 'to') cursor.at += 1;
  cursor.at += 1;
  return next(cursor);
}

function skipCounters(cursor: Cursor): void {
  while (['packets', 'bytes', 'to'].includes(cursor.words[cursor.at] ?? '')) cursor.at += 2;
}

function skipLogOptions(cursor: Cursor, word: string): void {
  if (word === 'comment') {
    cursor.at += 1;
    return;
  }
  while (
    ['prefix', 'level', 'group', 'flags', 'snaplen', 'queue-threshold'].includes(
      cursor.words[cursor.at] ?? '',
    )
  )
    cursor.at += 2;
}

function skipWith(cursor: Cursor): void {
  if (cursor.words[cursor.at] !== 'with') return;
  cursor.at += 1;
  while (
    cursor.at < cursor.words.length &&
    !(cursor.words[cursor.at]! in VERDICT_WORDS) &&
    cursor.words[cursor.at] !== 'comment'
  )
    cursor.at += 1;
}

const OPERATORS = new Set(['==', '!=', 'eq', 'ne', '<', '>', '<=', '>=', 'lt', 'gt', 'le', 'ge']);

function isOperator(word: string | undefined): boolean {
  return word !== undefined && OPERATORS.has(word);
}

/** An optional operator, then one value, a comma list, a `{ set }` or an `@set`. */
function readOperatorAndValues(
  cursor: Cursor,
  setOf: (name: string) => string[] | undefined,
  limit = Number.POSITIVE_INFINITY,
): { op: string; values: string[] } {
  const op = isOperator(cursor.words[cursor.at]) ? next(cursor) : '==';
  const first = next(cursor);
  if (first === '{') {
    const values: string[] = [];
    while (cursor.at < cursor.words.length && cursor.words[cursor.at] !== '}') {
      const word = next(cursor);
      if (word !== ',' && word !== '\n') values.push(word);
    }
    cursor.at += 1;
    return { op, values };
  }
  if (first.startsWith('@')) return { op, values: setOf(first.slice(1)) ?? [] };
  const values = [first];
  while (cursor.words[cursor.at] === ',' && values.length < limit) {
    cursor.at += 1;
    values.push(next(cursor));
  }
  return { op, values };
}

function next(cursor: Cursor): string {
  const word = cursor.words[cursor.at] ?? '';
  cursor.at += 1;
  return word;
}
