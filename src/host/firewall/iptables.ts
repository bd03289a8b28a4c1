import type { Family, Match, PortRange, Rule, Ruleset, Table, Verdict } from './model.js';
import { shortenRule } from './model.js';

/** iptables options that stand alone; every other `--option` takes one value. */
const FLAG_OPTIONS = new Set([
  '--syn',
  '--set',
  '--rsource',
  '--rdest',
  '--remove',
  '--reap',
  '--rttl',
  '--log-uid',
  '--log-tcp-sequence',
  '--log-tcp-options',
  '--log-ip-options',
]);

const TARGETS: Record<string, Verdict['kind']> = {
  ACCEPT: 'accept',
  DROP: 'drop',
  REJECT: 'reject',
  RETURN: 'return',
  DNAT: 'dnat',
};

/** Targets that mark, log or rewrite and let the packet go on down the chain. */
const PASSING_TARGETS = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'MARK',
  'CONNMARK',
  'CT',
  'TRACE',
  'AUDIT',
  'NOTRACK',
  'TCPMSS',
  'CHECKSUM',
  'SNAT',
  'MASQUERADE',
  'REDIRECT',
  'TPROXY',
  'SET',
  'CLASSIFY',
  'DSCP',
  'TOS',
]);

interface RuleState {
  chain?: string;
  matches: Match[];
  target?: string;
  goto?: string;
  dnatTo?: string;
}

/**
 * Parses `iptables-save` or `ip6tables-save` output (also ufw's `*.rules` files, which use the
 * same format). The family comes from the hint, else from the header or the addresses seen.
 */
export function parseIptablesSave(text: string, origin: string, familyHint?: Family): Ruleset {
  const family = familyHint ?? guessFamily(text);
  const tables: Table[] = [];
  const notes: string[] = [];
  let table: Table | undefined;

  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/^\[\d+:\d+\]\s*/, '').trim();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') return;
    if (line.startsWith('*')) {
      table = { name: line.slice(1), families: [family], chains: {} };
      tables.push(table);
      return;
    }
    if (!table) return;
    if (line.startsWith(':')) {
      declareChain(table, line);
      return;
    }
    const rule = parseRuleLine(line, origin, index + 1);
    if (rule === null) {
      notes.push(`line ${index + 1}: not an appended rule, ignored`);
      return;
    }
    chainOf(table, rule.chain).rules.push(rule.rule);
  });
  return { kind: 'iptables', origin, families: [family], state: 'active', tables, notes };
}

export function guessFamily(text: string): Family {
  if (/ip6tables-save|ip6tables-restore/.test(text)) return 'ipv6';
  if (/^:ufw6-|-A ufw6-|\bicmpv6\b|ipv6-icmp/m.test(text)) return 'ipv6';
  if (/\s-[sd]\s+!?\s*[0-9a-f]*:[0-9a-f:]*(?:\/\d+)?\s/i.test(text)) return 'ipv6';
  return 'ipv4';
}

function declareChain(table: Table, line: string): void {
  const [name = '', policy = '-'] = line.slice(1).split(/\s+/);
  const chain = chainOf(table, name);
  if (['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING'].includes(name)) {
    chain.hook = name.toLowerCase() as NonNullable<typeof chain.hook>;
    chain.type = table.name === 'nat' ? 'nat' : 'filter';
    chain.priority = TABLE_PRIORITY[table.name] ?? 0;
  }
  if (policy === 'DROP' || policy === 'ACCEPT')
    chain.policy = policy === 'DROP' ? 'drop' : 'accept';
}

const TABLE_PRIORITY: Record<string, number> = {
  raw: -300,
  mangle: -150,
  nat: -100,
  filter: 0,
  security: 50,
};

function chainOf(table: Table, name: string) {
  table.chains[name] ??= { name, priority: 0, rules: [] };
  return table.chains[name];
}

function parseRuleLine(line: string, file: string, lineNumber: number) {
  const args = splitArgs(line);
  if (args[0] !== '-A' && args[0] !== '--append') return null;
  const state = parseArgs(args);
  if (!state.chain) return null;
  const rule: Rule = {
    matches: state.matches,
    verdict: verdictOf(state),
    text: shortenRule(line),
    location: { file, line: lineNumber },
  };
  return { chain: state.chain, rule };
}

function verdictOf(state: RuleState): Verdict {
  if (state.goto) return { kind: 'goto', chain: state.goto };
  const target = state.target;
  if (target === undefined || PASSING_TARGETS.has(target)) return { kind: 'continue' };
  const kind = TARGETS[target];
  if (kind === 'dnat') return { kind: 'dnat', to: state.dnatTo ?? '' };
  if (kind) return { kind } as Verdict;
  return { kind: 'jump', chain: target };
}

function parseArgs(args: string[]): RuleState {
  const state: RuleState = { matches: [] };
  let negated = false;
  for (let index = 0; index < args.length; index += 1) {
    const option = args[index]!;
    if (option === '!') {
      negated = true;
      continue;
    }
    const value = args[index + 1] ?? '';
    index += applyOption(state, option, value, negated, args[index + 2]);
    negated = false;
  }
  return state;
}

/** Applies one option and returns how many value tokens it used. */
function applyOption(
  state: RuleState,
  option: string,
  value: string,
  negated: boolean,
  next: string | undefined,
): number {
  const push = (match: Match) => state.matches.push(match);
  switch (option) {
    case '-A':
    case '--append':
      state.chain = value;
      return 1;
    case '-p':
    case '--protocol':
      push({ kind: 'protocol', values: [value.toLowerCase()], negated });
      return 1;
    case '-s':
    case '--source':
    case '--src':
      push({ kind: 'source', cidrs: value.split(','), negated });
      return 1;
    case '-d':
    case '--destination':
    case '--dst':
      push({ kind: 'destination', cidrs: value.split(','), negated });
      return 1;
    case '-i':
    case '--in-interface':
      push({ kind: 'interface', names: [value], negated });
      return 1;
    case '-m':
    case '--match':
      return 1;
    case '-j':
    case '--jump':
      state.target = value;
      return 1;
    case '-g':
    case '--goto':
      state.goto = value;
      return 1;
    case '--to-destination':
      state.dnatTo = value;
      return 1;
    case '--match-set':
      push(
        next?.startsWith('src')
          ? { kind: 'source-set', name: value, negated }
          : { kind: 'unknown', text: `--match-set ${value} ${next ?? ''}` },
      );
      return 2;
    case '--tcp-flags':
      return 2;
    default:
      return applyModuleOption(state, option, value, negated);
  }
}

function applyModuleOption(
  state: RuleState,
  option: string,
  value: string,
  negated: boolean,
): number {
  const push = (match: Match) => state.matches.push(match);
  switch (option) {
    case '--dport':
    case '--dports':
    case '--destination-port':
    case '--destination-ports':
      push({ kind: 'dport', ranges: parsePortList(value), negated });
      return 1;
    case '--sport':
    case '--sports':
    case '--source-port':
    case '--source-ports':
      push({ kind: 'sport', ranges: parsePortList(value), negated });
      return 1;
    case '--ctstate':
    case '--state':
      push({ kind: 'state', states: value.toLowerCase().split(','), negated });
      return 1;
    case '--dst-type':
      push({ kind: 'address-type', types: value.toLowerCase().split(','), negated });
      return 1;
    case '--src-type':
      if (/LOCAL/.test(value) && !negated) push({ kind: 'never', reason: 'a local source' });
      return 1;
    case '--rt-type':
      push({ kind: 'never', reason: 'an IPv6 routing header of type 0' });
      return 1;
    case '--update':
    case '--rcheck':
      // ufw's LIMIT: the condition holds only after repeated connections; the first ones pass.
      if (!negated) push({ kind: 'never', reason: 'a repeat-connection limit' });
      return 0;
    case '--syn':
      if (negated) push({ kind: 'never', reason: 'a packet other than a SYN' });
      return 0;
    case '-f':
    case '--fragment':
      push({ kind: 'never', reason: 'a fragment' });
      return 0;
    case '-o':
    case '--out-interface':
      if (!negated) push({ kind: 'never', reason: 'an output interface' });
      return 1;
    default:
      return applyOtherOption(state, option, value);
  }
}

/** Options that change nothing about who gets in (logging, limits, comments) are skipped. */
const IGNORED_OPTIONS = new Set([
  '--icmp-type',
  '--icmpv6-type',
  '--limit',
  '--limit-burst',
  '--hl-eq',
  '--hl-lt',
  '--hl-gt',
  '--comment',
  '--mask',
  '--name',
  '--seconds',
  '--hitcount',
  '--reject-with',
  '--log-prefix',
  '--log-level',
  '--set-xmark',
  '--set-mark',
  '--nflog-prefix',
  '--nflog-group',
  '--to-source',
  '--to-ports',
  '--queue-num',
  '--mark',
  '--ttl-eq',
  '--ttl-lt',
  '--ttl-gt',
  '--physdev-in',
]);

function applyOtherOption(state: RuleState, option: string, value: string): number {
  if (FLAG_OPTIONS.has(option)) return 0;
  if (!option.startsWith('-')) return 0;
  const takesValue = value !== '' && !value.startsWith('-') && value !== '!';
  if (!IGNORED_OPTIONS.has(option)) {
    state.matches.push({ kind: 'unknown', text: takesValue ? `${option} ${value}` : option });
  }
  return takesValue ? 1 : 0;
}

/** `22`, `1000:2000`, `80,443`, `1000:` (to the end), `:1023`. */
export function parsePortList(text: string): PortRange[] {
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split(':');
    const start = from === '' || from === undefined ? 0 : Number(from);
    const end = to === undefined ? start : to === '' ? 65535 : Number(to);
    return Number.isInteger(start) && Number.isInteger(end) ? [[start, end] as const] : [];
  });
}

/** Splits a saved rule into arguments: iptables-save quotes values with spaces. */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    args.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!);
  }
  return args;
}
