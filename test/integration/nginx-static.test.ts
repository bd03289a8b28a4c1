import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { judgeFraming } from '../../src/checks/headers/framing-policy.js';
import { judgeNosniff } from '../../src/checks/headers/nosniff-header.js';
import nginxFrameOptions from '../../src/checks/nginx/nginx-frame-options.js';
import nginxHttpsRedirect from '../../src/checks/nginx/nginx-https-redirect.js';
import nginxNosniff from '../../src/checks/nginx/nginx-nosniff.js';
import { judgeRedirect } from '../../src/checks/tls/https-redirect.js';
import type { HttpResponse } from '../../src/gather/http.js';
import { buildNginxConfig, fileSystemSource } from '../../src/gather/nginx/nginx-config.js';
import { testNginxRoots } from '../../src/gather/nginx/nginx-test.js';
import type { NginxConfig, NginxScope } from '../../src/gather/nginx/types.js';
import {
  type CertificateFiles,
  findFreePorts,
  hasNginx,
  makeCertificate,
  NGINX_BINARY,
  nginxConfig,
  type RunningNginx,
  startNginx,
} from '../support/nginx.js';
import { runNginxCheck } from '../support/nginx-artifact.js';

/** nginx adds a header without `always` only to these statuses. */
const SUCCESS = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);
const REQUEST_TIMEOUT_MS = 3000;

function httpBlock(ports: { http: number; tls: number }, certificate: CertificateFiles): string {
  return `  limit_req_zone $binary_remote_addr zone=api:1m rate=10r/s;

  server {
    listen 127.0.0.1:${ports.http};
    server_name localhost;
    return 301 https://$host:${ports.tls}$request_uri;
  }

  server {
    listen 127.0.0.1:${ports.tls} ssl;
    server_name localhost;
    ssl_certificate ${certificate.certFile};
    ssl_certificate_key ${certificate.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    default_type text/plain;
    add_header Strict-Transport-Security "max-age=63072000" always;
    add_header X-Frame-Options DENY always;
    add_header X-Content-Type-Options nosniff;

    location = / { return 200 'root'; }
    location /api/ {
      add_header X-Api-Version 1 always;
      location = /api/v1/health { return 200 'ok'; }
      location /api/v1/missing { return 404 'missing'; }
      return 200 'api';
    }
    location /static/ { return 200 'static'; }
    location /error/ { return 500 'boom'; }
    location /nested/ {
      add_header X-Frame-Options SAMEORIGIN always;
      location /nested/inner/ { return 200 'inner'; }
    }
  }
`;
}

/** Which location nginx picks for each path: the test knows its own configuration. */
const ROUTES: [path: string, scope: string[]][] = [
  ['/', ['= /']],
  ['/api/anything', ['/api/']],
  ['/api/v1/health', ['/api/', '= /api/v1/health']],
  ['/api/v1/missing', ['/api/', '/api/v1/missing']],
  ['/static/app.js', ['/static/']],
  ['/error/x', ['/error/']],
  ['/nested/inner/page', ['/nested/', '/nested/inner/']],
];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

function get(url: string, ca: string): Promise<Answer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { ca, timeout: REQUEST_TIMEOUT_MS, headers: { connection: 'close' } },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url}`)));
    request.on('error', reject);
    request.end();
  });
}

function asResponse(answer: Answer): HttpResponse {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value : [value];
  }
  return { status: answer.status, headers, body: '', truncated: false, elapsedMs: 0 };
}

function scopeAt(config: NginxConfig, route: string[]): NginxScope {
  const tls = config.roots[0]!.servers.find((server) => server.tls)!;
  let scope = tls.scope;
  for (const step of route) {
    const next = scope.children.find((child) => child.args.join(' ') === step);
    assert.ok(next, `no location ${step}`);
    scope = next;
  }
  return scope;
}

/** The headers the resolver says nginx adds to an answer of `status` at this level. */
function predictedHeaders(scope: NginxScope, status: number): string[] {
  return scope.headers
    .filter((header) => header.always || SUCCESS.has(status))
    .map((header) => header.name.toLowerCase())
    .sort();
}

describe('the nginx audit agrees with a real nginx', {
  skip: hasNginx() ? false : 'nginx is not installed: run scripts/test-setup.sh',
}, () => {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-nginx-static-'));
  const configured = new Set<string>();
  let nginx: RunningNginx | undefined;
  let ports = { http: 0, tls: 0 };
  let ca = '';
  let config: NginxConfig;

  before(async () => {
    const [http, tls] = await findFreePorts(2);
    ports = { http: http!, tls: tls! };
    const certificate = await makeCertificate(root);
    ca = readFileSync(certificate.caFile, 'utf8');
    nginx = await startNginx(root, nginxConfig(root, httpBlock(ports, certificate)), [
      ports.http,
      ports.tls,
    ]);

    const source = fileSystemSource(root, ['nginx.conf']);
    const built = buildNginxConfig(source);
    assert.ok(built);
    const test = await testNginxRoots(built.config.roots, built.loader, {
      binary: NGINX_BINARY,
      projectRoot: root,
      readSource: source.readSource,
      timeoutMs: 10_000,
    });
    config = { ...built.config, test };
    for (const header of config.roots[0]!.servers.flatMap((server) => server.scope.headers)) {
      configured.add(header.name.toLowerCase());
    }
    configured.add('x-api-version');
  });

  after(async () => {
    await nginx?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('parses the running configuration, and nginx -t in the sandbox accepts it', () => {
    assert.deepEqual(config.errors, []);
    assert.ok(config.test.ran);
    assert.deepEqual(
      config.test.runs.map((run) => [run.root, run.ok]),
      [['nginx.conf', true]],
    );
  });

  for (const [path, route] of ROUTES) {
    it(`predicts the headers nginx sends for ${path}`, async () => {
      const answer = await get(`https://127.0.0.1:${ports.tls}${path}`, ca);
      const sent = Object.keys(answer.headers)
        .filter((name) => configured.has(name))
        .sort();
      assert.deepEqual(
        predictedHeaders(scopeAt(config, route), answer.status),
        sent,
        `status ${answer.status}`,
      );
    });
  }

  it('fails framing and nosniff where the live judgement of the overridden location fails', async () => {
    const answer = asResponse(await get(`https://127.0.0.1:${ports.tls}/api/v1/health`, ca));
    assert.equal(judgeFraming(answer).status, 'fail');
    assert.equal(judgeNosniff(answer).status, 'fail');
    assert.equal(runNginxCheck(nginxFrameOptions, config).status, 'fail');
    assert.equal(runNginxCheck(nginxNosniff, config).status, 'fail');
  });

  it('passes the redirect that nginx really answers on the plain port', async () => {
    const url = `http://127.0.0.1:${ports.http}/some/path?q=1`;
    const answer = asResponse(await get(url, ca));
    const live = judgeRedirect({
      request: { url, method: 'GET', userAgent: null },
      response: answer,
    });
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.location?.[0], `https://127.0.0.1:${ports.tls}/some/path?q=1`);
    assert.equal(live.status, 'pass');
    assert.equal(runNginxCheck(nginxHttpsRedirect, config).status, 'pass');
  });
});
