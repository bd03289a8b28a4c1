import { basename } from 'node:path';
import { ParseError } from '../../core/errors.js';
import { parseIptablesSave } from './iptables.js';
import type { Family, Ruleset } from './model.js';
import { parseNftJson } from './nft-json.js';
import { parseNftText } from './nft-text.js';
import { parseUfwStatus } from './ufw-status.js';

export type OutputFormat = 'ufw-status' | 'nft-json' | 'nft-text' | 'iptables';

/** Tells the format of a saved firewall output from its text. */
export function detectFormat(text: string): OutputFormat | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && trimmed.includes('"nftables"')) return 'nft-json';
  if (/^Status:\s*(?:active|inactive)\b/im.test(text)) return 'ufw-status';
  if (/^\*(?:filter|nat|mangle|raw|security)\s*$/m.test(text)) return 'iptables';
  if (/^\s*(?:table|add\s+(?:table|rule|chain)|flush\s+ruleset|define)\b/m.test(text))
    return 'nft-text';
  return null;
}

/**
 * The family a saved file's name tells, when its text does not: rules.v6, user6.rules,
 * ip6tables.txt, rules6 and /etc/sysconfig/ip6tables are IPv6; rules.v4, user.rules and
 * iptables* are IPv4. Other names tell nothing.
 */
export function familyFromName(path: string): Family | undefined {
  const name = basename(path).toLowerCase();
  if (/ip6|ipv6|(?:^|[^a-z0-9])v6(?:[^a-z0-9]|$)|rules6|(?:^|\D)6\D*\.rules$/.test(name))
    return 'ipv6';
  if (
    /ip4|ipv4|(?:^|[^a-z0-9])v4(?:[^a-z0-9]|$)|rules4|(?:^|\D)4\D*\.rules$|^iptables|^(?:before|user|after)\.rules$/.test(
      name,
    )
  )
    return 'ipv4';
  return undefined;
}

/**
 * Parses a saved output of any supported format. An empty output (nft with no ruleset,
 * iptables-save with no tables loaded) is a ruleset with no tables: nothing filtered.
 */
export function parseSavedOutput(text: string, origin: string, familyHint?: Family): Ruleset {
  const format = detectFormat(text);
  if (format === 'nft-json') return parseNftJson(text, origin);
  if (format === 'ufw-status') return parseUfwStatus(text, origin);
  if (format === 'iptables') return parseIptablesSave(text, origin, familyHint);
  if (format === 'nft-text' || text.trim() === '') {
    const ruleset = parseNftText(text, origin);
    // An empty iptables-save speaks for its one family only.
    return familyHint && text.trim() === ''
      ? { ...ruleset, kind: 'iptables', families: [familyHint] }
      : ruleset;
  }
  throw new ParseError(
    `${origin}: not a firewall output shipshape reads (ufw status verbose, nft -j list ruleset, nft list ruleset, iptables-save)`,
    { file: origin },
  );
}
