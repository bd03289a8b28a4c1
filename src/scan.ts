import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { builtinChecks } from './checks/index.js';
import { findConfigFile, type LoadedConfig, loadConfig } from './core/config.js';
import type { ShipshapeConfig } from './core/config-schema.js';
import { UsageError } from './core/errors.js';
import { Registry } from './core/registry.js';
import { runProfile } from './core/runner.js';
import type { ItemResult, Report } from './core/types.js';
import { checkWaiverIds } from './core/waivers.js';
import { parseDatabaseUrl } from './gather/database-url.js';
import { looksLikeUfwFolder } from './gather/host/firewall.js';
import { HttpClient } from './gather/http.js';
import { builtinGatherers } from './gather/index.js';
import { productionWeb } from './profiles/production-web.js';

export interface ScanOptions {
  /** The project folder; default: the configuration's `project`, else the current folder. */
  project?: string;
  url?: string;
  /** A configuration file; default: `shipshape.yaml` in the project folder, if present. */
  config?: string;
  /** A PEM file of the CA that signed the target's certificate. */
  ca?: string;
  /** The application's Postgres URL: it holds a password, which no report shows. */
  databaseUrl?: string;
  /** Read the host this runs on: firewall, sockets, logs, renewal timers, backups. */
  host?: boolean;
  /** Saved firewall outputs (ufw status verbose, nft -j list ruleset, iptables-save). */
  firewallOutputs?: string[];
  passive?: boolean;
  debug?: (message: string) => void;
  onItem?: (item: ItemResult) => void;
}

export function createRegistry(): Registry {
  const registry = new Registry();
  for (const gatherer of builtinGatherers) registry.addGatherer(gatherer);
  for (const check of builtinChecks) registry.addCheck(check);
  return registry;
}

/** Reads the configuration and applies the options over it; throws UsageError on bad input. */
export function resolveConfig(options: ScanOptions): ShipshapeConfig {
  const projectFlag = options.project === undefined ? undefined : resolve(options.project);
  if (projectFlag !== undefined) requireFolder(projectFlag, '--project');

  const configFile =
    options.config === undefined
      ? findConfigFile(projectFlag ?? process.cwd())
      : resolve(options.config);
  const { config, where } = loadConfig(configFile);

  const projectKey = config.project === undefined ? 'project' : where(['project']);
  config.project = projectFlag ?? config.project ?? process.cwd();
  if (projectFlag === undefined) requireFolder(config.project, projectKey);
  if (options.url !== undefined) config.target.url = parseTargetUrl(options.url, '--url');
  if (options.databaseUrl !== undefined)
    config.database.url = checkDatabaseUrl(options.databaseUrl);
  if (options.host) config.host.enabled = true;
  // A root that is not there would be read as a server without logs, rules or firewall.
  if (config.host.enabled) requireHostRoot(config.host.root, where(['host', 'root']));
  // Paths on the command line stay relative to the current folder; the file's were resolved.
  const outputsFlag = options.firewallOutputs?.length ? options.firewallOutputs : undefined;
  if (outputsFlag) config.host.firewallOutputs = outputsFlag;
  config.host.firewallOutputs.forEach((output, index) => {
    const key = outputsFlag ? '--firewall-output' : where(['host', 'firewallOutputs', index]);
    requireReadable(output, key);
  });
  requireProjectPaths(config, config.project, where);
  // Here rather than only in the runner, so that the message can name the file and line.
  checkWaiverIds(config.waivers, productionWeb, (index) => where(['waivers', index, 'id']));
  return config;
}

/**
 * The configuration's paths into the project are checked before any probe goes: a typo is the
 * user's to fix (exit code 2), not a finding of the scan.
 */
function requireProjectPaths(
  config: ShipshapeConfig,
  project: string,
  where: LoadedConfig['where'],
): void {
  const { env, nginx } = config;
  env.files?.forEach((file, index) => {
    requireInProject(project, file, 'file', where(['env', 'files', index]));
  });
  env.examples?.forEach((file, index) => {
    requireInProject(project, file, 'file', where(['env', 'examples', index]));
  });
  if (nginx.config !== undefined) {
    requireInProject(project, nginx.config, 'file', where(['nginx', 'config']), true);
  }
  // An empty prefix is the project folder itself.
  if (nginx.prefix) requireInProject(project, nginx.prefix, 'folder', where(['nginx', 'prefix']));
}

function requireInProject(
  project: string,
  path: string,
  kind: 'file' | 'folder',
  where: string,
  inside = false,
): void {
  const absolute = resolve(project, path);
  const fromProject = relative(project, absolute);
  const outside =
    fromProject === '..' || fromProject.startsWith(`..${sep}`) || isAbsolute(fromProject);
  // The nginx audit reads only files of the project.
  if (inside && outside) {
    throw new UsageError(
      `${where}: ${path} is outside the project folder ${project}; give a path inside it`,
    );
  }
  let isFolder: boolean;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch {
    throw new UsageError(
      `${where}: ${path} does not exist${outside ? '' : ' in the project'}; fix the path or remove it`,
    );
  }
  if (isFolder !== (kind === 'folder')) {
    throw new UsageError(
      `${where}: ${path} is ${isFolder ? 'a folder' : 'a file'}; give the ${kind}'s path`,
    );
  }
}

/** Scans a project and deployment with the built-in profile and returns the report. */
export async function scan(options: ScanOptions = {}): Promise<Report> {
  const config = resolveConfig(options);
  const ca = options.ca === undefined ? undefined : readCa(options.ca);
  const allowedHosts = targetHosts(config);

  return runProfile({
    profile: productionWeb,
    registry: createRegistry(),
    config,
    passive: options.passive ?? false,
    ...(options.debug ? { debug: options.debug } : {}),
    ...(options.onItem ? { onItem: options.onItem } : {}),
    http: (signal) =>
      new HttpClient({
        allowedHosts,
        maxRequests: config.limits.maxRequests,
        requestTimeoutMs: config.limits.requestTimeout * 1000,
        maxBodyBytes: config.limits.maxBodyBytes,
        signal,
        ...(ca ? { ca } : {}),
      }),
  });
}

function targetHosts(config: ShipshapeConfig): string[] {
  const urls = [config.target.url, config.target.httpUrl].filter((url) => url !== undefined);
  return [...new Set(urls.map((url) => new URL(url).hostname))];
}

export function parseTargetUrl(text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${where}: not a URL; give one such as https://api.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `${where}: the scheme must be http or https, not ${url.protocol.slice(0, -1)}`,
    );
  }
  if (url.port === '0') {
    throw new UsageError(
      `${where}: port 0 is not a port a server listens on; give one from 1 to 65535, or none for the scheme's own`,
    );
  }
  if (url.username || url.password) {
    throw new UsageError(`${where}: remove the user name and password from the URL`);
  }
  return url.toString();
}

/** The message names the flag and the expected form, never the URL: it holds a password. */
function checkDatabaseUrl(text: string): string {
  if (parseDatabaseUrl(text) === null) {
    throw new UsageError(
      '--database-url: not a Postgres URL; give one such as postgresql://app@db.example.com:5432/appdb',
    );
  }
  return text;
}

function requireReadable(path: string, where: string): void {
  if (!existsSync(path)) {
    throw new UsageError(
      `${where}: ${path} does not exist; give a saved output of ufw status verbose, nft -j list ruleset or iptables-save`,
    );
  }
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new UsageError(
      `${where}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); check its permissions`,
    );
  }
  // A folder is read as a copy of /etc/ufw: any other folder would be judged as ufw switched off.
  if (statSync(path).isDirectory() && !looksLikeUfwFolder(path)) {
    throw new UsageError(
      `${where}: ${path} is a folder but not a copy of /etc/ufw (no ufw.conf or user.rules); give ufw's folder or a saved output file`,
    );
  }
}

/** `host.root` (resolved from the file's folder) must be a folder: it stands for `/`. */
function requireHostRoot(root: string, where: string): void {
  const fix = 'give the folder that stands for / on the server';
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`${where}: ${root} does not exist; ${fix}`);
  }
  if (!isFolder) throw new UsageError(`${where}: ${root} is a file, not a folder; ${fix}`);
}

function requireFolder(path: string, where: string): void {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${where}: ${path} does not exist; give the project's folder`);
  }
  if (!isFolder)
    throw new UsageError(`${where}: ${path} is not a folder; give the project's folder`);
}

function readCa(file: string): string {
  try {
    const pem = readFileSync(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('not PEM');
    return pem;
  } catch {
    throw new UsageError(`--ca: ${file} is not a readable PEM certificate file`);
  }
}
