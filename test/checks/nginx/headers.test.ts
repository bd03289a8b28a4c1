import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeCsp } from '../../../src/checks/headers/csp-policy.js';
import { judgeFraming } from '../../../src/checks/headers/framing-policy.js';
import { judgeHsts } from '../../../src/checks/headers/hsts-policy.js';
import { judgeNosniff } from '../../../src/checks/headers/nosniff-header.js';
import nginxCsp from '../../../src/checks/nginx/nginx-csp.js';
import nginxFrameOptions from '../../../src/checks/nginx/nginx-frame-options.js';
import nginxHsts from '../../../src/checks/nginx/nginx-hsts.js';
import nginxNosniff from '../../../src/checks/nginx/nginx-nosniff.js';
import type { CheckDefinition, Status } from '../../../src/core/types.js';
import type { HttpResponse } from '../../../src/gather/http.js';
import { response } from '../../support/exchanges.js';
import { DEFAULT_POLICY, nginxArtifact, runNginxCheck } from '../../support/nginx-artifact.js';

const CHECKS = [nginxHsts, nginxFrameOptions, nginxCsp, nginxNosniff];

const STRICT = `
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'none'; base-uri 'none'; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;`;

function server(body: string, listen = 'listen 443 ssl;'): string {
  return `server {\n    ${listen}\n    server_name api.example.com;\n${body}\n}\n`;
}

function statuses(files: Record<string, string>): Record<string, Status> {
  const config = nginxArtifact(files);
  return Object.fromEntries(
    CHECKS.map((check) => [
      check.id,
      runNginxCheck(check as CheckDefinition<'nginxConfig'>, config).status,
    ]),
  );
}

function all(status: Status): Record<string, Status> {
  return Object.fromEntries(CHECKS.map((check) => [check.id, status]));
}

describe('nginx header checks', () => {
  it('have their ids and need only the nginx configuration', () => {
    assert.deepEqual(
      CHECKS.map((check) => check.id),
      ['nginx-hsts', 'nginx-frame-options', 'nginx-csp', 'nginx-nosniff'],
    );
    for (const check of CHECKS) assert.deepEqual(check.needs, ['nginxConfig']);
  });

  it('pass with strict headers, sent always, at the server level', () => {
    const files = {
      'site.conf': server(`${STRICT}\n    location /api/ { proxy_pass http://app; }`),
    };
    assert.deepEqual(statuses(files), all('pass'));
  });

  it('fail where a location`s own add_header drops the server`s headers', () => {
    const files = {
      'site.conf': server(
        `${STRICT}\n    location /api/ {\n      add_header X-Api-Version 1 always;\n      proxy_pass http://app;\n    }`,
      ),
    };
    assert.deepEqual(statuses(files), all('fail'));
    const finding = runNginxCheck(nginxHsts, nginxArtifact(files));
    assert.deepEqual(finding.location, { file: 'site.conf', line: 9 });
    assert.match(finding.message, /site\.conf:5.*site\.conf:10/);
  });

  it('carry the override into nested locations', () => {
    const files = {
      'site.conf': server(
        `${STRICT}\n    location /api/ {\n      add_header Cache-Control no-store;\n      location /api/v1/ { proxy_pass http://app; }\n    }`,
      ),
    };
    const finding = runNginxCheck(nginxNosniff, nginxArtifact(files));
    assert.equal(finding.status, 'fail');
    assert.equal(finding.evidence!.length, 2);
  });

  it('warn when headers lack `always`, as error responses go without them', () => {
    const files = { 'site.conf': server(STRICT.replaceAll(' always;', ';')) };
    assert.deepEqual(statuses(files), all('warn'));
  });

  it('leave a header to the application behind proxy_pass when nginx sets none anywhere', () => {
    const files = { 'site.conf': server('    location /api/ { proxy_pass http://app; }') };
    assert.deepEqual(statuses(files), all('manual'));
  });

  it('fail when nginx answers itself and sets no header', () => {
    const files = { 'site.conf': server('    location / { return 200 ok; }') };
    assert.deepEqual(statuses(files), all('fail'));
  });

  it('judge a header set from a map per kind of response', () => {
    const files = {
      'nginx.conf': `events {}
http {
  map $sent_http_content_type $frame { ~*text/html DENY; }
  map $sent_http_content_type $nosniff { default nosniff; }
  ${server('    add_header X-Frame-Options $frame always;\n    add_header X-Content-Type-Options $nosniff always;\n    location /api/ { proxy_pass http://app; }')}
}
`,
    };
    const config = nginxArtifact(files);
    assert.equal(runNginxCheck(nginxFrameOptions, config).status, 'warn');
    assert.equal(runNginxCheck(nginxNosniff, config).status, 'pass');
  });

  it('warn when a value comes from a variable no map defines', () => {
    const files = {
      'site.conf': server('    add_header X-Content-Type-Options $http_x_opts always;'),
    };
    assert.equal(runNginxCheck(nginxNosniff, nginxArtifact(files)).status, 'warn');
  });

  it('fail when one server of several lacks the header', () => {
    const files = {
      'a.conf': server(STRICT),
      'b.conf': server('    location / { root /srv; }', 'listen 8443 ssl;'),
    };
    assert.deepEqual(statuses(files), all('fail'));
  });

  it('follow includes, and name the snippet line that drops the headers', () => {
    const files = {
      'nginx/nginx.conf': 'events {}\nhttp {\n  include sites-enabled/*.conf;\n}\n',
      'nginx/sites-enabled/api.conf': server(
        '    include snippets/security-headers.conf;\n    location /api/ {\n      include snippets/cors.conf;\n      proxy_pass http://app;\n    }',
      ),
      'nginx/snippets/security-headers.conf': STRICT,
      'nginx/snippets/cors.conf':
        'add_header Access-Control-Allow-Origin https://app.example.com always;\n',
    };
    const finding = runNginxCheck(nginxCsp, nginxArtifact(files));
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /security-headers\.conf:4 .* nginx\/snippets\/cors\.conf:1 /);
    assert.deepEqual(finding.location, { file: 'nginx/sites-enabled/api.conf', line: 5 });
    const without = { ...files, 'nginx/snippets/cors.conf': '# no headers here\n' };
    assert.equal(runNginxCheck(nginxCsp, nginxArtifact(without)).status, 'pass');
  });

  it('skip a configuration with no server, or only redirects', () => {
    assert.deepEqual(statuses({ 'nginx.conf': 'events {}\nhttp {}\n' }), all('skip'));
    const redirects = { 'site.conf': server('    return 301 https://example.com$request_uri;') };
    assert.deepEqual(statuses(redirects), all('skip'));
  });
});

describe('header values, judged as the live checks judge them', () => {
  const cases: [
    CheckDefinition<'nginxConfig'>,
    (response: HttpResponse, url: string) => { status: string },
    string,
    string,
  ][] = [
    [
      nginxHsts,
      (r, u) => judgeHsts(r, u, DEFAULT_POLICY.hstsMaxAge),
      'Strict-Transport-Security',
      'max-age=2592000',
    ],
    [
      nginxHsts,
      (r, u) => judgeHsts(r, u, DEFAULT_POLICY.hstsMaxAge),
      'Strict-Transport-Security',
      'max-age=0',
    ],
    [
      nginxHsts,
      (r, u) => judgeHsts(r, u, DEFAULT_POLICY.hstsMaxAge),
      'Strict-Transport-Security',
      'max-age=300',
    ],
    [nginxFrameOptions, judgeFraming, 'X-Frame-Options', 'SAMEORIGIN'],
    [nginxFrameOptions, judgeFraming, 'Content-Security-Policy', "frame-ancestors 'none'"],
    [
      nginxCsp,
      judgeCsp,
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline'",
    ],
    [nginxCsp, judgeCsp, 'Content-Security-Policy-Report-Only', "default-src 'none'"],
    [
      nginxCsp,
      judgeCsp,
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'unsafe-eval'",
    ],
    [nginxNosniff, judgeNosniff, 'X-Content-Type-Options', 'sniff'],
  ];

  for (const [check, live, name, value] of cases) {
    it(`${check.id}: ${name}: ${value}`, () => {
      const files = { 'site.conf': server(`    add_header ${name} "${value}" always;`) };
      const expected = live(response(200, { [name]: value }), 'https://api.example.com/');
      assert.equal(runNginxCheck(check, nginxArtifact(files)).status, expected.status);
    });
  }

  it('nginx-hsts leaves a plain-HTTP-only configuration to whatever terminates TLS', () => {
    const files = {
      'site.conf': server(
        '    add_header Strict-Transport-Security "max-age=63072000" always;',
        'listen 80;',
      ),
    };
    assert.equal(runNginxCheck(nginxHsts, nginxArtifact(files)).status, 'manual');
  });
});

describe('nginx header locations', () => {
  it('locate a wrong header at its add_header line, inherited by the location judged', () => {
    const files = {
      'site.conf': server(
        '    add_header X-Content-Type-Options nosniff;\n    location /api/ {\n      proxy_pass http://app;\n    }',
      ),
    };
    const finding = runNginxCheck(nginxNosniff, nginxArtifact(files));
    assert.equal(finding.status, 'warn');
    assert.deepEqual(finding.location, { file: 'site.conf', line: 4 });
    assert.match(finding.message, /\(site\.conf:4\).*location \/api\/ .* at site\.conf:5\.$/);

    const wrong = {
      'site.conf': server(
        '    add_header X-Content-Type-Options sniff always;\n    location /api/ {\n      proxy_pass http://app;\n    }',
      ),
    };
    const bad = runNginxCheck(nginxNosniff, nginxArtifact(wrong));
    assert.equal(bad.status, 'fail');
    assert.deepEqual(bad.location, { file: 'site.conf', line: 4 });
    assert.match(
      bad.message,
      /\(add_header X-Content-Type-Options at site\.conf:4\): location \/api\/ .* at site\.conf:5\.$/,
    );
  });
});
