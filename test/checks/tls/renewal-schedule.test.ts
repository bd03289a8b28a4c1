import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import check from '../../../src/checks/tls/renewal-schedule.js';
import { findRenewalSigns } from '../../../src/gather/renewal.js';
import { checkOf, scanTransport } from '../../support/transport.js';

describe("'renewal-schedule'", () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-renewal-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  test('is a check of tls.auto-renewal', () => {
    assert.equal(check.id, 'renewal-schedule');
  });

  test('passes a docker-compose certbot service that renews, with its file and line', async () => {
    const compose = [
      'services:',
      '  certbot:',
      '    image: certbot/certbot',
      '    entrypoint: "/bin/sh -c \'trap exit TERM; while :; do certbot renew; sleep 12h; done\'"',
      '',
    ].join('\n');
    const report = await scanTransport({
      checks: ['renewal-schedule'],
      config: { project: project({ 'docker-compose.yml': compose }) },
    });
    const result = checkOf(report, 'renewal-schedule');
    assert.equal(result.status, 'pass');
    assert.deepEqual(result.evidence[0]?.location, { file: 'docker-compose.yml', line: 4 });
  });

  test('is manual when the project has no renewal job', async () => {
    const report = await scanTransport({
      checks: ['renewal-schedule'],
      config: { project: project({ 'deploy.sh': 'certbot certonly --nginx -d example.com\n' }) },
    });
    assert.equal(checkOf(report, 'renewal-schedule').status, 'manual');
  });

  test('finds the usual renewal set-ups and skips comments', () => {
    const tools = (file: string, text: string) =>
      findRenewalSigns(file, text).map((found) => found.tool);
    assert.deepEqual(tools('crontab', '0 3 * * * certbot renew --quiet\n# certbot renew\n'), [
      'certbot',
    ]);
    assert.deepEqual(tools('setup.sh', 'systemctl enable --now certbot.timer\n'), ['certbot']);
    assert.deepEqual(tools('install.sh', 'acme.sh --install-cronjob\n'), ['acme.sh']);
    assert.deepEqual(tools('traefik.yml', 'certificatesResolvers:\n  le:\n    acme:\n'), [
      'Traefik',
    ]);
    assert.deepEqual(
      tools('docker-compose.yml', '- --certificatesresolvers.le.acme.tlschallenge=true\n'),
      ['Traefik'],
    );
    assert.deepEqual(
      tools('issuer.yaml', 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\n'),
      ['cert-manager'],
    );
    assert.deepEqual(tools('Caddyfile', 'api.example.com {\n  reverse_proxy app:8000\n}\n'), [
      'Caddy',
    ]);
    assert.deepEqual(tools('Caddyfile', '{\n  auto_https off\n}\n'), []);
  });
});
