import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nginxAutoindex from '../../../src/checks/nginx/nginx-autoindex.js';
import nginxServerTokens from '../../../src/checks/nginx/nginx-server-tokens.js';
import nginxSyntax from '../../../src/checks/nginx/nginx-syntax.js';
import type { NginxTest, NginxTestRun } from '../../../src/gather/nginx/types.js';
import { nginxArtifact, runNginxCheck } from '../../support/nginx-artifact.js';

const VALID = { 'nginx.conf': 'events {}\nhttp {\n  server { listen 80; }\n}\n' };

function run(overrides: Partial<NginxTestRun>): NginxTest {
  return {
    ran: true,
    binary: '/usr/sbin/nginx',
    version: '1.22.1',
    runs: [
      {
        root: 'nginx.conf',
        loadedAs: 'main',
        ok: true,
        exitCode: 0,
        timedOut: false,
        messages: [],
        ...overrides,
      },
    ],
  };
}

describe('nginx-syntax', () => {
  const judge = (files: Record<string, string>, test?: NginxTest) =>
    runNginxCheck(nginxSyntax, nginxArtifact(files, test ? { test } : {}));

  it('has its id', () => assert.equal(nginxSyntax.id, 'nginx-syntax'));

  it('fails on a syntax error with its file and line, whatever nginx -t says', () => {
    const finding = judge({
      'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n',
    });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.location, { file: 'nginx.conf', line: 5 });
  });

  it('passes on the parser`s verdict when nginx is not installed, and says what was not checked', () => {
    const finding = judge(VALID);
    assert.equal(finding.status, 'pass');
    assert.match(finding.message, /nginx -t did not run/);
  });

  it('passes when nginx -t accepts the configuration', () => {
    assert.equal(judge(VALID, run({})).status, 'pass');
  });

  it('fails when nginx -t refuses the configuration itself', () => {
    const test = run({
      ok: false,
      exitCode: 1,
      messages: [
        {
          level: 'emerg',
          text: 'unknown directive "proxy_passs"',
          file: 'nginx.conf',
          line: 3,
          cause: 'config',
        },
      ],
    });
    const finding = judge(VALID, test);
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.location, { file: 'nginx.conf', line: 3 });
  });

  it('warns, never passes, when nginx -t stopped at what only the server has in every configuration', () => {
    const test = run({
      ok: false,
      exitCode: 1,
      messages: [
        {
          level: 'emerg',
          text: 'host not found in upstream "undefined_upstream"',
          file: 'nginx.conf',
          line: 3,
          cause: 'environment',
        },
      ],
    });
    const finding = judge(VALID, test);
    assert.equal(finding.status, 'warn');
    assert.match(
      finding.message,
      /nginx 1\.22\.1 -t could not get through the configuration \(nginx\.conf stopped at host not found in upstream "undefined_upstream" \(nginx\.conf:3\)\)/,
    );
    assert.doesNotMatch(finding.message, /accepts 0 of 1/);
    assert.match(finding.remediation!, /sudo nginx -t/);
    assert.match(finding.message, /sudo nginx -t/);
  });

  it('locates a warning where nginx -t stopped, else at the configuration it tested', () => {
    const stopped = run({
      ok: false,
      exitCode: 1,
      messages: [
        {
          level: 'emerg',
          text: 'host not found in upstream "app"',
          file: 'nginx.conf',
          line: 3,
          cause: 'environment',
        },
      ],
    });
    assert.deepEqual(judge(VALID, stopped).location, { file: 'nginx.conf', line: 3 });
    const timedOut = judge(VALID, run({ ok: false, exitCode: null, timedOut: true }));
    assert.deepEqual(timedOut.location, { file: 'nginx.conf' });
    const none = judge(VALID, { ran: true, binary: '/usr/sbin/nginx', runs: [] });
    assert.deepEqual(none.location, { file: 'nginx.conf' });
  });

  it('warns when nginx -t timed out or was stopped before any configuration', () => {
    assert.equal(judge(VALID, run({ ok: false, exitCode: null, timedOut: true })).status, 'warn');
    const none = judge(VALID, { ran: true, binary: '/usr/sbin/nginx', runs: [] });
    assert.equal(none.status, 'warn');
    assert.match(none.message, /before it tested any configuration/);
  });

  it('passes when nginx -t accepts one configuration and another stops at what the server has', () => {
    const stopped: NginxTestRun = {
      root: 'sites/api.conf',
      loadedAs: 'http',
      ok: false,
      exitCode: 1,
      timedOut: false,
      messages: [
        {
          level: 'emerg',
          text: 'cannot load certificate "/etc/letsencrypt/live/x/fullchain.pem"',
          cause: 'environment',
        },
      ],
    };
    const accepted = run({});
    if (!accepted.ran) throw new Error('unreachable');
    const finding = judge(VALID, { ...accepted, runs: [...accepted.runs, stopped] });
    assert.equal(finding.status, 'pass');
    assert.match(finding.message, /accepts 1 of 2 configurations; 1 stopped .* `sudo nginx -t`/);
    assert.ok(
      finding.evidence!.some((evidence) => /cannot load certificate/.test(evidence.message)),
    );
  });
});

describe('nginx-server-tokens', () => {
  const judge = (http: string, server = '') =>
    runNginxCheck(
      nginxServerTokens,
      nginxArtifact({
        'nginx.conf': `events {}\nhttp {\n  ${http}\n  server {\n    ${server}\n    location / { }\n  }\n}\n`,
      }),
    );

  it('has its id', () => assert.equal(nginxServerTokens.id, 'nginx-server-tokens'));

  it('passes when server_tokens is off at the http level', () => {
    assert.equal(judge('server_tokens off;').status, 'pass');
  });

  it('warns when it is not set (nginx defaults to on), once per server', () => {
    const finding = judge('');
    assert.equal(finding.status, 'warn');
    assert.equal(finding.evidence!.length, 1);
  });

  it('warns when a server turns it back on', () => {
    const finding = judge('server_tokens off;', 'server_tokens on;');
    assert.equal(finding.status, 'warn');
    assert.equal(finding.location!.line, 5);
  });
});

describe('nginx-autoindex', () => {
  const judge = (text: string) =>
    runNginxCheck(nginxAutoindex, nginxArtifact({ 'site.conf': text }));

  it('has its id', () => assert.equal(nginxAutoindex.id, 'nginx-autoindex'));

  it('passes when no level turns autoindex on', () => {
    assert.equal(judge('server { listen 80; location / { autoindex off; } }').status, 'pass');
  });

  it('warns at the directive that turns it on, once for the levels that inherit it', () => {
    const finding = judge(
      'server {\n  listen 80;\n  autoindex on;\n  location /a/ { }\n  location /b/ { }\n}\n',
    );
    assert.equal(finding.status, 'warn');
    assert.deepEqual(finding.location, { file: 'site.conf', line: 3 });
    assert.equal(finding.evidence!.length, 1);
  });

  it('skips a configuration without a server', () => {
    assert.equal(judge('upstream app {\n  server 127.0.0.1:8000;\n}\n').status, 'skip');
  });
});
