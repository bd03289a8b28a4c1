import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NotGivenError } from '../../core/errors.js';
import { cut } from '../../core/redact.js';
import { defineGatherer } from '../../core/registry.js';
import { analyseFirewall, type FirewallAnalysis } from '../../host/firewall/analyse.js';
import { familyFromName, parseSavedOutput } from '../../host/firewall/detect.js';
import type { Family, Ruleset, RulesetKind, UnreadFile } from '../../host/firewall/model.js';
import { parseUfwFolder, type UfwFolder } from '../../host/firewall/ufw-folder.js';
import { NOT_ON_HOST, onHost } from './host-root.js';

declare module '../../core/types.js' {
  interface Artifacts {
    hostFirewall: HostFirewall;
  }
}

/** What was read, without the rules themselves. */
export interface RulesetSummary {
  kind: RulesetKind;
  origin: string;
  families: Family[];
  state: Ruleset['state'];
  notes: string[];
}

export interface HostFirewall extends FirewallAnalysis {
  rulesets: RulesetSummary[];
  /** Sources that could not be read, and why (a command missing, not run as root). */
  problems: string[];
}

/** Runs a read-only command; rejects with the error of `execFile`. */
export type CommandRunner = (command: string, args: string[]) => Promise<string>;

/** Commands that only print the firewall's state. iptables-save is run for both families. */
const COMMANDS: readonly { command: string; args: string[]; family?: Family }[] = [
  { command: 'ufw', args: ['status', 'verbose'] },
  { command: 'nft', args: ['-j', 'list', 'ruleset'] },
  { command: 'iptables-save', args: [], family: 'ipv4' },
  { command: 'ip6tables-save', args: [], family: 'ipv6' },
];

/** Files that keep a firewall's configuration, read when no command answered. */
const SAVED_FILES = [
  '/etc/nftables.conf',
  '/etc/iptables/rules.v4',
  '/etc/iptables/rules.v6',
  '/etc/sysconfig/iptables',
  '/etc/sysconfig/ip6tables',
];

const runCommand: CommandRunner = async (command, args) => {
  const { stdout } = await promisify(execFile)(command, args, {
    timeout: 10_000,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  return stdout;
};

export interface FirewallSources {
  outputs: readonly string[];
  host: boolean;
  root: string;
  run?: CommandRunner;
}

export default defineGatherer({
  artifact: 'hostFirewall',
  kind: 'static',
  gather: (context) =>
    readHostFirewall({
      outputs: context.config.host.firewallOutputs,
      host: context.config.host.enabled,
      root: resolve(context.config.host.root),
    }),
});

/** Saved outputs when given; else, on the host, the commands, and then the saved files. */
export async function readHostFirewall(sources: FirewallSources): Promise<HostFirewall> {
  const problems: string[] = [];
  let rulesets: Ruleset[];
  if (sources.outputs.length > 0) {
    rulesets = await Promise.all(sources.outputs.map((output) => readOutput(resolve(output))));
  } else if (sources.host) {
    rulesets = await readLiveHost(sources, problems);
  } else {
    throw new NotGivenError(
      `${NOT_ON_HOST}, or give saved firewall outputs with --firewall-output`,
    );
  }
  return summarise(rulesets, problems);
}

function summarise(rulesets: Ruleset[], problems: string[]): HostFirewall {
  const analysis = analyseFirewall(rulesets);
  for (const { file, reason } of rulesets.flatMap((ruleset) => ruleset.unread ?? []))
    problems.push(`${file}: ${reason}`);
  const seen = new Set<string>();
  // nft and iptables-save can show the same Docker rule twice.
  const published = analysis.published.filter((entry) => {
    const key = `${entry.family} ${entry.protocol} ${entry.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const summaries = rulesets.map(({ kind, origin, families, state, notes }) => ({
    kind,
    origin,
    families,
    state,
    notes,
  }));
  return { ...analysis, published, rulesets: summaries, problems };
}

/** The files that make a folder a copy of /etc/ufw: without them it says nothing of ufw. */
export const UFW_MARKERS = ['ufw.conf', 'user.rules', 'user6.rules'] as const;

export function looksLikeUfwFolder(folder: string): boolean {
  return UFW_MARKERS.some((name) => existsSync(join(folder, name)));
}

async function readOutput(path: string): Promise<Ruleset> {
  const info = await stat(path);
  if (info.isDirectory()) {
    if (!looksLikeUfwFolder(path)) {
      throw new Error(
        `${path} is a folder but not a copy of /etc/ufw (no ufw.conf or user.rules); give ufw's folder or a saved output file`,
      );
    }
    return parseUfwFolder(await readUfwFolder(path));
  }
  // The file's name tells the family when its text does not (rules.v6, ip6tables.txt).
  return parseSavedOutput(await readFile(path, 'utf8'), path, familyFromName(path));
}

async function readLiveHost(sources: FirewallSources, problems: string[]): Promise<Ruleset[]> {
  const rulesets: Ruleset[] = [];
  let installed = 0;
  if (sources.root === '/') {
    for (const { command, args, family } of COMMANDS) {
      const outcome = await tryCommand(sources.run ?? runCommand, command, args, family);
      if (outcome.installed) installed += 1;
      if (outcome.ruleset) rulesets.push(outcome.ruleset);
      if (outcome.problem) problems.push(outcome.problem);
    }
  }
  if (rulesets.length > 0) return rulesets;

  const saved = await readSavedFiles(sources.root, problems);
  if (saved.length > 0) return saved;
  if (installed === 0 && problems.every((problem) => problem.endsWith('not installed'))) {
    // Nothing that could filter is installed: the host has no firewall.
    return [
      {
        kind: 'nft',
        // Under another root no command was run: only the absence of its files is known.
        origin:
          sources.root === '/'
            ? 'this host (no ufw, nft or iptables installed)'
            : `${sources.root} (no /etc/ufw, /etc/nftables.conf or saved iptables rules)`,
        families: ['ipv4', 'ipv6'],
        state: 'active',
        tables: [],
        notes: [],
      },
    ];
  }
  throw new Error(
    `no firewall state could be read (${problems.join('; ')}); run as root, or give saved outputs with --firewall-output`,
  );
}

interface CommandOutcome {
  installed: boolean;
  ruleset?: Ruleset;
  problem?: string;
}

async function tryCommand(
  run: CommandRunner,
  command: string,
  args: string[],
  family?: Family,
): Promise<CommandOutcome> {
  const origin = [command, ...args].join(' ');
  try {
    const output = await run(command, args);
    return { installed: true, ruleset: parseSavedOutput(output, origin, family) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { installed: false, problem: `${command}: not installed` };
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).split(
      '\n',
    )[0];
    return {
      installed: true,
      problem: `${origin}: ${stderr === undefined ? 'failed' : cut(stderr, 120)}`,
    };
  }
}

async function readSavedFiles(root: string, problems: string[]): Promise<Ruleset[]> {
  const rulesets: Ruleset[] = [];
  const ufw = onHost(root, '/etc/ufw');
  if (await isFolder(ufw)) {
    // A folder left without ufw's files (ufw removed) describes no firewall.
    if (looksLikeUfwFolder(ufw)) rulesets.push(parseUfwFolder(await readUfwFolder(ufw)));
    else problems.push('/etc/ufw: a folder without ufw.conf or user.rules, so not read as ufw');
  }
  for (const file of SAVED_FILES) {
    const path = onHost(root, file);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') problems.push(`${file}: ${error.code ?? 'unreadable'}`);
      return undefined;
    });
    if (text === undefined) continue;
    rulesets.push(parseSavedOutput(text, path, familyFromName(file)));
  }
  return rulesets;
}

/** ufw's folder: rules and ufw.conf inside, defaults in ufw.defaults or ../default/ufw. */
export async function readUfwFolder(folder: string): Promise<UfwFolder> {
  const unread: UnreadFile[] = [];
  const note = (file: string, error: NodeJS.ErrnoException, family?: Family) =>
    unread.push({ file, reason: error.code ?? 'unreadable', ...(family ? { family } : {}) });
  // An absent file is only absent; a rules file listed in the folder was meant to be read.
  const read = (path: string, rulesOf?: Family) =>
    readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      const absent = error.code === 'ENOENT' || error.code === 'ENOTDIR';
      if (rulesOf || !absent) note(path, error, rulesOf);
      return undefined;
    });
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    note(folder, error);
    return [] as string[];
  });
  const rules: Record<string, string> = {};
  for (const name of names.filter((entry) => /^(?:before|user|after)6?\.rules$/.test(entry))) {
    const text = await read(join(folder, name), name.includes('6') ? 'ipv6' : 'ipv4');
    if (text !== undefined) rules[name] = text;
  }
  const conf = await read(join(folder, 'ufw.conf'));
  const defaults =
    (await read(join(folder, 'ufw.defaults'))) ??
    (await read(join(dirname(folder), 'default', 'ufw')));
  return {
    folder,
    rules,
    unread,
    ...(conf !== undefined ? { conf } : {}),
    ...(defaults !== undefined ? { defaults } : {}),
  };
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
