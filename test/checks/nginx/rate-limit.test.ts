import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nginxRateLimitBurst from '../../../src/checks/nginx/nginx-rate-limit-burst.js';
import nginxRateLimitCoverage from '../../../src/checks/nginx/nginx-rate-limit-coverage.js';
import nginxRateLimitRate from '../../../src/checks/nginx/nginx-rate-limit-rate.js';
import type { Policy } from '../../../src/core/config-schema.js';
import type { Status } from '../../../src/core/types.js';
import { nginxArtifact, runNginxCheck } from '../../support/nginx-artifact.js';

const CHECKS = [nginxRateLimitCoverage, nginxRateLimitRate, nginxRateLimitBurst];

function main(http: string): Record<string, string> {
  return { 'nginx.conf': `events {}\nhttp {\n${http}\n}\n` };
}

function statuses(files: Record<string, string>, policy: Partial<Policy> = {}): Status[] {
  const config = nginxArtifact(files);
  return CHECKS.map((check) => runNginxCheck(check, config, policy).status);
}

const ZONE = 'limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;';

describe('nginx rate-limit checks', () => {
  it('have their ids', () => {
    assert.deepEqual(
      CHECKS.map((check) => check.id),
      ['nginx-rate-limit-coverage', 'nginx-rate-limit-rate', 'nginx-rate-limit-burst'],
    );
  });

  it('pass a zone per client address applied to every API location within the policy', () => {
    const files = main(`${ZONE}
  server {
    listen 80;
    limit_req_status 429;
    location /api/ { limit_req zone=api burst=20 nodelay; proxy_pass http://app; }
    location / { root /srv/www; }
  }`);
    assert.deepEqual(statuses(files), ['pass', 'pass', 'pass']);
  });

  it('fail everything when no zone is defined', () => {
    const files = main('server { location /api/ { proxy_pass http://app; } }');
    assert.deepEqual(statuses(files), ['fail', 'fail', 'fail']);
    const finding = runNginxCheck(nginxRateLimitCoverage, nginxArtifact(files));
    assert.match(finding.message, /^No limit_req_zone/);
  });

  it('fail coverage where a zone is defined but one API location is left out', () => {
    const files = main(`${ZONE}
  server {
    location /api/v1/ { limit_req zone=api burst=20; proxy_pass http://app; }
    location /api/v2/ { proxy_pass http://app; }
  }`);
    const finding = runNginxCheck(nginxRateLimitCoverage, nginxArtifact(files));
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.location, { file: 'nginx.conf', line: 6 });
  });

  it('count a limit_req inherited from the server level, and name zones that nothing applies', () => {
    const files = main(`${ZONE}
  limit_req_zone $binary_remote_addr zone=unused:1m rate=1r/s;
  server {
    limit_req zone=api burst=10;
    location /api/ { proxy_pass http://app; }
  }`);
    const finding = runNginxCheck(nginxRateLimitCoverage, nginxArtifact(files));
    assert.equal(finding.status, 'pass');
    assert.ok(finding.evidence!.some((evidence) => /unused/.test(evidence.message)));
  });

  it('fail coverage when limit_req names a zone that is not defined', () => {
    const files = main('server { location /api/ { limit_req zone=nope; proxy_pass http://app; } }');
    assert.equal(runNginxCheck(nginxRateLimitCoverage, nginxArtifact(files)).status, 'fail');
  });

  it('warn on a dry run, which refuses nothing', () => {
    const files = main(
      `${ZONE}\n  limit_req_dry_run on;\n  server { location /api/ { limit_req zone=api burst=5; proxy_pass http://app; } }`,
    );
    assert.equal(runNginxCheck(nginxRateLimitCoverage, nginxArtifact(files)).status, 'warn');
  });
});

describe('nginx-rate-limit-rate', () => {
  const judge = (zone: string, extra = '', policy: Partial<Policy> = {}) =>
    runNginxCheck(
      nginxRateLimitRate,
      nginxArtifact(
        main(
          `${zone}\n  server { ${extra} location /api/ { limit_req zone=api burst=20; proxy_pass http://app; } }`,
        ),
      ),
      policy,
    ).status;

  it('fails a rate above the policy and passes one at or below it', () => {
    assert.equal(judge('limit_req_zone $binary_remote_addr zone=api:10m rate=30r/s;'), 'fail');
    assert.equal(judge('limit_req_zone $binary_remote_addr zone=api:10m rate=600r/m;'), 'pass');
    assert.equal(judge(ZONE, '', { rate: 5 }), 'fail');
  });

  it('warns on a key that is not the client address, or that the client sends', () => {
    assert.equal(judge('limit_req_zone $server_name zone=api:10m rate=10r/s;'), 'warn');
    assert.equal(judge('limit_req_zone $http_x_forwarded_for zone=api:10m rate=10r/s;'), 'warn');
  });

  it('accepts 429 and nginx`s default 503, and warns on any other status', () => {
    assert.equal(judge(ZONE, 'limit_req_status 429;'), 'pass');
    assert.equal(judge(ZONE, 'limit_req_status 444;'), 'warn');
  });

  it('fails a rate nginx cannot read', () => {
    assert.equal(judge('limit_req_zone $binary_remote_addr zone=api:10m rate=fast;'), 'fail');
  });

  it('judges the strictest of several limits', () => {
    const zones = `${ZONE}\n  limit_req_zone $binary_remote_addr zone=wide:10m rate=100r/s;`;
    const files = main(
      `${zones}\n  server { location /api/ { limit_req zone=wide; limit_req zone=api burst=5; proxy_pass http://app; } }`,
    );
    assert.equal(runNginxCheck(nginxRateLimitRate, nginxArtifact(files)).status, 'pass');
  });
});

describe('nginx-rate-limit-burst', () => {
  const judge = (limit: string, policy: Partial<Policy> = {}) =>
    runNginxCheck(
      nginxRateLimitBurst,
      nginxArtifact(
        main(`${ZONE}\n  server { location /api/ { ${limit} proxy_pass http://app; } }`),
      ),
      policy,
    ).status;

  it('passes a burst within the policy, fails one above it, warns without one', () => {
    assert.equal(judge('limit_req zone=api burst=20 nodelay;'), 'pass');
    assert.equal(judge('limit_req zone=api burst=50;'), 'fail');
    assert.equal(judge('limit_req zone=api;'), 'warn');
    assert.equal(judge('limit_req zone=api burst=20;', { burst: 10 }), 'fail');
  });
});

describe('nginx rate-limit messages', () => {
  const message = (check: typeof nginxRateLimitBurst, zone: string, limit: string) =>
    runNginxCheck(
      check,
      nginxArtifact(
        main(`${zone}\n  server { location /api/ { ${limit} proxy_pass http://app; } }`),
      ),
    ).message;

  it('keep a directive or parameter at the start of a sentence as nginx spells it', () => {
    assert.match(message(nginxRateLimitBurst, ZONE, 'limit_req zone=api burst=50;'), /^limit_req /);
    assert.match(message(nginxRateLimitBurst, ZONE, 'limit_req zone=api;'), /^limit_req zone=api /);
    const forwarded = 'limit_req_zone $http_x_forwarded_for zone=api:10m rate=10r/s;';
    assert.doesNotMatch(
      message(nginxRateLimitRate, forwarded, 'limit_req zone=api;'),
      /Zone|Limit_req/,
    );
  });

  it('start a sentence of prose with a capital', () => {
    assert.match(message(nginxRateLimitCoverage, '', ''), /^No /);
  });
});

describe('nginx rate-limit locations', () => {
  it('are located at the directive that decides, with the location block named in the message', () => {
    const files = main(`  ${ZONE}
  limit_req_status 429;
  server {
    location /api/ {
      proxy_pass http://app;
      limit_req zone=api burst=50;
    }
  }`);
    const config = nginxArtifact(files);
    const burst = runNginxCheck(nginxRateLimitBurst, config);
    assert.equal(burst.status, 'fail');
    assert.deepEqual(burst.location, { file: 'nginx.conf', line: 8 });
    assert.match(burst.message, /^limit_req zone=api at nginx\.conf:8: .* at nginx\.conf:6\.$/);

    const fast = runNginxCheck(nginxRateLimitRate, config, { rate: 5 });
    assert.equal(fast.status, 'fail');
    assert.deepEqual(fast.location, { file: 'nginx.conf', line: 3 });
    assert.match(fast.message, /at nginx\.conf:6\.$/);

    const dry = main(
      `  ${ZONE}\n  server {\n    location /api/ {\n      limit_req_dry_run on;\n      limit_req zone=api burst=5;\n      proxy_pass http://app;\n    }\n  }`,
    );
    const coverage = runNginxCheck(nginxRateLimitCoverage, nginxArtifact(dry));
    assert.equal(coverage.status, 'warn');
    assert.deepEqual(coverage.location, { file: 'nginx.conf', line: 6 });
  });
});
