import type { Chain, Family, Hook, Match, PortRange, Table } from './model.js';

/** nftables table families and the IP families they filter. */
export const NFT_FAMILIES: Record<string, Family[]> = {
  ip: ['ipv4'],
  ip6: ['ipv6'],
  inet: ['ipv4', 'ipv6'],
};

/**
 * firewalld's `ct status dnat accept`: it admits connections DNATed to this host (forwarded
 * ports), never a connection to one of the host's own ports.
 */
export const DNAT_ONLY: Match = { kind: 'never', reason: 'a connection DNATed to this host' };

/** Named priorities of the filter and nat hooks. */
const PRIORITY_NAMES: Record<string, number> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};

/** Service names nftables accepts for ports (`tcp dport ssh`). */
const SERVICE_PORTS: Record<string, number> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  https: 443,
  submission: 587,
  imaps: 993,
  mysql: 3306,
  postgresql: 5432,
  redis: 6379,
  'http-alt': 8080,
};

export function parsePriority(text: string): number {
  const match = /^([a-z]+)?\s*(?:([+-])?\s*(\d+))?$/.exec(text.trim());
  if (!match) return 0;
  const base = match[1] ? (PRIORITY_NAMES[match[1]] ?? 0) : 0;
  const offset = match[3] ? Number(match[3]) * (match[2] === '-' ? -1 : 1) : 0;
  return match[1] || match[2] ? base + offset : Number(match[3] ?? 0);
}

export function portOf(value: string | number): number | null {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  return SERVICE_PORTS[value] ?? null;
}

/** `22`, `1000-2000`, `ssh`. */
export function parsePortText(text: string): PortRange | null {
  const [from = '', to] = text.split('-');
  const start = portOf(from);
  const end = to === undefined ? start : portOf(to);
  return start === null || end === null ? null : [start, end];
}

/** A comparison on a port, as ranges: `< 1024` is 0-1023. */
export function comparedPorts(op: string, port: number): PortRange[] | null {
  if (op === '<' || op === 'lt') return [[0, port - 1]];
  if (op === '<=' || op === 'le') return [[0, port]];
  if (op === '>' || op === 'gt') return [[port + 1, 65535]];
  if (op === '>=' || op === 'ge') return [[port, 65535]];
  return null;
}

export function newTable(name: string, family: string): Table | null {
  const families = NFT_FAMILIES[family];
  return families ? { name, families, chains: {} } : null;
}

export function baseChain(
  name: string,
  type: string | undefined,
  hook: string | undefined,
  priority: number,
  policy: string | undefined,
): Chain {
  const chain: Chain = { name, priority, rules: [] };
  if (hook) chain.hook = hook as Hook;
  if (type === 'filter' || type === 'nat' || type === 'route') chain.type = type;
  if (policy === 'drop' || policy === 'accept') chain.policy = policy;
  return chain;
}
