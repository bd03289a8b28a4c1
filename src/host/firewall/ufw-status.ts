import { isIP } from 'node:net';
import { ParseError } from '../../core/errors.js';
import { parsePortList } from './iptables.js';
import type { Chain, Family, Match, PortRange, Rule, Ruleset } from './model.js';
import { shortenRule } from './model.js';

/** The ports of ufw's usual application profiles, for `ufw status` lines that name one. */
const APPLICATION_PORTS: Record<string, string> = {
  openssh: '22/tcp',
  'nginx http': '80/tcp',
  'nginx https': '443/tcp',
  'nginx full': '80,443/tcp',
  'nginx quic': '443/udp',
  apache: '80/tcp',
  'apache secure': '443/tcp',
  'apache full': '80,443/tcp',
  www: '80/tcp',
  'www secure': '443/tcp',
  'www full': '80,443/tcp',
  postfix: '25/tcp',
  'postfix smtps': '465/tcp',
  'postfix submission': '587/tcp',
};

const ACTION = /^(.*?)\s+(ALLOW|DENY|REJECT|LIMIT)(?:\s+(IN|OUT|FWD))?\s+(.*)$/;

interface PortSpec {
  ranges?: PortRange[];
  protocol?: 'tcp' | 'udp';
}

/** Parses `ufw status verbose` (or plain `ufw status`), run with LC_ALL=C. */
export function parseUfwStatus(text: string, origin: string): Ruleset {
  const lines = text.split('\n');
  const statusLine = lines.find((line) => /^Status:/i.test(line));
  if (!statusLine)
    throw new ParseError('not ufw status output: no "Status:" line', { file: origin });
  const active = /^Status:\s*active/i.test(statusLine);
  const incoming = /^Default:\s*(\w+)\s*\(incoming\)/im.exec(text)?.[1]?.toLowerCase();
  const notes: string[] = [];
  if (active && !incoming) notes.push('the default policy is not shown: run `ufw status verbose`');

  const chain: Chain = {
    name: 'ufw-user-input',
    hook: 'input',
    type: 'filter',
    priority: 0,
    policy: incoming === 'allow' ? 'accept' : 'drop',
    rules: [],
  };
  // Without `verbose` the default is not shown; ufw's own default is deny, but unseen is unseen.
  if (active && !incoming) chain.policy = 'unknown';
  const header = lines.findIndex((line) => /^To\s+Action\s+From/.test(line));
  lines.forEach((line, index) => {
    if (header < 0 || index <= header + 1 || line.trim() === '') return;
    const rule = parseRow(line, origin, index + 1, notes);
    if (rule) chain.rules.push(rule);
  });
  const tables = [
    { name: 'ufw', families: ['ipv4', 'ipv6'] as Family[], chains: { [chain.name]: chain } },
  ];
  return {
    kind: 'ufw-status',
    origin,
    families: ['ipv4', 'ipv6'],
    state: active ? 'active' : 'inactive',
    tables,
    notes,
  };
}

function parseRow(line: string, file: string, lineNumber: number, notes: string[]): Rule | null {
  const text = line.replace(/\s+#.*$/, '');
  const row = ACTION.exec(text);
  if (!row) {
    notes.push(`line ${lineNumber}: not a rule row, ignored`);
    return null;
  }
  const [, to = '', action = '', direction = 'IN', from = ''] = row;
  if (direction !== 'IN') return null;

  const v6 = /\(v6\)/.test(to) || /\(v6\)/.test(from);
  const matches: Match[] = [{ kind: 'family', family: v6 ? 'ipv6' : 'ipv4' }];
  const toMatches = parseTo(to.replace(/\(v6\)/, '').trim(), notes, lineNumber);
  if (toMatches === null) return null;
  matches.push(...toMatches, ...parseFrom(from.replace(/\(v6\)/, '').trim()));

  const verdict =
    action === 'ALLOW' || action === 'LIMIT' ? 'accept' : action === 'DENY' ? 'drop' : 'reject';
  return {
    matches,
    verdict: { kind: verdict },
    text: shortenRule(line),
    location: { file, line: lineNumber },
  };
}

function parseTo(text: string, notes: string[], lineNumber: number): Match[] | null {
  const matches: Match[] = [];
  let rest = text;
  const on = / on (\S+)$/.exec(rest);
  if (on) {
    matches.push({ kind: 'interface', names: [on[1]!], negated: false });
    rest = rest.slice(0, on.index).trim();
  }
  const application = /^(.*?)\s*\(([^)]+)\)$/.exec(rest);
  if (application) rest = application[1]!.trim() || application[2]!;

  const words = rest.split(/\s+/);
  if (isAddress(words[0])) {
    matches.push({ kind: 'destination', cidrs: [words.shift()!], negated: false });
  }
  const spec = words.join(' ');
  if (spec === '' || /^Anywhere$/i.test(spec)) return matches;
  const ports = parsePortSpec(spec) ?? parsePortSpec(APPLICATION_PORTS[spec.toLowerCase()] ?? '');
  if (!ports) {
    notes.push(
      `line ${lineNumber}: application profile "${spec}" has unknown ports; its rule was left out`,
    );
    return null;
  }
  return [...matches, ...portMatches(ports, 'dport')];
}

function parseFrom(text: string): Match[] {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const matches: Match[] = [];
  if (isAddress(words[0]))
    matches.push({ kind: 'source', cidrs: [words.shift()!], negated: false });
  else if (/^Anywhere$/i.test(words[0] ?? '')) words.shift();
  const ports = parsePortSpec(words.join(' '));
  if (ports) matches.push(...portMatches(ports, 'sport'));
  return matches;
}

function portMatches(spec: PortSpec, kind: 'dport' | 'sport'): Match[] {
  const matches: Match[] = [];
  if (spec.protocol) matches.push({ kind: 'protocol', values: [spec.protocol], negated: false });
  if (spec.ranges) matches.push({ kind, ranges: spec.ranges, negated: false });
  return matches;
}

/** `22`, `22/tcp`, `80,443/tcp`, `1000:2000/udp`. */
function parsePortSpec(text: string): PortSpec | null {
  const match = /^(\d+(?::\d+)?(?:,\d+(?::\d+)?)*)(?:\/(tcp|udp))?$/.exec(text.trim());
  if (!match) return null;
  const spec: PortSpec = { ranges: parsePortList(match[1]!) };
  if (match[2]) spec.protocol = match[2] as 'tcp' | 'udp';
  return spec;
}

function isAddress(word: string | undefined): boolean {
  return word !== undefined && isIP(word.split('/')[0] ?? '') !== 0;
}
