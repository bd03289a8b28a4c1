import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defineGatherer } from '../../core/registry.js';
import { findRenewalSigns } from '../renewal.js';
import { hostRoot, onHost } from './host-root.js';

declare module '../../core/types.js' {
  interface Artifacts {
    renewalJobs: RenewalJobs;
  }
}

export interface RenewalTimer {
  unit: string;
  /** The host path of the unit file. */
  file: string;
  /** Linked into a `.wants` folder, so systemd starts it. */
  enabled: boolean;
}

export interface RenewalCronJob {
  file: string;
  line: number;
  tool: string;
  /**
   * Guarded by `test ... ! -d /run/systemd/system`, as Debian's /etc/cron.d/certbot is: the
   * line does nothing while systemd runs, and leaves renewal to the timer.
   */
  skipsUnderSystemd: boolean;
}

export interface RenewalJobs {
  timers: RenewalTimer[];
  cronJobs: RenewalCronJob[];
  /** What shows that systemd runs the host, or null when nothing does. */
  systemd: string | null;
  /** Certificates certbot manages (/etc/letsencrypt/renewal/NAME.conf), by name. */
  certbotCertificates: string[];
}

const UNIT_FOLDERS = ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];
const RENEWAL_UNIT = /(?:certbot|letsencrypt|acme|lego|dehydrated|getssl)[^/]*\.timer$/i;
const CRON_FILES = ['/etc/crontab'];
const CRON_FOLDERS = [
  '/etc/cron.d',
  '/etc/cron.hourly',
  '/etc/cron.daily',
  '/etc/cron.weekly',
  '/etc/cron.monthly',
  '/var/spool/cron/crontabs',
  '/var/spool/cron',
];
/** `test -x /usr/bin/certbot -a \! -d /run/systemd/system &&`, or `[ ! -d ... ] &&`. */
const UNLESS_SYSTEMD =
  /(?:\btest\s|\[\s)[^;&|#]*?\\?!\s*-d\s+["']?\/run\/systemd\/system\/?["']?[^;&|#]*&&/;
/** systemd's own program: a copy of a server's files seldom holds /run, a tmpfs. */
const SYSTEMD_PROGRAMS = ['/lib/systemd/systemd', '/usr/lib/systemd/systemd'];
/** Cron files are small; this bounds a folder of odd size. */
const MAX_CRON_BYTES = 256 * 1024;

export default defineGatherer({
  artifact: 'renewalJobs',
  kind: 'static',
  async gather(context) {
    return readRenewalJobs(hostRoot(context.config));
  },
});

export async function readRenewalJobs(root: string): Promise<RenewalJobs> {
  const [timers, cronJobs, certificates, systemd] = await Promise.all([
    findTimers(root),
    findCronJobs(root),
    listNames(root, '/etc/letsencrypt/renewal'),
    systemdSign(root),
  ]);
  const certbotCertificates = certificates
    .filter((name) => name.endsWith('.conf'))
    .map((name) => name.slice(0, -5));
  return { timers, cronJobs, systemd, certbotCertificates };
}

/**
 * /run/systemd/system exists while systemd runs (what the cron guard tests). On the host
 * itself its absence is decisive; under another root, systemd's program stands in for it.
 */
async function systemdSign(root: string): Promise<string | null> {
  if (await isFolder(onHost(root, '/run/systemd/system'))) return '/run/systemd/system exists';
  if (root === '/') return null;
  for (const program of SYSTEMD_PROGRAMS) {
    const info = await stat(onHost(root, program)).catch(() => undefined);
    if (info?.isFile()) return `${program} is installed (the copy holds no /run/systemd/system)`;
  }
  return null;
}

/** The guard must come before the renewal it guards, and hold with `-a`, not `-o`. */
function guardedAgainstSystemd(line: string): boolean {
  const guard = UNLESS_SYSTEMD.exec(line);
  if (!guard || /\s-o\s/.test(guard[0])) return false;
  return !/\brenew\b|\.timer\b/.test(line.slice(0, guard.index));
}

async function isFolder(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ?? false;
}

async function findTimers(root: string): Promise<RenewalTimer[]> {
  const wanted = await enabledUnits(root);
  const timers = new Map<string, RenewalTimer>();
  for (const folder of UNIT_FOLDERS) {
    for (const name of await listNames(root, folder)) {
      if (!RENEWAL_UNIT.test(name) || timers.has(name)) continue;
      timers.set(name, { unit: name, file: join(folder, name), enabled: wanted.has(name) });
    }
  }
  return [...timers.values()];
}

/** Units linked from /etc/systemd/system/*.wants/ (what `systemctl enable` does). */
async function enabledUnits(root: string): Promise<Set<string>> {
  const enabled = new Set<string>();
  for (const name of await listNames(root, '/etc/systemd/system')) {
    if (!name.endsWith('.wants')) continue;
    for (const unit of await listNames(root, join('/etc/systemd/system', name))) enabled.add(unit);
  }
  return enabled;
}

async function findCronJobs(root: string): Promise<RenewalCronJob[]> {
  const files = [...CRON_FILES];
  for (const folder of CRON_FOLDERS)
    files.push(...(await listNames(root, folder)).map((name) => join(folder, name)));
  const jobs: RenewalCronJob[] = [];
  for (const file of files) {
    const info = await stat(onHost(root, file)).catch(() => undefined);
    if (!info?.isFile() || info.size > MAX_CRON_BYTES) continue;
    const text = await readFile(onHost(root, file), 'utf8').catch(() => '');
    const lines = text.split('\n');
    jobs.push(
      ...findRenewalSigns(file, text)
        .filter((sign) => sign.sign.includes('renew') || sign.sign.includes('timer'))
        .map(({ file: where, line, tool }) => ({
          file: where,
          line,
          tool,
          skipsUnderSystemd: guardedAgainstSystemd(lines[line - 1] ?? ''),
        })),
    );
  }
  return jobs;
}

async function listNames(root: string, folder: string): Promise<string[]> {
  return readdir(onHost(root, folder)).catch(() => [] as string[]);
}
