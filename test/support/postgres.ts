import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePorts } from './nginx.js';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The newest server that Debian's postgresql package installed, or null. */
export function postgresBin(): string | null {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((version) => existsSync(join(DEBIAN_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(DEBIAN_ROOT, versions[0], 'bin') : null;
}

export interface ClusterOptions {
  name: string;
  /** Serve TLS with this certificate and key. */
  tls?: { certFile: string; keyFile: string };
  /** pg_hba.conf lines for 127.0.0.1; a local trust line for the set-up is added first. */
  hba: string[];
}

export interface RunningCluster {
  port: number;
  /** Runs SQL as the superuser over the Unix socket (trust), in `database`. */
  sql(statements: string, database?: string): Promise<void>;
  stop(): void;
}

/** Postgres refuses to run as root: clusters then belong to the `postgres` system user. */
function runAs(): { user: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const line = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim();
  const [, , uid, gid] = line.split(':');
  return { user: 'postgres', uid: Number(uid), gid: Number(gid) };
}

function run(bin: string, command: string, args: string[]): void {
  const owner = runAs();
  const path = join(bin, command);
  const [file, fullArgs] = owner
    ? ['runuser', ['-u', owner.user, '--', path, ...args]]
    : [path, args];
  try {
    execFileSync(file, fullArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`${command} failed: ${stderr || (error as Error).message}`);
  }
}

function ownTree(path: string): void {
  const owner = runAs();
  if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, path]);
}

export interface RunningClusters {
  clusters: RunningCluster[];
  /** Stops every server and removes their folders. */
  stop(): void;
}

/**
 * Starts one Postgres server per option set on 127.0.0.1, each on a free port with its own
 * data folder in a new temporary folder. One initdb serves them all: the others are copies,
 * which keeps start-up to a few seconds.
 */
export async function startClusters(options: ClusterOptions[]): Promise<RunningClusters> {
  const bin = postgresBin();
  if (bin === null) throw new Error('Postgres is not installed (run scripts/test-setup.sh)');
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-pg-'));
  // The postgres user must be able to reach its data folders.
  chmodSync(dir, 0o755);
  ownTree(dir);
  const template = join(dir, 'template');
  run(bin, 'initdb', [
    '-D',
    template,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);

  const ports = await findFreePorts(options.length);
  const started = await Promise.allSettled(
    options.map((cluster, i) => startCopy(bin, dir, template, cluster, ports[i]!)),
  );
  const clusters = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const stop = () => {
    for (const cluster of clusters) cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    stop();
    throw failed.reason;
  }
  return { clusters, stop };
}

async function startCopy(
  bin: string,
  dir: string,
  template: string,
  options: ClusterOptions,
  port: number,
): Promise<RunningCluster> {
  const data = join(dir, options.name);
  cpSync(template, data, { recursive: true });
  const hbaFile = join(data, 'pg_hba.conf');
  writeFileSync(hbaFile, ['local all all trust', ...options.hba, ''].join('\n'));
  const settings = [
    `listen_addresses=127.0.0.1`,
    `port=${port}`,
    `unix_socket_directories=${data}`,
    'fsync=off',
    'full_page_writes=off',
    'synchronous_commit=off',
    `ssl=${options.tls ? 'on' : 'off'}`,
  ];
  if (options.tls) {
    // Postgres wants its key owned by itself and unreadable by others.
    copyFileSync(options.tls.certFile, join(data, 'server.crt'));
    copyFileSync(options.tls.keyFile, join(data, 'server.key'));
    chmodSync(join(data, 'server.key'), 0o600);
    settings.push(
      `ssl_cert_file=${join(data, 'server.crt')}`,
      `ssl_key_file=${join(data, 'server.key')}`,
    );
  }
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    settings.map((line) => line.replace('=', " = '").concat("'")).join('\n'),
  );
  ownTree(data);
  run(bin, 'pg_ctl', ['-D', data, '-l', join(data, 'server.log'), '-w', '-t', '20', 'start']);

  return {
    port,
    sql: (statements, database = 'postgres') => runSql(data, port, statements, database),
    stop: () => {
      try {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped: the test's own failure is the one to report.
      }
    },
  };
}

async function runSql(
  socketDir: string,
  port: number,
  statements: string,
  database: string,
): Promise<void> {
  const client = new pg.Client({ host: socketDir, port, user: 'postgres', database });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}
