import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:tls';
import type { Report } from '../../src/core/types.js';
import { classifyHandshakeError, handshake } from '../../src/gather/tls.js';
import { type KeyPair, makeTestPki } from '../support/certificates.js';
import {
  findFreePorts,
  hasNginx,
  nginxConfig,
  type RunningNginx,
  startNginx,
} from '../support/nginx.js';
import { checkOf, scanTransport } from '../support/transport.js';

const SITES = ['modern', 'legacy', 'expired', 'wrongName', 'expiring', 'selfSigned'] as const;
type Site = (typeof SITES)[number];

const MODERN = 'ssl_protocols TLSv1.2 TLSv1.3;';
// OpenSSL 3 serves TLS 1.0 and 1.1 only at security level 0, as Debian's old defaults did.
const LEGACY = "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers 'DEFAULT:@SECLEVEL=0';";

function serverBlock(port: number, pair: KeyPair, protocols: string): string {
  return `  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${pair.certFile};
    ssl_certificate_key ${pair.keyFile};
    ${protocols}
    location / { return 200 'ok'; }
  }
`;
}

describe('TLS handshakes against nginx on loopback', {
  skip: !hasNginx() && 'nginx is not installed',
}, () => {
  let dir: string;
  let nginx: RunningNginx;
  let ca: string;
  const ports = {} as Record<Site, number>;
  const reports = new Map<string, Report>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-tls-'));
    const pki = makeTestPki(join(dir, 'pki'));
    ca = readFileSync(pki.caFile, 'utf8');
    const loopback = ['localhost', '127.0.0.1'];
    const pairs: Record<Site, KeyPair> = {
      modern: pki.leaf('modern', { names: loopback, notBeforeDays: -1, notAfterDays: 89 }),
      legacy: pki.leaf('legacy', {
        names: loopback,
        notBeforeDays: -1,
        notAfterDays: 364,
        key: 'rsa',
      }),
      expired: pki.leaf('expired', { names: loopback, notBeforeDays: -100, notAfterDays: -10 }),
      wrongName: pki.leaf('wrong', {
        names: ['wrong.example'],
        notBeforeDays: -1,
        notAfterDays: 89,
      }),
      expiring: pki.leaf('expiring', { names: loopback, notBeforeDays: -85, notAfterDays: 5.5 }),
      selfSigned: pki.selfSigned('self', loopback),
    };

    const free = await findFreePorts(SITES.length);
    SITES.forEach((site, i) => {
      ports[site] = free[i]!;
    });
    const blocks = SITES.map((site) =>
      serverBlock(ports[site], pairs[site], site === 'legacy' ? LEGACY : MODERN),
    );
    const prefix = join(dir, 'nginx');
    mkdirSync(prefix);
    nginx = await startNginx(prefix, nginxConfig(prefix, blocks.join('\n')), free);
  });

  after(async () => {
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scanSite(site: Site, withCa = true): Promise<Report> {
    const key = `${site}:${withCa}`;
    const cached = reports.get(key);
    if (cached) return cached;
    const report = await scanTransport({
      config: {
        project: dir,
        target: { url: `https://127.0.0.1:${ports[site]}/` },
        probes: { ports: [ports[site]] },
      },
      ...(withCa ? { ca } : {}),
    });
    reports.set(key, report);
    return report;
  }

  test("'tls-protocol-versions' passes a TLS 1.2+ server and reports each version", async () => {
    const result = checkOf(await scanSite('modern'), 'tls-protocol-versions');
    assert.equal(result.status, 'pass');
    assert.equal(result.evidence.length, 4);
    assert.match(result.evidence[2]!.message, /TLS 1\.2: accepted, TLS 1\.2 with TLS_/);
    assert.match(result.evidence[3]!.message, /TLS 1\.3: accepted/);
    assert.match(result.evidence[0]!.message, /TLS 1\.0: refused by the server/);
  });

  test("'tls-protocol-versions' fails a server that accepts TLS 1.0 and 1.1", async () => {
    const result = checkOf(await scanSite('legacy'), 'tls-protocol-versions');
    assert.equal(result.status, 'fail');
    assert.match(result.evidence[0]!.message, /TLS 1\.0: accepted, TLS 1\.0 with /);
    assert.match(result.evidence[1]!.message, /TLS 1\.1: accepted/);
  });

  test("TLS 1.0 at the client's default security level fails on our side, and is told so", async () => {
    const error = await new Promise<Error>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port: ports.legacy,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1',
        rejectUnauthorized: false,
      });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve(new Error('the handshake succeeded'));
      });
      socket.once('error', resolve);
    });
    assert.equal(classifyHandshakeError(error).outcome, 'client-refused');
  });

  test('a handshake reads the key type, size and signature algorithm of the certificate', async () => {
    const result = await handshake({
      address: '127.0.0.1',
      port: ports.legacy,
      hostname: '127.0.0.1',
      version: 'TLSv1.2',
      timeoutMs: 3000,
      signal: new AbortController().signal,
    });
    assert.equal(result.outcome, 'accepted');
    assert.equal(result.certificate?.keyType, 'rsa');
    assert.equal(result.certificate?.keyBits, 2048);
    assert.equal(result.certificate?.signatureAlgorithm, 'ecdsa-with-SHA256');
  });

  test("'certificate-validity' passes a CA-signed, in-date certificate for the host", async () => {
    const report = await scanSite('modern');
    const result = checkOf(report, 'certificate-validity');
    assert.equal(result.status, 'pass', result.message);
    assert.match(result.message, /8[89] days left/);
    assert.equal(report.stats.requestsByKind.tls, 4);
  });

  test("'certificate-validity' fails an expired certificate", async () => {
    const result = checkOf(await scanSite('expired'), 'certificate-validity');
    assert.equal(result.status, 'fail');
    assert.match(result.message, /expired on/);
  });

  test("'certificate-validity' fails a certificate for another name", async () => {
    const result = checkOf(await scanSite('wrongName'), 'certificate-validity');
    assert.equal(result.status, 'fail');
    assert.match(result.message, /not valid for 127\.0\.0\.1/);
  });

  test("'certificate-validity' fails a certificate 5 days from expiry", async () => {
    const result = checkOf(await scanSite('expiring'), 'certificate-validity');
    assert.equal(result.status, 'fail');
    assert.match(result.message, /expires in 5 days/);
  });

  test("'certificate-validity' fails a self-signed certificate scanned without --ca", async () => {
    const result = checkOf(await scanSite('selfSigned', false), 'certificate-validity');
    assert.equal(result.status, 'fail');
    assert.match(result.message, /self-signed/);
    assert.match(result.message, /DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  test("'certificate-validity' fails a private CA's certificate without --ca", async () => {
    const result = checkOf(await scanSite('modern', false), 'certificate-validity');
    assert.equal(result.status, 'fail');
    assert.match(result.message, /system trust store/);
  });

  test("'certificate-lifetime' warns of a long-lived certificate near expiry, asks otherwise", async () => {
    assert.equal(checkOf(await scanSite('expiring'), 'certificate-lifetime').status, 'warn');
    assert.equal(checkOf(await scanSite('legacy'), 'certificate-lifetime').status, 'manual');
    assert.equal(checkOf(await scanSite('expired'), 'certificate-lifetime').status, 'fail');
  });

  test('a closed port leaves every check in error, never pass', async () => {
    const [closed] = await findFreePorts(1);
    const report = await scanTransport({
      config: {
        project: dir,
        target: { url: `https://127.0.0.1:${closed}/` },
        probes: { ports: [closed] },
      },
    });
    for (const id of ['tls-protocol-versions', 'certificate-validity', 'certificate-lifetime']) {
      assert.equal(checkOf(report, id).status, 'error', id);
    }
  });
});

describe('handshake error classification', () => {
  const withCode = (code: string, reason?: string) =>
    Object.assign(new Error(`${code} message`), { code, ...(reason ? { reason } : {}) });

  test('an alert from the server is its refusal', () => {
    const result = classifyHandshakeError(
      withCode('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version'),
    );
    assert.equal(result.outcome, 'refused');
  });

  test('our own policy declining is not the server refusing', () => {
    assert.equal(
      classifyHandshakeError(withCode('ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED')).outcome,
      'client-refused',
    );
    assert.equal(
      classifyHandshakeError(withCode('ERR_SSL_NO_PROTOCOLS_AVAILABLE')).outcome,
      'client-refused',
    );
  });

  test('an unknown failure is an error, and a refused connection is unreachable', () => {
    assert.equal(classifyHandshakeError(withCode('ERR_SOMETHING_NEW')).outcome, 'error');
    assert.equal(classifyHandshakeError(withCode('ECONNREFUSED')).outcome, 'unreachable');
  });
});
