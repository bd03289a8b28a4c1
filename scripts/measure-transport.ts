// Measures the transport part of a scan (TLS handshakes, the port probe, the Postgres probes and
// a database session) against nginx and Postgres on 127.0.0.1, and `testssl --protocols` against
// the same nginx, in one run. Run with: npx tsx scripts/measure-transport.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from '../test/support/certificates.js';
import { findFreePorts, nginxConfig, startNginx } from '../test/support/nginx.js';
import { startClusters } from '../test/support/postgres.js';
import { scanTransport } from '../test/support/transport.js';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-measure-'));
const pki = makeTestPki(join(dir, 'pki'));
const pair = pki.leaf('site', {
  names: ['localhost', '127.0.0.1'],
  notBeforeDays: -1,
  notAfterDays: 89,
});
const [port] = await findFreePorts(1);
const prefix = join(dir, 'nginx');
mkdirSync(prefix);
const site = `server { listen 127.0.0.1:${port} ssl; ssl_certificate ${pair.certFile};
  ssl_certificate_key ${pair.keyFile}; ssl_protocols TLSv1.2 TLSv1.3; return 200 'ok'; }`;
const nginx = await startNginx(prefix, nginxConfig(prefix, site), [port!]);
const postgres = await startClusters([
  { name: 'db', tls: pair, hba: ['hostssl all all 127.0.0.1/32 scram-sha-256'] },
]);
const [cluster] = postgres.clusters;
await cluster!.sql("alter role postgres password 'measure-only-pw'");

try {
  const started = performance.now();
  const report = await scanTransport({
    ca: readFileSync(pki.caFile, 'utf8'),
    config: {
      project: dir,
      target: { url: `https://127.0.0.1:${port}/` },
      database: {
        url: `postgresql://postgres:measure-only-pw@127.0.0.1:${cluster!.port}/postgres`,
      },
    },
  });
  const shipshapeMs = performance.now() - started;

  const testsslStarted = performance.now();
  const testssl = execFileSync(
    'testssl',
    [
      '--protocols',
      '--quiet',
      '--color',
      '0',
      '--warnings',
      'off',
      '--nodns',
      'none',
      `127.0.0.1:${port}`,
    ],
    { encoding: 'utf8' },
  );
  const testsslMs = performance.now() - testsslStarted;

  const checks = report.items
    .flatMap((item) => item.checks)
    .map((check) => `${check.id}=${check.status}`);
  process.stdout.write(
    `shipshape transport part: ${Math.round(shipshapeMs)} ms, ${report.stats.requests} connections ` +
      `${JSON.stringify(report.stats.requestsByKind)}\n  ${checks.join(' ')}\n` +
      `testssl --protocols: ${Math.round(testsslMs)} ms\n` +
      testssl
        .split('\n')
        .filter((line) => /^\s*(SSLv|TLS)/.test(line))
        .join('\n') +
      '\n',
  );
} finally {
  await nginx.stop();
  postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
