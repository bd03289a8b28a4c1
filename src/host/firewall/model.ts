import type { Location } from '../../core/types.js';

export type Family = 'ipv4' | 'ipv6';
export type Protocol = 'tcp' | 'udp';
/** Inclusive bounds. */
export type PortRange = readonly [number, number];

export const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp'];

/**
 * One condition of a rule, in terms shared by ufw, nftables and iptables. `negated` inverts
 * it, as `!` does in iptables and `!=` in nftables.
 */
export type Match =
  | { kind: 'protocol'; values: string[]; negated: boolean }
  | { kind: 'dport' | 'sport'; ranges: PortRange[]; negated: boolean }
  | { kind: 'source' | 'destination'; cidrs: string[]; negated: boolean }
  /** A named set or ipset whose members are not in the input. */
  | { kind: 'source-set'; name: string; negated: boolean }
  | { kind: 'interface'; names: string[]; negated: boolean }
  | { kind: 'state'; states: string[]; negated: boolean }
  /** The destination's address type: local, unicast, multicast, broadcast. */
  | { kind: 'address-type'; types: string[]; negated: boolean }
  | { kind: 'family'; family: Family }
  /** A condition a new connection from outside never meets (an ICMP type, an RH0 header). */
  | { kind: 'never'; reason: string }
  /** A condition shipshape does not evaluate: assumed to let the packet through. */
  | { kind: 'unknown'; text: string };

export type Verdict =
  | { kind: 'accept' | 'drop' | 'reject' | 'return' | 'continue' }
  | { kind: 'jump' | 'goto'; chain: string }
  | { kind: 'dnat'; to: string };

export interface Rule {
  matches: Match[];
  verdict: Verdict;
  /** The rule as written, shortened, for evidence. */
  text: string;
  location?: Location;
}

export type Hook = 'input' | 'forward' | 'output' | 'prerouting' | 'postrouting' | 'ingress';

export interface Chain {
  name: string;
  /** Set for base chains: where the kernel enters them. */
  hook?: Hook;
  type?: 'filter' | 'nat' | 'route';
  priority: number;
  /**
   * The verdict at the end of a base chain; base chains without one accept. `unknown`: the
   * input did not show it (plain `ufw status`, a ufw folder without its defaults file).
   */
  policy?: 'accept' | 'drop' | 'unknown';
  rules: Rule[];
}

export interface Table {
  name: string;
  families: Family[];
  chains: Record<string, Chain>;
}

export type RulesetKind = 'ufw-status' | 'ufw-folder' | 'nft' | 'iptables';

/** A file that belongs to a ruleset and exists, but could not be read. */
export interface UnreadFile {
  file: string;
  /** The error code: EACCES, EISDIR ... */
  reason: string;
  /** The family whose rules it holds (ufw's user6.rules: IPv6); unset, it may hold either. */
  family?: Family;
}

/** One firewall description read from a command or a file. */
export interface Ruleset {
  kind: RulesetKind;
  /** The file or command it came from. */
  origin: string;
  /** The families it describes: iptables-save describes IPv4 only, ip6tables-save IPv6. */
  families: Family[];
  /**
   * ufw's own switch: `inactive` filters nothing whatever its rules say; `unknown`: the input
   * does not show it (a ufw folder without ufw.conf), so its rules are judged as if on, and no
   * verdict may rest on it being on.
   */
  state: 'active' | 'inactive' | 'unknown';
  tables: Table[];
  /** What was read but not understood, in shipshape's words. */
  notes: string[];
  /** Files of the ruleset that could not be read: its rules are incomplete, so unknown. */
  unread?: UnreadFile[];
}

export const RULE_TEXT_LIMIT = 160;

export function shortenRule(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > RULE_TEXT_LIMIT ? `${flat.slice(0, RULE_TEXT_LIMIT - 1)}…` : flat;
}

export function allPorts(): PortRange[] {
  return [[1, 65535]];
}
