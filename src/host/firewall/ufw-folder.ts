import { basename } from 'node:path';
import { parseIptablesSave } from './iptables.js';
import type { Chain, Family, Rule, Ruleset, Table, UnreadFile } from './model.js';

/** ufw's configuration as files: /etc/ufw's rules and ufw.conf, and /etc/default/ufw. */
export interface UfwFolder {
  folder: string;
  /** ufw.conf: ENABLED=yes|no. */
  conf?: string;
  /** /etc/default/ufw: IPV6 and DEFAULT_INPUT_POLICY. */
  defaults?: string;
  /** The rules files by name: before.rules, user.rules, after.rules and their `6` twins. */
  rules: Record<string, string>;
  /** Files that exist but could not be read (the rules files are root's only). */
  unread?: UnreadFile[];
}

const RULE_FILES: Record<Family, string[]> = {
  ipv4: ['before.rules', 'user.rules', 'after.rules'],
  ipv6: ['before6.rules', 'user6.rules', 'after6.rules'],
};

/**
 * Builds what ufw loads from its files: the INPUT chain ufw creates, jumping through its
 * before, user and after chains, ending at the default input policy. Read from files, this is
 * the configuration ufw applies when enabled, not necessarily the kernel's running state.
 */
export function parseUfwFolder(files: UfwFolder): Ruleset {
  const enabled = readSetting(files.conf, 'ENABLED')?.toLowerCase();
  const policyText = readSetting(files.defaults, 'DEFAULT_INPUT_POLICY')?.toUpperCase();
  const ipv6 = readSetting(files.defaults, 'IPV6')?.toLowerCase() !== 'no';
  // With IPV6=no ufw loads no IPv6 rules: user6.rules unread hides nothing.
  const unread = (files.unread ?? []).filter((entry) => ipv6 || entry.family !== 'ipv6');
  // An unreadable ufw.conf says nothing of the switch: judged as on, the unread file decides.
  const confUnread = unread.some((entry) => basename(entry.file) === 'ufw.conf');
  const notes: string[] = [];
  if (files.conf === undefined && !confUnread)
    notes.push(`${files.folder}: no ufw.conf, so whether ufw is enabled is unknown`);
  if (policyText === undefined)
    notes.push('no DEFAULT_INPUT_POLICY found (/etc/default/ufw): taken as unknown');

  const policy = policyText === 'ACCEPT' ? 'accept' : policyText === undefined ? 'unknown' : 'drop';
  const tables = (['ipv4', 'ipv6'] as const).map((family) =>
    family === 'ipv6' && !ipv6 ? closedTable(family) : familyTable(files, family, policy),
  );
  return {
    kind: 'ufw-folder',
    origin: files.folder,
    families: ['ipv4', 'ipv6'],
    // Without ufw.conf the switch is not shown: the rules are judged, the switch stays unknown.
    state:
      enabled === 'yes' || confUnread
        ? 'active'
        : files.conf === undefined
          ? 'unknown'
          : 'inactive',
    tables,
    notes,
    ...(unread.length > 0 ? { unread } : {}),
  };
}

function familyTable(
  files: UfwFolder,
  family: Family,
  policy: 'accept' | 'drop' | 'unknown',
): Table {
  const prefix = family === 'ipv4' ? 'ufw' : 'ufw6';
  const table: Table = { name: 'filter', families: [family], chains: {} };
  for (const name of RULE_FILES[family]) {
    const text = files.rules[name];
    if (text === undefined) continue;
    const parsed = parseIptablesSave(text, `${files.folder}/${name}`, family);
    for (const parsedTable of parsed.tables.filter((candidate) => candidate.name === 'filter')) {
      for (const chain of Object.values(parsedTable.chains)) {
        const merged = table.chains[chain.name] ?? { name: chain.name, priority: 0, rules: [] };
        table.chains[chain.name] = merged;
        merged.rules.push(...chain.rules);
      }
    }
  }
  const jump = (chain: string): Rule => ({
    matches: [],
    verdict: { kind: 'jump', chain },
    text: `-A INPUT -j ${chain} (added by ufw)`,
  });
  // ufw itself appends the user chain to the end of the before chain.
  const beforeName = `${prefix}-before-input`;
  const before = table.chains[beforeName] ?? { name: beforeName, priority: 0, rules: [] };
  table.chains[beforeName] = before;
  before.rules.push(jump(`${prefix}-user-input`));
  const skip: Chain = { name: `${prefix}-skip-to-policy-input`, priority: 0, rules: [] };
  // ufw's skip-to-policy chain ends at the default policy; unknown, it ends nowhere.
  if (policy !== 'unknown') {
    skip.rules.push({
      matches: [],
      verdict: { kind: policy },
      text: `default input policy ${policy}`,
    });
  }
  table.chains[skip.name] = skip;
  table.chains.INPUT = {
    name: 'INPUT',
    hook: 'input',
    type: 'filter',
    priority: 0,
    policy,
    rules: [jump(`${prefix}-before-input`), jump(`${prefix}-after-input`)],
  };
  return table;
}

/** With IPV6=no, ufw drops every IPv6 packet but loopback's. */
function closedTable(family: Family): Table {
  const input: Chain = {
    name: 'INPUT',
    hook: 'input',
    type: 'filter',
    priority: 0,
    policy: 'drop',
    rules: [],
  };
  return { name: 'filter', families: [family], chains: { INPUT: input } };
}

/** `KEY=value` or `KEY="value"` from a shell-style settings file. */
export function readSetting(text: string | undefined, key: string): string | undefined {
  if (text === undefined) return undefined;
  const match = new RegExp(`^\\s*${key}\\s*=\\s*"?([^"\\n#]*)"?`, 'm').exec(text);
  return match?.[1]?.trim();
}
