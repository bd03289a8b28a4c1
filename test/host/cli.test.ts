import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { cli } from '../support/cli.js';
import { checkOf, FIXTURES, HEX, HostRoot, listen } from './host-root.js';

function project(config?: object): string {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-host-cli-'));
  if (config) writeFileSync(join(folder, 'shipshape.yaml'), JSON.stringify(config));
  return folder;
}

describe('shipshape scan --host and --firewall-output', () => {
  it('--firewall-output reads saved outputs, several after one flag', async () => {
    const result = await cli([
      'scan',
      '--project',
      project(),
      '--format',
      'json',
      '--firewall-output',
      join(FIXTURES, 'iptables-save.v4'),
      join(FIXTURES, 'ip6tables-save.v6'),
    ]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 1, 'firewall-database-port fails');
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(checkOf(report, 'firewall-default-policy').status, 'pass');
    assert.equal(checkOf(report, 'firewall-database-port').status, 'fail');
    assert.match(checkOf(report, 'firewall-database-port').message, /postgres 5432 over IPv6/);
    assert.equal(checkOf(report, 'security-log-freshness').status, 'skip');
  });

  it('--firewall-output may repeat, and the outputs add up', async () => {
    const result = await cli([
      'scan',
      '--project',
      project(),
      '--format',
      'json',
      '--firewall-output',
      join(FIXTURES, 'iptables-save.v4'),
      '--firewall-output',
      join(FIXTURES, 'ip6tables-save.v6'),
    ]);
    const policy = checkOf(JSON.parse(result.stdout) as Report, 'firewall-default-policy');
    assert.equal(policy.status, 'pass');
    assert.match(policy.message, /IPv4 drops incoming traffic by default; IPv6 drops/);
  });

  it('--host reads the host root the configuration names', async () => {
    const root = new HostRoot();
    root.write(
      '/etc/nftables.conf',
      'table inet filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n  tcp dport { 22, 443 } accept\n }\n}\n',
    );
    root.sockets([listen(HEX.loopback4, 5432)]);
    root.write('/var/log/app/security.log', 'entry\n', 1);
    const result = await cli([
      'scan',
      '--project',
      project({ host: { root: root.path } }),
      '--host',
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(checkOf(report, 'firewall-default-policy').status, 'pass');
    assert.equal(checkOf(report, 'firewall-open-ports').status, 'pass');
    assert.equal(checkOf(report, 'database-listen-address').status, 'pass');
    assert.equal(checkOf(report, 'security-log-freshness').status, 'pass');
    assert.equal(checkOf(report, 'log-rotation-rule').status, 'fail');
  });

  it('without --host, the host items are skipped and say so', async () => {
    const root = new HostRoot();
    root.write('/var/log/app/security.log', 'entry\n', 1);
    const result = await cli([
      'scan',
      '--project',
      project({ host: { root: root.path } }),
      '--format',
      'json',
    ]);
    const check = checkOf(JSON.parse(result.stdout) as Report, 'security-log-freshness');
    assert.equal(check.status, 'skip');
    assert.match(check.message, /--host/);
  });

  it('a missing --firewall-output file: one line on stderr and exit code 2', async () => {
    const missing = join(project(), 'ufw-status.txt');
    const result = await cli(['scan', '--project', project(), '--firewall-output', missing]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(result.stderr, /^shipshape: --firewall-output: .*ufw-status\.txt does not exist/);
  });

  it('an unreadable --firewall-output file: one line and exit code 2', {
    skip: process.getuid?.() === 0 ? 'root can read a file of mode 000' : false,
  }, async () => {
    const folder = project();
    const file = join(folder, 'nft.json');
    writeFileSync(file, '{"nftables": []}');
    chmodSync(file, 0o000);
    const result = await cli(['scan', '--project', folder, '--firewall-output', file]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^shipshape: --firewall-output: .*nft\.json cannot be read \(EACCES\)/,
    );
  });

  it('--firewall-output without a file is a usage error', async () => {
    const result = await cli(['scan', '--project', project(), '--firewall-output']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--firewall-output <file\.\.\.>' argument missing/);
  });

  it('the help names both flags', async () => {
    const result = await cli(['scan', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--host\s+read the server this runs on/);
    assert.match(result.stdout, /--firewall-output <file\.\.\.>/);
  });
});
