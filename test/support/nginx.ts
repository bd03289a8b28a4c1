import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'selfsigned';

/** Where scripts/test-setup.sh installs Debian's nginx-light. */
export const NGINX_BINARY = '/usr/sbin/nginx';

const START_TIMEOUT_MS = 5000;
const QUIT_TIMEOUT_MS = 3000;
const KILL_TIMEOUT_MS = 2000;

export function hasNginx(): boolean {
  return existsSync(NGINX_BINARY);
}

/**
 * Ports on 127.0.0.1 that were free a moment ago: each bound with port 0, all held at once so
 * that they differ, then released for nginx to take.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenOnAnyPort()));
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  if (ports.some((port) => port === 0)) throw new Error('no port was bound');
  return ports;
}

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export interface CertificateFiles {
  /** The CA that signed the server certificate: what a client passes as `ca`. */
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A test CA and a server certificate it signed for localhost and 127.0.0.1, as PEM files. */
export async function makeCertificate(dir: string): Promise<CertificateFiles> {
  const ca = await generate([{ name: 'commonName', value: 'shipshape test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });

  const files = {
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
  };
  writeFileSync(files.caFile, ca.cert);
  writeFileSync(files.certFile, server.cert);
  writeFileSync(files.keyFile, server.private, { mode: 0o600 });
  return files;
}

/** One line of the access log that `nginxConfig` sets up. */
export interface AccessLogEntry {
  port: number;
  status: number;
  method: string;
  uri: string;
  /** The x-shipshape-request-id header, or '' when the request had none. */
  requestId: string;
  userAgent: string;
}

/**
 * A whole nginx.conf around the test's `http` block content, with every path nginx writes
 * (pid, logs, lock, temp files) inside the prefix, so it never touches /etc/nginx or /var.
 */
export function nginxConfig(prefix: string, httpBlock: string): string {
  const user = process.getuid?.() === 0 ? `user nobody ${nobodyGroup()};` : '';
  const temp = (name: string) => `${name}_temp_path ${join(prefix, `${name}_temp`)};`;
  return `${user}
daemon off;
master_process on;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
lock_file ${join(prefix, 'nginx.lock')};
error_log ${join(prefix, 'error.log')} warn;

events { worker_connections 256; }

http {
  ${temp('client_body')}
  ${temp('proxy')}
  ${temp('fastcgi')}
  ${temp('uwsgi')}
  ${temp('scgi')}
  log_format shipshape escape=json '{"port":"$server_port","status":"$status",'
    '"method":"$request_method","uri":"$request_uri",'
    '"requestId":"$http_x_shipshape_request_id","userAgent":"$http_user_agent"}';
  access_log ${join(prefix, 'access.log')} shipshape;
  server_tokens off;
  keepalive_timeout 5s;

${httpBlock}
}
`;
}

function nobodyGroup(): string {
  const groups = readFileSync('/etc/group', 'utf8');
  return /^nogroup:/m.test(groups) ? 'nogroup' : 'nobody';
}

export interface RunningNginx {
  prefix: string;
  accessLog: string;
  readAccessLog(): AccessLogEntry[];
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground with `config` as its nginx.conf and resolves once every port
 * accepts connections. The prefix folder must exist; nginx keeps all its files there.
 */
export async function startNginx(
  prefix: string,
  config: string,
  ports: number[],
): Promise<RunningNginx> {
  const configFile = join(prefix, 'nginx.conf');
  writeFileSync(configFile, config);
  // Workers run as nobody when the tests run as root; they must be able to enter the prefix.
  chmodSync(prefix, 0o755);

  const child = spawn(
    NGINX_BINARY,
    ['-p', prefix, '-c', configFile, '-e', join(prefix, 'error.log')],
    {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });

  const accessLog = join(prefix, 'access.log');
  const running: RunningNginx = {
    prefix,
    accessLog,
    readAccessLog: () => readAccessLog(accessLog),
    stop: () => stopNginx(child),
  };

  try {
    await waitUntilListening(child, ports, () => describeFailure(prefix, stderr));
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

async function waitUntilListening(
  child: ChildProcess,
  ports: number[],
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (const port of ports) {
    while (!(await accepts(port))) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`nginx exited before listening: ${describe()}`);
      }
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${describe()}`);
      await sleep(50);
    }
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 500 });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

function describeFailure(prefix: string, stderr: string): string {
  const errorLog = join(prefix, 'error.log');
  const logged = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
  return `${stderr}\n${logged}`.trim() || '(nothing logged)';
}

/** Graceful quit first; the whole process group is killed if nginx does not leave in time. */
async function stopNginx(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  child.kill('SIGQUIT');
  if (await within(exited, QUIT_TIMEOUT_MS)) return;

  try {
    // Negative pid: the group that `detached` gave nginx, so its workers go too.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  await within(exited, KILL_TIMEOUT_MS);
}

async function within(work: Promise<void>, ms: number): Promise<boolean> {
  const timeout = sleep(ms, false, { ref: false });
  return Promise.race([work.then(() => true), timeout]);
}

export function readAccessLog(file: string): AccessLogEntry[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const raw = JSON.parse(line) as Record<string, string>;
    return {
      port: Number(raw.port),
      status: Number(raw.status),
      method: raw.method ?? '',
      uri: raw.uri ?? '',
      requestId: raw.requestId ?? '',
      userAgent: raw.userAgent ?? '',
    };
  });
}

/**
 * nginx writes a request's log line after it has sent the answer, so the last line may land
 * a moment after the client is done: wait, bounded, until `count` lines are there.
 */
export async function waitForAccessLog(
  nginx: RunningNginx,
  count: number,
  timeoutMs = 1000,
): Promise<AccessLogEntry[]> {
  const deadline = Date.now() + timeoutMs;
  let entries = nginx.readAccessLog();
  while (entries.length < count && Date.now() < deadline) {
    await sleep(25);
    entries = nginx.readAccessLog();
  }
  return entries;
}
