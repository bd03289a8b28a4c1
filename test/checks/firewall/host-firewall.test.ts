import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import firewallDatabasePort from '../../../src/checks/firewall/firewall-database-port.js';
import firewallDefaultPolicy from '../../../src/checks/firewall/firewall-default-policy.js';
import firewallOpenPorts, {
  unexpectedParts,
} from '../../../src/checks/firewall/firewall-open-ports.js';
import { policySchema } from '../../../src/core/config-schema.js';
import type { CheckContext, Finding, Status } from '../../../src/core/types.js';
import { type HostFirewall, readHostFirewall } from '../../../src/gather/host/firewall.js';
import { analyseFirewall } from '../../../src/host/firewall/analyse.js';
import { parseIptablesSave } from '../../../src/host/firewall/iptables.js';
import type { Ruleset } from '../../../src/host/firewall/model.js';
import { parseUfwStatus } from '../../../src/host/firewall/ufw-status.js';
import { evidenceText, FIXTURES } from '../../host/host-root.js';

const context: CheckContext = { policy: policySchema.parse({}), target: {} };

/** The gatherer's artifact for saved outputs, as `--firewall-output` gives them. */
function firewallOf(...names: string[]): Promise<HostFirewall> {
  return readHostFirewall({
    outputs: names.map((name) => join(FIXTURES, name)),
    host: false,
    root: '/',
  });
}

interface Judged {
  policy: Finding;
  ports: Finding;
  database: Finding;
}

/** The artifact for rulesets parsed here, as the gatherer builds it from what it read. */
function artifactOf(rulesets: Ruleset[]): HostFirewall {
  return { ...analyseFirewall(rulesets), rulesets: [], problems: [] };
}

async function judge(...names: string[]): Promise<Judged> {
  const hostFirewall = await firewallOf(...names);
  return {
    policy: firewallDefaultPolicy.run({ hostFirewall }, context),
    ports: firewallOpenPorts.run({ hostFirewall }, context),
    database: firewallDatabasePort.run({ hostFirewall }, context),
  };
}

function statuses(judged: Judged): [Status, Status, Status] {
  return [judged.policy.status, judged.ports.status, judged.database.status];
}

describe('the host firewall checks on saved outputs', () => {
  it('are the checks of firewall.rules, firewall.ports and firewall.db-port', () => {
    assert.equal(firewallDefaultPolicy.id, 'firewall-default-policy');
    assert.equal(firewallOpenPorts.id, 'firewall-open-ports');
    assert.equal(firewallDatabasePort.id, 'firewall-database-port');
    assert.equal(firewallDatabasePort.severity, 'critical');
  });

  it('ufw with only 22, 80 and 443 for both families passes all three', async () => {
    const judged = await judge('ufw-web-only.txt');
    assert.deepEqual(statuses(judged), ['pass', 'pass', 'pass']);
    assert.match(judged.policy.message, /IPv4 drops incoming traffic by default; IPv6 drops/);
    assert.match(judged.ports.message, /IPv4: tcp 22, tcp 80, tcp 443, udp 443; IPv6:/);
  });

  it('ufw with Postgres open to anywhere over IPv6 only fails the database check, naming IPv6', async () => {
    const judged = await judge('ufw-active.txt');
    assert.equal(judged.policy.status, 'pass');
    assert.equal(judged.database.status, 'fail');
    assert.match(judged.database.message, /postgres 5432 over IPv6/);
    assert.doesNotMatch(judged.database.message, /over IPv4/);
    const evidence = evidenceText(judged.database);
    assert.match(evidence, /IPv6 tcp 5432 \(postgres\) open to anywhere: 5432\/tcp \(v6\)/);
    assert.match(evidence, /IPv4 tcp 5432 \(postgres\) open to 10\.0\.0\.0\/24/);
  });

  it('ufw with a port range beyond the policy fails the open-ports check for both families', async () => {
    const { ports } = await judge('ufw-active.txt');
    assert.equal(ports.status, 'fail');
    assert.match(ports.message, /IPv4 lets in tcp 6000-6007 from anywhere/);
    assert.match(ports.message, /IPv6 lets in tcp 5432, tcp 6000-6007 from anywhere/);
    assert.doesNotMatch(ports.message, /tcp 22\b/, 'LIMIT 22 is an allowed port');
  });

  it('ufw inactive fails all three', async () => {
    const judged = await judge('ufw-inactive.txt');
    assert.deepEqual(statuses(judged), ['fail', 'fail', 'fail']);
    assert.match(judged.policy.message, /IPv4: ufw is inactive, so nothing is filtered/);
    assert.match(judged.ports.message, /IPv4 lets in tcp 1-21, tcp 23-79/);
  });

  it('plain `ufw status` (no verbose) warns: the default policy is not shown', async () => {
    const text = readFileSync(join(FIXTURES, 'ufw-web-only.txt'), 'utf8');
    const hostFirewall = artifactOf([parseUfwStatus(text.replace(/^Default:.*\n/m, ''), 'plain')]);
    const policy = firewallDefaultPolicy.run({ hostFirewall }, context);
    assert.equal(policy.status, 'warn');
    assert.match(policy.message, /the default incoming policy is not shown/);
    assert.equal(firewallOpenPorts.run({ hostFirewall }, context).status, 'warn');
    assert.equal(firewallDatabasePort.run({ hostFirewall }, context).status, 'warn');
  });

  it('nft text: policy drop passes, WireGuard beyond the policy fails, Postgres to a subnet passes', async () => {
    const judged = await judge('nft-ruleset.txt');
    assert.deepEqual(statuses(judged), ['pass', 'fail', 'pass']);
    assert.match(judged.ports.message, /IPv4 lets in udp 51820 from anywhere/);
    assert.match(judged.database.message, /1 are open to listed sources only/);
  });

  it('nft JSON: Postgres open over IPv6 fails the database check, and UDP 22 is not reported', async () => {
    const judged = await judge('nft-ruleset.json');
    assert.deepEqual(statuses(judged), ['pass', 'fail', 'fail']);
    assert.match(judged.database.message, /postgres 5432 over IPv6/);
    assert.doesNotMatch(judged.database.message, /over IPv4/);
    assert.match(judged.ports.message, /IPv4 lets in udp 51820 from anywhere;/);
    assert.doesNotMatch(judged.ports.message, /tcp 51820|udp 22\b/);
  });

  it('iptables-save alone: IPv6 unseen warns, and Docker publications fail', async () => {
    const judged = await judge('iptables-save.v4');
    assert.deepEqual(statuses(judged), ['warn', 'fail', 'fail']);
    assert.match(judged.policy.message, /IPv6 was not described by any input/);
    assert.match(judged.ports.message, /Docker publishes tcp 6379, tcp 8443 past the firewall/);
    assert.match(judged.database.message, /6379 published by Docker/);
    assert.match(
      evidenceText(judged.database),
      /IPv4 tcp 6379 published by Docker to 172\.17\.0\.2:6379, reachable from anywhere/,
    );
  });

  it('iptables-save and ip6tables-save together: both drop, Postgres fails over IPv6', async () => {
    const judged = await judge('iptables-save.v4', 'ip6tables-save.v6');
    assert.deepEqual(statuses(judged), ['pass', 'fail', 'fail']);
    assert.match(judged.database.message, /postgres 5432 over IPv6, 6379 published by Docker/);
  });

  it('an accept-by-default ip6tables fails the policy check, naming the family', () => {
    const hostFirewall = artifactOf([
      parseIptablesSave('*filter\n:INPUT DROP [0:0]\nCOMMIT\n', 'v4', 'ipv4'),
      parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n', 'v6', 'ipv6'),
    ]);
    const finding = firewallDefaultPolicy.run({ hostFirewall }, context);
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /: IPv6 accepts incoming traffic by default\.$/);
    assert.equal(firewallDatabasePort.run({ hostFirewall }, context).status, 'fail');
  });

  it('unexpectedParts cuts the allowed ports out of a range', () => {
    const parts = unexpectedParts(
      { protocol: 'tcp', from: 20, to: 25, source: 'anywhere', rule: 'r' },
      new Set([22]),
    );
    assert.deepEqual(
      parts.map((part) => [part.from, part.to]),
      [
        [20, 21],
        [23, 25],
      ],
    );
  });
});
