import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judgeDefaultPolicy } from '../../src/checks/firewall/firewall-default-policy.js';
import { UsageError } from '../../src/core/errors.js';
import { readHostFirewall } from '../../src/gather/host/firewall.js';
import { analyseFirewall as analyse } from '../../src/host/firewall/analyse.js';
import { familyFromName, parseSavedOutput } from '../../src/host/firewall/detect.js';
import { guessFamily } from '../../src/host/firewall/iptables.js';
import { parseUfwFolder } from '../../src/host/firewall/ufw-folder.js';
import { scan } from '../../src/scan.js';
import { cli } from '../support/cli.js';
import { checkOf, evidenceText, HostRoot, scanHost } from './host-root.js';

const FIX_ROOT = 'give the folder that stands for / on the server';

function usageError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    assert.equal(error.message.split('\n').length, 1, 'one line');
    return true;
  };
}

describe('host.root that is not a folder is refused when the configuration is resolved', () => {
  it('a root that does not exist: FILE:LINE: host.root, before any probe', async () => {
    const missing = join(tmpdir(), 'shipshape-no-such-root', 'x');
    await assert.rejects(
      scanHost(null, { root: missing }),
      usageError(
        new RegExp(
          `^.*shipshape\\.yaml:3: host\\.root: ${missing.replaceAll('/', '\\/')} does not exist; ${FIX_ROOT}$`,
        ),
      ),
    );
  });

  it('a root that is a file is refused too', async () => {
    const file = new HostRoot().write('/not-a-folder', 'x');
    await assert.rejects(
      scanHost(null, { root: file }),
      usageError(/shipshape\.yaml:3: host\.root: .*not-a-folder is a file, not a folder; give/),
    );
  });

  it('host.enabled: true checks it as --host does', async () => {
    await assert.rejects(
      scanHost(null, { enabled: true, root: '/nonexistent/root' }, {}),
      usageError(/shipshape\.yaml:\d+: host\.root: \/nonexistent\/root does not exist/),
    );
  });

  it('outside host mode the root is not read, so not checked', async () => {
    const report = await scanHost(null, { root: '/nonexistent/root' }, {});
    assert.equal(checkOf(report, 'security-log-freshness').status, 'skip');
  });

  it('on the command line: one line on stderr, exit code 2, no report', async () => {
    const project = mkdtempSync(join(tmpdir(), 'shipshape-root-cli-'));
    writeFileSync(join(project, 'shipshape.yaml'), 'host:\n  root: /nonexistent/root\n');
    const result = await cli(['scan', '--project', project, '--host']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `^shipshape: .*shipshape\\.yaml:2: host\\.root: /nonexistent/root does not exist; ${FIX_ROOT}\\n$`,
      ),
    );
  });
});

const USER_RULES =
  '*filter\n:ufw-user-input - [0:0]\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';

describe('a folder given as a saved firewall output', () => {
  it('without ufw.conf or user rules it is refused: one line, exit code 2', async () => {
    const folder = new HostRoot().folder('/saved');
    writeFileSync(join(folder, 'notes.txt'), 'not ufw\n');
    await assert.rejects(
      scan({ project: new HostRoot().path, firewallOutputs: [folder] }),
      usageError(
        new RegExp(
          `^--firewall-output: ${folder} is a folder but not a copy of /etc/ufw \\(no ufw\\.conf or user\\.rules\\); give ufw's folder or a saved output file$`,
        ),
      ),
    );
    const result = await cli([
      'scan',
      '--project',
      new HostRoot().path,
      '--firewall-output',
      folder,
    ]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(result.stderr, /is a folder but not a copy of \/etc\/ufw/);
  });

  it('from host.firewallOutputs, the message names the file and line', async () => {
    const folder = new HostRoot().folder('/empty');
    await assert.rejects(
      scanHost(null, { firewallOutputs: [folder] }, {}),
      usageError(/shipshape\.yaml:4: host\.firewallOutputs\[0\]: .* is a folder but not a copy/),
    );
  });

  it('the gatherer, called directly, refuses it as well rather than judging ufw off', async () => {
    const folder = new HostRoot().folder('/empty');
    await assert.rejects(
      readHostFirewall({ outputs: [folder], host: false, root: '/' }),
      /is a folder but not a copy of \/etc\/ufw/,
    );
  });

  it("a ufw folder without ufw.conf: its rules are judged, ufw's switch is unknown, no fail", async () => {
    const root = new HostRoot();
    const folder = root.folder('/ufw');
    writeFileSync(join(folder, 'user.rules'), USER_RULES);
    writeFileSync(join(folder, 'ufw.defaults'), 'IPV6=no\nDEFAULT_INPUT_POLICY="DROP"\n');
    const report = await scan({ project: new HostRoot().path, firewallOutputs: [folder] });
    const policy = checkOf(report, 'firewall-default-policy');
    assert.equal(policy.status, 'warn', policy.message);
    assert.doesNotMatch(policy.message, /inactive/);
    assert.match(policy.message, /IPv4 drops incoming traffic by default if ufw is enabled, but/);
    assert.match(policy.message, /has no ufw\.conf, so whether ufw is enabled is unknown/);
    // No port beyond 22 is open in the rules, but ufw switched off would open them all.
    assert.equal(checkOf(report, 'firewall-open-ports').status, 'warn');
    assert.equal(checkOf(report, 'firewall-database-port').status, 'warn');
  });

  it('rules that accept by default fail whether ufw is on or off', () => {
    const ruleset = parseUfwFolder({
      folder: '/saved/ufw',
      rules: { 'user.rules': USER_RULES },
      defaults: 'IPV6=no\nDEFAULT_INPUT_POLICY="ACCEPT"\n',
    });
    assert.equal(ruleset.state, 'unknown');
    const finding = judgeDefaultPolicy({
      ...analyse([ruleset]),
      rulesets: [],
      problems: [],
    });
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /IPv4 accepts incoming traffic by default/);
  });

  it('ufw.conf with ENABLED=no is still ufw switched off', () => {
    const ruleset = parseUfwFolder({
      folder: '/saved/ufw',
      conf: 'ENABLED=no\n',
      rules: { 'user.rules': USER_RULES },
    });
    assert.equal(ruleset.state, 'inactive');
  });
});

/** ip6tables-save without its `# Generated by` line, and without an address. */
const BARE_V6 =
  '*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp --dport 5432 -j ACCEPT\nCOMMIT\n';
const V4 =
  '# Generated by iptables-save v1.8.7\n*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';

describe('the family of an iptables-save output that does not name its command', () => {
  it("a v6 file's name makes it IPv6, beside a v4 file: both families judged", async () => {
    const saved = new HostRoot();
    const v4 = saved.write('/rules.v4', V4);
    const v6 = saved.write('/rules.v6', BARE_V6);
    const report = await scan({ project: new HostRoot().path, firewallOutputs: [v4, v6] });
    const policy = checkOf(report, 'firewall-default-policy');
    assert.match(evidenceText(policy), new RegExp(`IPv4: judged from ${v4}$`, 'm'));
    assert.match(evidenceText(policy), new RegExp(`IPv6: judged from ${v6}$`, 'm'));
    assert.equal(policy.status, 'pass', policy.message);
    const database = checkOf(report, 'firewall-database-port');
    assert.equal(database.status, 'fail');
    assert.match(database.message, /postgres 5432 over IPv6/);
  });

  it('a v6 file alone is not used to judge IPv4', async () => {
    const v6 = new HostRoot().write('/etc/iptables/rules.v6', BARE_V6);
    const report = await scan({ project: new HostRoot().path, firewallOutputs: [v6] });
    const policy = checkOf(report, 'firewall-default-policy');
    assert.match(evidenceText(policy), /IPv4: not described by any input/);
    assert.notEqual(policy.status, 'pass');
  });

  it('IPv6 addresses in the rules make it IPv6 whatever the name', () => {
    for (const rule of [
      '-A INPUT --source 2001:db8::/32 -p tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp --dport 22 -j ACCEPT -s ::/0',
      '-A INPUT -p icmpv6 -j ACCEPT',
    ]) {
      const text = `*filter\n:INPUT DROP [0:0]\n${rule}\nCOMMIT\n`;
      assert.equal(guessFamily(text), 'ipv6', rule);
      assert.deepEqual(parseSavedOutput(text, 'saved.txt').families, ['ipv6'], rule);
    }
    assert.equal(guessFamily('*filter\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n'), 'ipv4');
    // A DNAT to an IPv4 address and port is no IPv6 address.
    assert.equal(
      guessFamily('*nat\n-A DOCKER -p tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80\n'),
      'ipv4',
    );
  });

  it('the text wins over the name; the name decides only when the text does not say', () => {
    assert.deepEqual(parseSavedOutput(V4, 'rules.v6', 'ipv6').families, ['ipv4']);
    assert.deepEqual(parseSavedOutput(BARE_V6, 'x', familyFromName('rules.v6')).families, ['ipv6']);
  });

  it('file names that tell the family', () => {
    for (const name of [
      '/etc/iptables/rules.v6',
      'user6.rules',
      'saved6.rules',
      'ip6tables.txt',
      'ip6tables-save.out',
      '/etc/sysconfig/ip6tables',
      'rules6',
    ])
      assert.equal(familyFromName(name), 'ipv6', name);
    for (const name of ['/etc/iptables/rules.v4', 'iptables-save.txt', '/etc/sysconfig/iptables'])
      assert.equal(familyFromName(name), 'ipv4', name);
    for (const name of ['saved.txt', 'firewall-2016.rules', 'rules'])
      assert.equal(familyFromName(name), undefined, name);
  });

  it('a family that stays unknown is said in the evidence, and judges neither family', async () => {
    const saved = new HostRoot().write('/firewall.txt', BARE_V6);
    const ruleset = parseSavedOutput(BARE_V6, saved);
    assert.deepEqual(ruleset.families, []);
    const report = await scan({ project: new HostRoot().path, firewallOutputs: [saved] });
    const policy = checkOf(report, 'firewall-default-policy');
    assert.equal(policy.status, 'warn', policy.message);
    const evidence = evidenceText(policy);
    assert.match(evidence, /IPv4: not described by any input/);
    assert.match(evidence, /IPv6: not described by any input/);
    assert.match(evidence, new RegExp(`${saved}: whether these rules are IPv4 or IPv6 is unknown`));
    assert.doesNotMatch(evidence, /judged from/);
  });
});
