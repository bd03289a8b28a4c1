import { anywhere, type Cidr, contains, isNeverPublic, parseCidr } from './cidr.js';
import type { Chain, Family, Match, PortRange, Protocol, Rule, Table } from './model.js';

/**
 * A new connection from outside: a client at `source` (or a member of the named set) opens
 * `port` on this host over `protocol`, arriving on the public interface.
 */
export interface Packet {
  family: Family;
  protocol: Protocol;
  port: number;
  source: Cidr;
  sourceSet?: string;
}

export type Decision = 'accept' | 'drop' | 'unknown';

export interface Outcome {
  decision: Decision;
  /** The rule that decided, or undefined when the chain's default policy did. */
  rule?: Rule;
  /** Conditions shipshape could not evaluate on the way, assumed to let the packet through. */
  assumed: Set<string>;
}

export interface BaseChain {
  table: Table;
  chain: Chain;
}

type ChainResult =
  | { end: 'accept' | 'drop' | 'unknown'; rule?: Rule }
  | { end: 'fallthrough' | 'return' };

/** Jumps deeper than this are a loop or a ruleset too odd to follow. */
const MAX_DEPTH = 32;

/** Interfaces that face containers, VPNs or the host itself, never the internet directly. */
const INTERNAL_INTERFACE =
  /^(?:lo|docker\d*|br-|veth|virbr|cni|flannel|cali|lxcbr|lxdbr|tun|wg|tailscale|zt|podman|kube)/;

/** Whether a rule applies to the traffic being followed through the chains. */
type Applies = (rule: Rule, assumed: Set<string>) => boolean;

/** Runs a packet through every base chain of the input hook, lowest priority first. */
export function evaluateInput(chains: BaseChain[], packet: Packet): Outcome {
  return walkInput(chains, (rule, assumed) => ruleMatches(rule, packet, assumed));
}

/**
 * The effective default: what becomes of a new connection over `protocol` from anywhere that
 * no rule singles out by port. Only rules that hold on every port take part, so a policy of
 * accept followed by a final `-j REJECT` (or nft `drop`) denies by default, and a final
 * unconditional accept under a policy of drop accepts by default.
 */
export function evaluateDefault(chains: BaseChain[], family: Family, protocol: Protocol): Outcome {
  const packet: Packet = { family, protocol, port: 1, source: anywhere(family) };
  return walkInput(chains, (rule, assumed) =>
    ruleHolds(rule, assumed, (match) =>
      match.kind === 'dport' ? holdsOnEveryPort(match) : matchHolds(match, packet),
    ),
  );
}

function walkInput(chains: BaseChain[], applies: Applies): Outcome {
  const assumed = new Set<string>();
  let deciding: Rule | undefined;
  for (const { table, chain } of chains) {
    const result = walkChain(table, chain, applies, 0, assumed);
    if (result.end === 'drop' || result.end === 'unknown')
      return { decision: result.end, ...(result.rule ? { rule: result.rule } : {}), assumed };
    if (result.end === 'accept') {
      deciding = result.rule;
      continue;
    }
    const policy = chain.policy ?? 'accept';
    if (policy !== 'accept') return { decision: policy, assumed };
    // A later chain that lets everything through leaves the earlier accepting rule as the reason.
  }
  return { decision: 'accept', ...(deciding ? { rule: deciding } : {}), assumed };
}

export function runChain(
  table: Table,
  chain: Chain,
  packet: Packet,
  depth: number,
  assumed: Set<string>,
): ChainResult {
  return walkChain(table, chain, (rule, seen) => ruleMatches(rule, packet, seen), depth, assumed);
}

function walkChain(
  table: Table,
  chain: Chain,
  applies: Applies,
  depth: number,
  assumed: Set<string>,
): ChainResult {
  if (depth > MAX_DEPTH) return { end: 'unknown' };
  for (const rule of chain.rules) {
    if (!applies(rule, assumed)) continue;
    const verdict = rule.verdict;
    if (verdict.kind === 'accept') return { end: 'accept', rule };
    if (verdict.kind === 'drop' || verdict.kind === 'reject') return { end: 'drop', rule };
    if (verdict.kind === 'return') return { end: 'return' };
    if (verdict.kind !== 'jump' && verdict.kind !== 'goto') continue;

    const target = table.chains[verdict.chain];
    if (!target) {
      assumed.add(
        `a jump to ${verdict.chain}, a chain not in the input, was taken to change nothing`,
      );
      continue;
    }
    const result = walkChain(table, target, applies, depth + 1, assumed);
    if (result.end !== 'fallthrough' && result.end !== 'return') return result;
    if (verdict.kind === 'goto') return { end: 'return' };
  }
  return { end: 'fallthrough' };
}

export function ruleMatches(rule: Rule, packet: Packet, assumed: Set<string>): boolean {
  return ruleHolds(rule, assumed, (match) => matchHolds(match, packet));
}

function ruleHolds(
  rule: Rule,
  assumed: Set<string>,
  holds: (match: Exclude<Match, { kind: 'unknown' }>) => boolean,
): boolean {
  const verdict = rule.verdict.kind;
  // Leaning towards "open": an unread condition lets a packet in and never keeps it out.
  const opens =
    verdict === 'accept' || verdict === 'jump' || verdict === 'goto' || verdict === 'dnat';
  const unread: string[] = [];
  for (const match of rule.matches) {
    if (match.kind === 'unknown') {
      if (!opens) return false;
      unread.push(match.text);
    } else if (!holds(match)) {
      return false;
    }
  }
  for (const text of unread) assumed.add(text);
  return true;
}

/** A port condition that every port from 1 to 65535 meets. */
function holdsOnEveryPort(match: { ranges: readonly PortRange[]; negated: boolean }): boolean {
  if (match.negated) return match.ranges.every(([from, to]) => to < 1 || from > 65535);
  let next = 1;
  for (const [from, to] of [...match.ranges].sort((a, b) => a[0] - b[0])) {
    if (from > next) break;
    next = Math.max(next, to + 1);
  }
  return next > 65535;
}

function matchHolds(match: Exclude<Match, { kind: 'unknown' }>, packet: Packet): boolean {
  switch (match.kind) {
    case 'protocol':
      return (
        match.negated !== match.values.some((value) => protocolIncludes(value, packet.protocol))
      );
    case 'dport':
      return (
        match.negated !==
        match.ranges.some(([from, to]) => packet.port >= from && packet.port <= to)
      );
    case 'sport':
      // The client picks its source port, so a source-port condition never keeps it out.
      return true;
    case 'source':
      return match.negated !== sourceIn(match.cidrs, packet);
    case 'source-set':
      return match.negated !== (packet.sourceSet === match.name);
    case 'destination':
      return match.negated || destinationReachable(match.cidrs);
    case 'interface':
      return match.negated || match.names.some(isPublicInterface);
    case 'state':
      return match.negated !== match.states.some((state) => state === 'new');
    case 'address-type':
      return (
        match.negated !==
        match.types.some((type) => ['local', 'unicast', 'host'].includes(type.toLowerCase()))
      );
    case 'family':
      return match.family === packet.family;
    case 'never':
      return false;
  }
}

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp' };

function protocolIncludes(value: string, protocol: Protocol): boolean {
  const name = PROTOCOL_NUMBERS[value] ?? value.toLowerCase();
  return name === protocol || name === 'all' || name === '0' || name === 'ip';
}

function sourceIn(cidrs: string[], packet: Packet): boolean {
  if (packet.sourceSet !== undefined) return false;
  return cidrs.some((text) => {
    const cidr = parseCidr(text);
    return cidr !== null && contains(cidr, packet.source);
  });
}

/** A rule for multicast, broadcast or loopback destinations never sees a client's connection. */
function destinationReachable(cidrs: string[]): boolean {
  return cidrs.some((text) => {
    const cidr = parseCidr(text);
    return cidr === null || !isNeverPublic(cidr);
  });
}

function isPublicInterface(name: string): boolean {
  const stem = name.replace(/[+*]$/, '');
  return stem === '' || !INTERNAL_INTERFACE.test(stem);
}
