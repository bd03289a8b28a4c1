import { ParseError } from '../../core/errors.js';
import type { Match, PortRange, Rule, Ruleset, Table, Verdict } from './model.js';
import { shortenRule } from './model.js';
import { baseChain, comparedPorts, DNAT_ONLY, newTable, portOf } from './nft-common.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Context {
  tables: Map<string, Table>;
  /** Named sets by `family table name`, with their elements as text. */
  sets: Map<string, string[]>;
  notes: string[];
}

/** Parses `nft -j list ruleset` output. Throws when the text is not that JSON. */
export function parseNftJson(text: string, origin: string): Ruleset {
  let document: { nftables?: JsonObject[] } | null;
  try {
    document = JSON.parse(text) as { nftables?: JsonObject[] } | null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseError(`not valid nft JSON (${reason})`, { file: origin });
  }
  if (!Array.isArray(document?.nftables)) {
    throw new ParseError('not nft JSON: no "nftables" array', { file: origin });
  }
  const context: Context = { tables: new Map(), sets: new Map(), notes: [] };

  for (const entry of document.nftables) {
    if (isObject(entry.table)) addTable(context, entry.table);
    else if (isObject(entry.set)) addSet(context, entry.set);
  }
  for (const entry of document.nftables) {
    if (isObject(entry.chain)) addChain(context, entry.chain);
  }
  for (const entry of document.nftables) {
    if (isObject(entry.rule)) addRule(context, entry.rule, origin);
  }
  // A ruleset speaks for both families: a family without a table is a family unfiltered.
  const tables = [...context.tables.values()];
  return {
    kind: 'nft',
    origin,
    families: ['ipv4', 'ipv6'],
    state: 'active',
    tables,
    notes: context.notes,
  };
}

const key = (family: Json | undefined, table: Json | undefined, name?: Json) =>
  `${String(family)} ${String(table)}${name === undefined ? '' : ` ${String(name)}`}`;

function addTable(context: Context, table: JsonObject): void {
  const created = newTable(String(table.name), String(table.family));
  if (created) context.tables.set(key(table.family, table.name), created);
}

function addSet(context: Context, set: JsonObject): void {
  const elements = Array.isArray(set.elem) ? set.elem.flatMap(elementTexts) : [];
  context.sets.set(key(set.family, set.table, set.name), elements);
}

function addChain(context: Context, chain: JsonObject): void {
  const table = context.tables.get(key(chain.family, chain.table));
  if (!table) return;
  const name = String(chain.name);
  const priority = typeof chain.prio === 'number' ? chain.prio : 0;
  const text = (value: Json | undefined) => (typeof value === 'string' ? value : undefined);
  table.chains[name] = baseChain(
    name,
    text(chain.type),
    text(chain.hook),
    priority,
    text(chain.policy),
  );
}

function addRule(context: Context, rule: JsonObject, origin: string): void {
  const table = context.tables.get(key(rule.family, rule.table));
  const chain = table?.chains[String(rule.chain)];
  if (!table || !chain || !Array.isArray(rule.expr)) return;
  const setsOf = (name: string) => context.sets.get(key(rule.family, rule.table, name));

  const matches: Match[] = [];
  let verdict: Verdict = { kind: 'continue' };
  for (const expression of rule.expr) {
    if (!isObject(expression)) continue;
    const found = readExpression(expression, setsOf);
    if (found.matches) matches.push(...found.matches);
    if (found.verdict) verdict = found.verdict;
  }
  const parsed: Rule = {
    matches,
    verdict,
    text: shortenRule(
      `${String(rule.family)} ${String(rule.table)} ${chain.name}: ${rule.expr.map(describeExpression).join(' ')}`,
    ),
    location: { file: origin },
  };
  chain.rules.push(parsed);
}

interface Read {
  matches?: Match[];
  verdict?: Verdict;
}

const VERDICTS: Record<string, Verdict['kind']> = {
  accept: 'accept',
  drop: 'drop',
  reject: 'reject',
  return: 'return',
  continue: 'continue',
  queue: 'accept',
};

function readExpression(
  expression: JsonObject,
  setsOf: (name: string) => string[] | undefined,
): Read {
  const [name] = Object.keys(expression);
  const body = expression[name ?? ''];
  if (name === undefined) return {};
  if (name in VERDICTS) return { verdict: { kind: VERDICTS[name]! } as Verdict };
  if ((name === 'jump' || name === 'goto') && isObject(body)) {
    return { verdict: { kind: name, chain: String(body.target) } };
  }
  if (name === 'dnat' && isObject(body)) {
    return {
      verdict: { kind: 'dnat', to: `${String(body.addr ?? '')}:${String(body.port ?? '')}` },
    };
  }
  if (name === 'match' && isObject(body))
    return { matches: [...impliedBy(body.left), readMatch(body, setsOf)] };
  if (name === 'xt')
    return { matches: [{ kind: 'unknown', text: `xt ${JSON.stringify(body).slice(0, 60)}` }] };
  return {};
}

const TRANSPORTS = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp']);

/**
 * The conditions nft adds to a header match and leaves out of its JSON: `tcp dport` holds for
 * TCP only, `ip saddr` for IPv4 only (which matters in an inet table, and for `!=`).
 */
function impliedBy(left: Json | undefined): Match[] {
  if (!isObject(left) || !isObject(left.payload)) return [];
  const protocol = String(left.payload.protocol);
  if (protocol === 'ip') return [{ kind: 'family', family: 'ipv4' }];
  if (protocol === 'ip6') return [{ kind: 'family', family: 'ipv6' }];
  if (TRANSPORTS.has(protocol)) return [{ kind: 'protocol', values: [protocol], negated: false }];
  return [];
}

function readMatch(match: JsonObject, setsOf: (name: string) => string[] | undefined): Match {
  const op = String(match.op ?? '==');
  const negated = op === '!=';
  const left = match.left;
  const values = rightValues(match.right, setsOf);
  const unknown: Match = {
    kind: 'unknown',
    text: `${JSON.stringify(left)} ${op} ${JSON.stringify(match.right)}`.slice(0, 100),
  };
  if (!isObject(left) || values === null) {
    return isObject(left) &&
      typeof match.right === 'string' &&
      match.right.startsWith('@') &&
      isSource(left)
      ? { kind: 'source-set', name: match.right.slice(1), negated }
      : unknown;
  }
  return matchOfLeft(left, op, negated, values) ?? unknown;
}

function isSource(left: JsonObject): boolean {
  return isObject(left.payload) && left.payload.field === 'saddr';
}

function matchOfLeft(
  left: JsonObject,
  op: string,
  negated: boolean,
  values: string[],
): Match | null {
  if (isObject(left.payload)) return payloadMatch(left.payload, op, negated, values);
  if (isObject(left.meta)) return metaMatch(String(left.meta.key), negated, values);
  if (isObject(left.ct) && left.ct.key === 'state') {
    return { kind: 'state', states: values.map((value) => value.toLowerCase()), negated };
  }
  if (isObject(left.ct) && left.ct.key === 'status' && !negated && values.includes('dnat'))
    return DNAT_ONLY;
  if (isObject(left.fib) && left.fib.result === 'type') {
    return { kind: 'address-type', types: values, negated };
  }
  if (isObject(left.fib)) return { kind: 'never', reason: 'a reverse-path check' };
  return null;
}

function payloadMatch(
  payload: JsonObject,
  op: string,
  negated: boolean,
  values: string[],
): Match | null {
  const protocol = String(payload.protocol);
  const field = String(payload.field);
  if (field === 'dport' || field === 'sport') {
    const ranges = portRanges(op, values);
    return ranges ? { kind: field, ranges, negated } : null;
  }
  if (field === 'saddr') return { kind: 'source', cidrs: values, negated };
  if (field === 'daddr') return { kind: 'destination', cidrs: values, negated };
  if (field === 'protocol' || field === 'nexthdr') return { kind: 'protocol', values, negated };
  if (protocol === 'icmp' || protocol === 'icmpv6')
    return { kind: 'never', reason: `an ${protocol} type` };
  return null;
}

function metaMatch(metaKey: string, negated: boolean, values: string[]): Match | null {
  if (metaKey === 'l4proto') return { kind: 'protocol', values, negated };
  if (metaKey === 'iifname' || metaKey === 'iif')
    return { kind: 'interface', names: values, negated };
  if (metaKey === 'oifname' || metaKey === 'oif') {
    return negated ? null : { kind: 'never', reason: 'an output interface' };
  }
  if (metaKey === 'nfproto' && !negated && values.length === 1) {
    return { kind: 'family', family: values[0] === 'ipv6' ? 'ipv6' : 'ipv4' };
  }
  if (metaKey === 'pkttype') return { kind: 'address-type', types: values, negated };
  return null;
}

function portRanges(op: string, values: string[]): PortRange[] | null {
  const ranges: PortRange[] = [];
  for (const value of values) {
    const [from = '', to] = value.split('-');
    const start = portOf(from);
    const end = to === undefined ? start : portOf(to);
    if (start === null || end === null) return null;
    const compared = comparedPorts(op, start);
    ranges.push(...(compared ?? [[start, end] as const]));
  }
  return ranges;
}

/** The right side as texts: `80`, `1000-2000`, `10.0.0.0/8`; null for what is not a value. */
function rightValues(
  right: Json | undefined,
  setsOf: (name: string) => string[] | undefined,
): string[] | null {
  if (typeof right === 'string' && right.startsWith('@')) return setsOf(right.slice(1)) ?? null;
  if (Array.isArray(right)) return right.flatMap(elementTexts);
  if (isObject(right) && Array.isArray(right.set)) return right.set.flatMap(elementTexts);
  const texts = elementTexts(right ?? null);
  return texts.length > 0 ? texts : null;
}

function elementTexts(element: Json): string[] {
  if (typeof element === 'number' || typeof element === 'string') return [String(element)];
  if (!isObject(element)) return [];
  if (Array.isArray(element.range))
    return [`${String(element.range[0])}-${String(element.range[1])}`];
  if (isObject(element.prefix))
    return [`${String(element.prefix.addr)}/${String(element.prefix.len)}`];
  if (isObject(element.elem)) return elementTexts(element.elem.val ?? null);
  return [];
}

/** The expression in nft's own words, near enough to find the rule in `nft list ruleset`. */
function describeExpression(expression: Json): string {
  if (!isObject(expression)) return '';
  const [name = ''] = Object.keys(expression);
  const body = expression[name];
  if (name === 'match' && isObject(body)) {
    const op = body.op === '==' || body.op === 'in' ? '' : ` ${String(body.op)}`;
    return `${describeLeft(body.left)}${op} ${describeRight(body.right)}`;
  }
  if ((name === 'jump' || name === 'goto') && isObject(body))
    return `${name} ${String(body.target)}`;
  return name;
}

function describeLeft(left: Json | undefined): string {
  if (!isObject(left)) return String(left);
  const [name = ''] = Object.keys(left);
  const body = left[name];
  if (!isObject(body)) return name;
  if (name === 'payload') return `${String(body.protocol)} ${String(body.field)}`;
  return `${name} ${String(body.key ?? body.result ?? '')}`.trim();
}

function describeRight(right: Json | undefined): string {
  if (typeof right === 'string' && right.startsWith('@')) return right;
  const values = Array.isArray(right)
    ? right.flatMap(elementTexts)
    : isObject(right) && Array.isArray(right.set)
      ? right.set.flatMap(elementTexts)
      : elementTexts(right ?? null);
  return values.length === 1 ? values[0]! : `{ ${values.join(', ')} }`;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
