import type { Location } from '../../core/types.js';
import { anywhere, type Cidr, isAnywhere, parseCidr } from './cidr.js';
import {
  type BaseChain,
  evaluateDefault,
  evaluateInput,
  type Packet,
  ruleMatches,
  runChain,
} from './evaluate.js';
import {
  FAMILIES,
  type Family,
  PROTOCOLS,
  type Protocol,
  type Rule,
  type Ruleset,
  type RulesetKind,
  type Table,
  type UnreadFile,
} from './model.js';

/** Ports open over one protocol, to one kind of client, and the rule that opens them. */
export interface PortOpening {
  protocol: Protocol;
  from: number;
  to: number;
  /** `anywhere`, an address block, or `set NAME` for a set whose members are not listed. */
  source: string;
  /** The rule that lets them in, or the default policy's words. */
  rule: string;
  location?: Location;
}

export type Filtering = 'active' | 'inactive' | 'absent' | 'unseen';

export interface FamilyExposure {
  family: Family;
  /** The ruleset this family was judged from; null when none covered it. */
  origin: string | null;
  kind: RulesetKind | null;
  /**
   * `active`: an input filter exists; `inactive`: ufw is switched off; `absent`: the ruleset
   * has no input filter for the family; `unseen`: nothing given describes the family.
   */
  filtering: Filtering;
  /**
   * The effective default: what becomes of traffic no rule accepts or refuses by port, from
   * the chains' policies and the rules that hold on every port (a final `-j REJECT`).
   */
  defaultPolicy: 'accept' | 'drop' | 'unknown' | null;
  /** The policy written on the input chains, which the rules may override. */
  chainPolicy: 'accept' | 'drop' | 'unknown' | null;
  /** The rules that decide the effective default; empty when the chains' policy does. */
  defaultRules: DecidingRule[];
  /** Files of the ruleset that could not be read: what was judged is incomplete. */
  unread: UnreadFile[];
  /** Open to every address. */
  open: PortOpening[];
  /** Open only to the listed sources. */
  restricted: PortOpening[];
  /** Decided by a default policy the input does not show. */
  undecided: PortOpening[];
  assumptions: string[];
  /**
   * Set when the rules were judged but whether they are applied is unknown (a ufw folder
   * without ufw.conf): why. What they open is open either way; what they refuse may not be.
   */
  switchUnknown?: string;
}

export interface DecidingRule {
  text: string;
  location?: Location;
}

/** A port Docker publishes through NAT: it bypasses the INPUT chain that ufw manages. */
export interface Publication {
  family: Family;
  protocol: Protocol;
  port: number;
  to: string;
  reachable: boolean;
  rule: string;
  location?: Location;
}

export interface FirewallAnalysis {
  families: FamilyExposure[];
  published: Publication[];
}

export function analyseFirewall(rulesets: readonly Ruleset[]): FirewallAnalysis {
  return {
    families: FAMILIES.map((family) => exposureOf(family, rulesets)),
    published: rulesets.flatMap(publicationsOf),
  };
}

/** ufw, when on, speaks for the host; else nftables, else iptables; else ufw switched off. */
export function primaryRuleset(family: Family, rulesets: readonly Ruleset[]): Ruleset | undefined {
  const covering = rulesets.filter((ruleset) => ruleset.families.includes(family));
  const isUfw = (ruleset: Ruleset) =>
    ruleset.kind === 'ufw-status' || ruleset.kind === 'ufw-folder';
  return (
    covering.find((ruleset) => isUfw(ruleset) && ruleset.state === 'active') ??
    covering.find((ruleset) => ruleset.kind === 'nft' && inputChains(ruleset, family).length > 0) ??
    covering.find(
      (ruleset) => ruleset.kind === 'iptables' && inputChains(ruleset, family).length > 0,
    ) ??
    covering.find((ruleset) => !isUfw(ruleset)) ??
    covering[0]
  );
}

function exposureOf(family: Family, rulesets: readonly Ruleset[]): FamilyExposure {
  const ruleset = primaryRuleset(family, rulesets);
  const base = {
    family,
    origin: ruleset?.origin ?? null,
    kind: ruleset?.kind ?? null,
    defaultPolicy: null,
    chainPolicy: null,
    defaultRules: [],
    restricted: [],
    undecided: [],
    assumptions: [],
    unread: [],
  };
  if (!ruleset) return { ...base, filtering: 'unseen', open: [] };
  if (ruleset.state === 'inactive') {
    return {
      ...base,
      filtering: 'inactive',
      open: everything('anywhere', 'ufw is inactive: nothing is filtered'),
    };
  }
  const unread = (ruleset.unread ?? []).filter((entry) => (entry.family ?? family) === family);
  const chains = inputChains(ruleset, family);
  if (chains.length === 0) {
    return {
      ...base,
      filtering: 'absent',
      unread,
      open: everything('anywhere', `no ${family} input chain in the ruleset`),
    };
  }
  const ports = portsOf(family, ruleset, chains);
  const effective = effectiveDefault(family, chains);
  return {
    ...base,
    ...(ruleset.state === 'unknown'
      ? { switchUnknown: `${ruleset.origin} has no ufw.conf, so whether ufw is enabled is unknown` }
      : {}),
    filtering: 'active',
    chainPolicy: chainPolicyOf(chains),
    defaultPolicy: effective.decision,
    defaultRules: effective.rules,
    ...ports,
    assumptions: [...new Set([...ports.assumptions, ...effective.assumed])],
    unread,
  };
}

function everything(source: string, rule: string): PortOpening[] {
  return PROTOCOLS.map((protocol) => ({ protocol, from: 1, to: 65535, source, rule }));
}

export function inputChains(ruleset: Ruleset, family: Family): BaseChain[] {
  return tablesOf(ruleset, family)
    .flatMap((table) =>
      Object.values(table.chains)
        .filter((chain) => chain.hook === 'input' && (chain.type ?? 'filter') === 'filter')
        .map((chain) => ({ table, chain })),
    )
    .sort((a, b) => a.chain.priority - b.chain.priority);
}

function tablesOf(ruleset: Ruleset, family: Family): Table[] {
  return ruleset.tables.filter((table) => table.families.includes(family));
}

function chainPolicyOf(chains: BaseChain[]): 'accept' | 'drop' | 'unknown' {
  const policies = chains.map(({ chain }) => chain.policy ?? 'accept');
  if (policies.includes('drop')) return 'drop';
  return policies.includes('unknown') ? 'unknown' : 'accept';
}

interface EffectiveDefault {
  decision: 'accept' | 'drop' | 'unknown';
  rules: DecidingRule[];
  assumed: Set<string>;
}

/** Accepting by default over either protocol is accepting by default. */
function effectiveDefault(family: Family, chains: BaseChain[]): EffectiveDefault {
  const outcomes = PROTOCOLS.map((protocol) => evaluateDefault(chains, family, protocol));
  const decisions = outcomes.map((outcome) => outcome.decision);
  const decision: EffectiveDefault['decision'] = decisions.includes('accept')
    ? 'accept'
    : decisions.includes('unknown')
      ? 'unknown'
      : 'drop';
  const rules = new Map<string, DecidingRule>();
  const assumed = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.decision !== decision) continue;
    if (decision === 'accept') for (const text of outcome.assumed) assumed.add(text);
    const rule = outcome.rule;
    if (rule && !rules.has(rule.text))
      rules.set(rule.text, {
        text: rule.text,
        ...(rule.location ? { location: rule.location } : {}),
      });
  }
  return { decision, rules: [...rules.values()], assumed };
}

function portsOf(family: Family, ruleset: Ruleset, chains: BaseChain[]) {
  const rules = tablesOf(ruleset, family).flatMap((table) =>
    Object.values(table.chains).flatMap((chain) => chain.rules),
  );
  const starts = segmentStarts(rules);
  const assumed = new Set<string>();
  const publicSource = { source: anywhere(family) };
  const publicOutcomes = sweep(family, chains, starts, publicSource, assumed);
  const open = openings(publicOutcomes, 'accept', 'anywhere');
  const undecided = openings(publicOutcomes, 'unknown', 'anywhere');

  const restricted: PortOpening[] = [];
  for (const client of restrictedClients(rules, family)) {
    const outcomes = sweep(family, chains, starts, client, new Set());
    const onlyHere = outcomes.filter(
      (outcome, index) =>
        outcome.decision === 'accept' && publicOutcomes[index]?.decision !== 'accept',
    );
    restricted.push(...openings(onlyHere, 'accept', client.label));
  }
  return { open, restricted, undecided, assumptions: [...assumed] };
}

interface SegmentOutcome {
  protocol: Protocol;
  from: number;
  to: number;
  decision: 'accept' | 'drop' | 'unknown';
  rule?: Rule;
}

/**
 * The port numbers where some rule's port condition starts or stops holding: between two of
 * them every port meets the same conditions, so one port stands for the whole stretch.
 */
function segmentStarts(rules: Rule[]): number[] {
  const starts = new Set([1]);
  for (const rule of rules) {
    for (const match of rule.matches) {
      if (match.kind !== 'dport') continue;
      for (const [from, to] of match.ranges) {
        if (from >= 1 && from <= 65535) starts.add(from);
        if (to + 1 <= 65535) starts.add(to + 1);
      }
    }
  }
  return [...starts].sort((a, b) => a - b);
}

function sweep(
  family: Family,
  chains: BaseChain[],
  starts: number[],
  client: { source: Cidr; sourceSet?: string },
  assumed: Set<string>,
): SegmentOutcome[] {
  return PROTOCOLS.flatMap((protocol) =>
    starts.map((from, index) => {
      const to = (starts[index + 1] ?? 65536) - 1;
      const packet: Packet = { family, protocol, port: from, ...client };
      const outcome = evaluateInput(chains, packet);
      if (outcome.decision === 'accept') for (const text of outcome.assumed) assumed.add(text);
      return {
        protocol,
        from,
        to,
        decision: outcome.decision,
        ...(outcome.rule ? { rule: outcome.rule } : {}),
      };
    }),
  );
}

/** Joins neighbouring stretches opened by the same rule. */
function openings(
  outcomes: SegmentOutcome[],
  decision: SegmentOutcome['decision'],
  source: string,
): PortOpening[] {
  const result: PortOpening[] = [];
  for (const outcome of outcomes) {
    if (outcome.decision !== decision) continue;
    const rule =
      outcome.rule?.text ??
      (decision === 'unknown'
        ? 'the default policy, not shown in the input'
        : 'the default input policy (accept)');
    const last = result[result.length - 1];
    if (
      last &&
      last.protocol === outcome.protocol &&
      last.to + 1 === outcome.from &&
      last.rule === rule
    ) {
      last.to = outcome.to;
      continue;
    }
    result.push({
      protocol: outcome.protocol,
      from: outcome.from,
      to: outcome.to,
      source,
      rule,
      ...(outcome.rule?.location ? { location: outcome.rule.location } : {}),
    });
  }
  return result;
}

interface Client {
  source: Cidr;
  sourceSet?: string;
  label: string;
}

/** Every address block or set that an accepting rule names as its source. */
function restrictedClients(rules: Rule[], family: Family): Client[] {
  const clients = new Map<string, Client>();
  for (const rule of rules) {
    if (rule.verdict.kind !== 'accept' && rule.verdict.kind !== 'jump') continue;
    for (const match of rule.matches) {
      if (match.kind === 'source-set' && !match.negated) {
        clients.set(`set ${match.name}`, {
          source: anywhere(family),
          sourceSet: match.name,
          label: `set ${match.name}`,
        });
      }
      if (match.kind !== 'source' || match.negated) continue;
      for (const text of match.cidrs) {
        const cidr = parseCidr(text);
        if (cidr && cidr.family === family && !isAnywhere(cidr))
          clients.set(text, { source: cidr, label: text });
      }
    }
  }
  return [...clients.values()];
}

function publicationsOf(ruleset: Ruleset): Publication[] {
  const publications: Publication[] = [];
  for (const table of ruleset.tables) {
    for (const chain of Object.values(table.chains)) {
      for (const rule of chain.rules) {
        if (rule.verdict.kind !== 'dnat') continue;
        for (const family of table.families)
          publications.push(...publicationsOfRule(ruleset, family, rule, rule.verdict.to));
      }
    }
  }
  return publications;
}

function publicationsOfRule(
  ruleset: Ruleset,
  family: Family,
  rule: Rule,
  to: string,
): Publication[] {
  const ports = rule.matches.flatMap((match) =>
    match.kind === 'dport' && !match.negated ? match.ranges : [],
  );
  const result: Publication[] = [];
  for (const protocol of PROTOCOLS) {
    for (const [from, last] of ports) {
      // Docker writes one rule per published port; a range is judged by its first port.
      const packet: Packet = { family, protocol, port: from, source: anywhere(family) };
      if (!ruleMatches(rule, packet, new Set())) continue;
      const reachable = !dockerUserDrops(ruleset, family, packet, to);
      for (let port = from; port <= Math.min(last, from + 15); port += 1) {
        result.push({
          family,
          protocol,
          port,
          to,
          reachable,
          rule: rule.text,
          ...(rule.location ? { location: rule.location } : {}),
        });
      }
    }
  }
  return result;
}

/** DOCKER-USER is where an administrator filters published ports; it sees the container port. */
function dockerUserDrops(ruleset: Ruleset, family: Family, packet: Packet, to: string): boolean {
  const targetPort = Number(/:(\d+)$/.exec(to)?.[1] ?? packet.port);
  for (const table of tablesOf(ruleset, family)) {
    const chain = table.chains['DOCKER-USER'];
    if (!chain) continue;
    const result = runChain(table, chain, { ...packet, port: targetPort }, 0, new Set());
    if (result.end === 'drop') return true;
  }
  return false;
}
