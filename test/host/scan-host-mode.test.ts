import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { type CommandRunner, readHostFirewall } from '../../src/gather/host/firewall.js';
import { scan } from '../../src/scan.js';
import {
  checkOf,
  evidenceText,
  FIXTURES,
  HEX,
  HostRoot,
  itemOf,
  listen,
  scanHost,
} from './host-root.js';

const HOST_CHECKS = [
  'firewall-default-policy',
  'firewall-open-ports',
  'firewall-database-port',
  'database-listen-address',
  'security-log-freshness',
  'log-rotation-rule',
  'renewal-timer',
  'backup-recency',
];
const FIREWALL_CHECKS = HOST_CHECKS.slice(0, 3);

/** A server that does everything right: every host item can pass. */
function tidyHost(): HostRoot {
  const root = new HostRoot();
  root.write('/etc/nftables.conf', readFileSync(join(FIXTURES, 'nft-ruleset.txt'), 'utf8'));
  root.sockets([listen(HEX.loopback4, 5432), listen(HEX.any4, 443)], [listen(HEX.any6, 443)]);
  root.write('/var/log/app/security.log', 'login_failed\n', 2);
  root.write('/etc/logrotate.d/app', '/var/log/app/*.log {\n  daily\n  rotate 30\n}\n');
  root.write('/etc/cron.d/certbot', '0 */12 * * * root certbot -q renew\n');
  root.write('/var/backups/db/appdb.dump', 'PGDMP', 3);
  return root;
}

describe('outside host mode', () => {
  it('every host check is skipped with a reason that names --host', async () => {
    const report = await scanHost(tidyHost(), { backupFolder: '/var/backups/db' }, {});
    for (const id of HOST_CHECKS) {
      const check = checkOf(report, id);
      assert.equal(check.status, 'skip', id);
      assert.match(check.message, /run shipshape on the server with --host/, id);
    }
    for (const id of FIREWALL_CHECKS)
      assert.match(checkOf(report, id).message, /--firewall-output/, id);
    assert.equal(itemOf(report, 'firewall.rules').status, 'skip');
    assert.equal(itemOf(report, 'deploy.backup').status, 'skip');
  });

  it('saved firewall outputs alone judge the firewall checks; the rest still skip', async () => {
    const report = await scanHost(
      null,
      {},
      {
        firewallOutputs: [join(FIXTURES, 'iptables-save.v4'), join(FIXTURES, 'ip6tables-save.v6')],
      },
    );
    assert.equal(checkOf(report, 'firewall-default-policy').status, 'pass');
    assert.equal(itemOf(report, 'firewall.rules').status, 'pass');
    const database = checkOf(report, 'firewall-database-port');
    assert.equal(database.status, 'fail');
    assert.match(database.message, /postgres 5432 over IPv6/);
    for (const id of HOST_CHECKS.slice(3)) {
      assert.equal(checkOf(report, id).status, 'skip', id);
      assert.match(checkOf(report, id).message, /--host/, id);
    }
  });

  it('a missing saved output is a usage error before anything is read', async () => {
    await assert.rejects(
      scan({ project: new HostRoot().path, firewallOutputs: ['/nonexistent/ufw-status.txt'] }),
      (error: unknown) =>
        error instanceof UsageError &&
        /^--firewall-output: \/nonexistent\/ufw-status\.txt does not exist/.test(error.message),
    );
  });
});

describe('host mode on a host root', () => {
  it('a tidy server passes every host item', async () => {
    const report = await scanHost(tidyHost(), { backupFolder: '/var/backups/db' });
    const statuses = Object.fromEntries(HOST_CHECKS.map((id) => [id, checkOf(report, id).status]));
    assert.deepEqual(statuses, {
      'firewall-default-policy': 'pass',
      // The sample opens WireGuard, which the default policy does not allow.
      'firewall-open-ports': 'fail',
      'firewall-database-port': 'pass',
      'database-listen-address': 'pass',
      'security-log-freshness': 'pass',
      'log-rotation-rule': 'pass',
      'renewal-timer': 'pass',
      'backup-recency': 'pass',
    });
    assert.match(
      evidenceText(checkOf(report, 'firewall-default-policy')),
      /IPv4: judged from .*\/etc\/nftables\.conf/,
    );
  });

  it('allowing the extra port in the policy passes firewall.ports too', async () => {
    const root = tidyHost();
    const project = new HostRoot();
    project.write(
      '/shipshape.yaml',
      JSON.stringify({ host: { root: root.path }, policy: { allowedPorts: [22, 80, 443, 51820] } }),
    );
    const report = await scan({ project: project.path, host: true });
    assert.equal(checkOf(report, 'firewall-open-ports').status, 'pass');
  });

  it("ufw's folder under the root is read, with /etc/default/ufw", async () => {
    const root = new HostRoot();
    root.write('/etc/ufw/ufw.conf', 'ENABLED=yes\nLOGLEVEL=low\n');
    root.write('/etc/default/ufw', 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n');
    root.write(
      '/etc/ufw/user.rules',
      '*filter\n:ufw-user-input - [0:0]\n### RULES ###\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
    );
    root.write(
      '/etc/ufw/user6.rules',
      '*filter\n:ufw6-user-input - [0:0]\n### RULES ###\n-A ufw6-user-input -p tcp --dport 22 -j ACCEPT\n-A ufw6-user-input -p tcp --dport 5432 -j ACCEPT\nCOMMIT\n',
    );
    const report = await scanHost(root);
    assert.equal(checkOf(report, 'firewall-default-policy').status, 'pass');
    const database = checkOf(report, 'firewall-database-port');
    assert.equal(database.status, 'fail');
    assert.match(database.message, /postgres 5432 over IPv6\.$/);
    assert.equal(database.evidence[0]?.location?.file, join(root.path, 'etc/ufw/user6.rules'));
  });

  it("ufw's rules files that cannot be read make the firewall checks error, never pass", async () => {
    const root = new HostRoot();
    root.write('/etc/ufw/ufw.conf', 'ENABLED=yes\n');
    root.write('/etc/default/ufw', 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n');
    // Root reads any file whatever its mode: a folder (EISDIR) and a dangling link (ENOENT)
    // are files no user can read, as user.rules is to anyone but root.
    root.folder('/etc/ufw/user.rules');
    symlinkSync(join(root.path, 'nowhere'), join(root.path, 'etc/ufw/user6.rules'));
    const report = await scanHost(root);
    for (const id of FIREWALL_CHECKS) {
      const check = checkOf(report, id);
      assert.equal(check.status, 'error', `${id}: ${check.message}`);
      assert.match(check.message, /etc\/ufw\/user\.rules \(EISDIR\)/, id);
      assert.match(check.message, /etc\/ufw\/user6\.rules \(ENOENT\)/, id);
      assert.match(check.message, /run as root, or give saved outputs with --firewall-output/, id);
      assert.match(evidenceText(check), /Not read: .*etc\/ufw\/user\.rules: EISDIR/, id);
    }
  });

  it('an unreadable user.rules blinds IPv4 only: what user6.rules opens still fails', async () => {
    const root = new HostRoot();
    root.write('/etc/ufw/ufw.conf', 'ENABLED=yes\n');
    root.write('/etc/default/ufw', 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n');
    root.folder('/etc/ufw/user.rules');
    root.write(
      '/etc/ufw/user6.rules',
      '*filter\n:ufw6-user-input - [0:0]\n-A ufw6-user-input -p tcp --dport 5432 -j ACCEPT\nCOMMIT\n',
    );
    const report = await scanHost(root);
    const policy = checkOf(report, 'firewall-default-policy');
    assert.equal(policy.status, 'error');
    assert.match(policy.message, /IPv4: .*user\.rules \(EISDIR\) could not be read/);
    assert.doesNotMatch(policy.message, /IPv6: /);
    const database = checkOf(report, 'firewall-database-port');
    assert.equal(database.status, 'fail');
    assert.match(database.message, /postgres 5432 over IPv6\.$/);
  });

  it('an unreadable ufw.conf is an error, not ufw switched off; a readable ENABLED=no still fails', async () => {
    const unknown = new HostRoot();
    unknown.folder('/etc/ufw/ufw.conf');
    unknown.write('/etc/default/ufw', 'DEFAULT_INPUT_POLICY="DROP"\n');
    unknown.write('/etc/ufw/user.rules', '*filter\n:ufw-user-input - [0:0]\nCOMMIT\n');
    const policy = checkOf(await scanHost(unknown), 'firewall-default-policy');
    assert.equal(policy.status, 'error', policy.message);
    assert.match(policy.message, /ufw\.conf \(EISDIR\)/);

    const off = new HostRoot();
    off.write('/etc/ufw/ufw.conf', 'ENABLED=no\n');
    off.folder('/etc/ufw/user.rules');
    const report = await scanHost(off);
    for (const id of FIREWALL_CHECKS) assert.equal(checkOf(report, id).status, 'fail', id);
  });

  it('a root without any firewall file fails the default policy, saying what was missing', async () => {
    const root = new HostRoot();
    const report = await scanHost(root);
    const policy = checkOf(report, 'firewall-default-policy');
    assert.equal(policy.status, 'fail');
    assert.match(policy.message, /IPv4 has no input filter: every port is open/);
    assert.match(
      evidenceText(policy),
      /no \/etc\/ufw, \/etc\/nftables\.conf or saved iptables rules/,
    );
    assert.doesNotMatch(evidenceText(policy), /installed/, 'no command was run under a root');
  });
});

describe("relative paths in shipshape.yaml start at the file's folder", () => {
  it('host.root and host.firewallOutputs are found beside the configuration, not in the current folder', async () => {
    const project = new HostRoot();
    project.write(
      '/server/etc/nftables.conf',
      readFileSync(join(FIXTURES, 'nft-ruleset.txt'), 'utf8'),
    );
    project.write('/shipshape.yaml', JSON.stringify({ host: { root: 'server' } }));
    assert.notEqual(process.cwd(), project.path);
    const policy = checkOf(
      await scan({ project: project.path, host: true }),
      'firewall-default-policy',
    );
    assert.equal(policy.status, 'pass', policy.message);
    assert.match(
      evidenceText(policy),
      new RegExp(`judged from ${project.path}/server/etc/nftables\\.conf`),
    );

    for (const name of ['iptables-save.v4', 'ip6tables-save.v6'])
      project.write(`/saved/${name}`, readFileSync(join(FIXTURES, name), 'utf8'));
    project.write(
      '/shipshape.yaml',
      JSON.stringify({
        host: { firewallOutputs: ['saved/iptables-save.v4', 'saved/ip6tables-save.v6'] },
      }),
    );
    const report = await scan({ project: project.path });
    assert.equal(checkOf(report, 'firewall-default-policy').status, 'pass');
    assert.match(checkOf(report, 'firewall-database-port').message, /postgres 5432 over IPv6/);
  });

  it('--firewall-output stays relative to the current folder', async () => {
    const project = new HostRoot();
    project.write('/shipshape.yaml', '{}');
    const output = relative(process.cwd(), join(FIXTURES, 'ufw-web-only.txt'));
    const report = await scan({ project: project.path, firewallOutputs: [output] });
    assert.equal(checkOf(report, 'firewall-default-policy').status, 'pass');
  });
});

describe('on the real host (root /), through a command runner that only records', () => {
  it('asks only the four read-only commands, and judges from what answered', async () => {
    const asked: string[] = [];
    const ufw = readFileSync(join(FIXTURES, 'ufw-active.txt'), 'utf8');
    const run: CommandRunner = async (command, args) => {
      asked.push([command, ...args].join(' '));
      if (command === 'ufw') return ufw;
      throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
    };
    const firewall = await readHostFirewall({ outputs: [], host: true, root: '/', run });
    assert.deepEqual(asked, [
      'ufw status verbose',
      'nft -j list ruleset',
      'iptables-save',
      'ip6tables-save',
    ]);
    assert.deepEqual(firewall.problems, [
      'nft: not installed',
      'iptables-save: not installed',
      'ip6tables-save: not installed',
    ]);
    assert.equal(firewall.families[1]?.origin, 'ufw status verbose');
  });
});
