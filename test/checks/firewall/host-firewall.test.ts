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
import { parseSavedOutput } from '../../../src/host/firewall/detect.js';
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

/** An iptables-save INPUT chain with policy ACCEPT, SSH allowed, then `tail`. */
function acceptingChain(tail: string): string {
  return `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\n${tail}COMMIT\n`;
}

function judgeRulesets(...rulesets: Ruleset[]): Judged {
  const hostFirewall = artifactOf(rulesets);
  return {
    policy: firewallDefaultPolicy.run({ hostFirewall }, context),
    ports: firewallOpenPorts.run({ hostFirewall }, context),
    database: firewallDatabasePort.run({ hostFirewall }, context),
  };
}

describe('firewall-default-policy judges the effective default, not only the chain policy', () => {
  it('policy ACCEPT ending in `-j REJECT` (v4) and `-j DROP` (v6) denies by default, naming the rule', () => {
    const judged = judgeRulesets(
      parseIptablesSave(
        acceptingChain('-A INPUT -j REJECT --reject-with icmp-host-prohibited\n'),
        'rules.v4',
        'ipv4',
      ),
      parseIptablesSave(acceptingChain('-A INPUT -j DROP\n'), 'rules.v6', 'ipv6'),
    );
    assert.deepEqual(statuses(judged), ['pass', 'pass', 'pass']);
    assert.match(
      judged.policy.message,
      /IPv4 denies incoming traffic by default: the chain's policy is accept, but `-A INPUT -j REJECT --reject-with icmp-host-prohibited` refuses what no earlier rule accepts/,
    );
    assert.match(judged.policy.message, /IPv6 denies .*`-A INPUT -j DROP`/);
    const deciding = judged.policy.evidence?.find((line) =>
      /decided by -A INPUT -j REJECT/.test(line.message),
    );
    assert.deepEqual(deciding?.location, { file: 'rules.v4', line: 6 });
    // The same evaluation as firewall-open-ports: only SSH is open.
    assert.match(judged.ports.message, /IPv4: tcp 22; IPv6: tcp 22\./);
  });

  it('a REJECT per protocol at the end (tcp-reset, then udp) denies too', () => {
    const tail =
      '-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n-A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable\n';
    const judged = judgeRulesets(
      parseIptablesSave(acceptingChain(tail), 'v4', 'ipv4'),
      parseIptablesSave(acceptingChain(tail), 'v6', 'ipv6'),
    );
    assert.equal(judged.policy.status, 'pass', judged.policy.message);
    assert.match(
      judged.policy.message,
      /`-A INPUT -p tcp -j REJECT --reject-with tcp-reset` and `-A INPUT -p udp/,
    );
  });

  it('a final drop of some ports only, or of TCP only, still accepts by default', () => {
    for (const tail of ['-A INPUT -p tcp --dport 1:1024 -j DROP\n', '-A INPUT -p tcp -j DROP\n']) {
      const judged = judgeRulesets(
        parseIptablesSave(acceptingChain(tail), 'v4', 'ipv4'),
        parseIptablesSave('*filter\n:INPUT DROP [0:0]\nCOMMIT\n', 'v6', 'ipv6'),
      );
      assert.equal(judged.policy.status, 'fail', tail);
      assert.match(judged.policy.message, /IPv4 accepts incoming traffic by default\.$/, tail);
    }
  });

  it('policy DROP ending in an unconditional ACCEPT accepts by default, naming the rule', () => {
    const text =
      '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j ACCEPT\nCOMMIT\n';
    const judged = judgeRulesets(
      parseIptablesSave(text, 'v4', 'ipv4'),
      parseIptablesSave(text, 'v6', 'ipv6'),
    );
    assert.equal(judged.policy.status, 'fail');
    assert.match(
      judged.policy.message,
      /IPv4 accepts incoming traffic by default: the chain's policy is drop, but `-A INPUT -j ACCEPT` accepts what no earlier rule refuses/,
    );
  });

  it("firewalld's nft layout (policy accept, zones, final `reject`) denies by default", () => {
    const ruleset = parseSavedOutput(FIREWALLD, 'firewalld.nft');
    const judged = judgeRulesets(ruleset);
    assert.deepEqual(statuses(judged), ['pass', 'pass', 'pass']);
    assert.match(judged.policy.message, /but `reject with icmpx admin-prohibited` refuses/);
    assert.match(judged.ports.message, /IPv4: tcp 22, tcp 443; IPv6: tcp 22, tcp 443\./);
  });

  it('in nft JSON too, `ct status dnat accept` opens nothing and the final reject decides', () => {
    const rule = (handle: number, expr: unknown[]) => ({
      rule: { family: 'inet', table: 'firewalld', chain: 'filter_INPUT', handle, expr },
    });
    const json = {
      nftables: [
        { table: { family: 'inet', name: 'firewalld', handle: 1 } },
        {
          chain: {
            ...{ family: 'inet', table: 'firewalld', name: 'filter_INPUT', handle: 2 },
            ...{ type: 'filter', hook: 'input', prio: 10, policy: 'accept' },
          },
        },
        rule(3, [
          { match: { op: 'in', left: { ct: { key: 'status' } }, right: 'dnat' } },
          { accept: null },
        ]),
        rule(4, [
          {
            match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 22 },
          },
          { accept: null },
        ]),
        rule(5, [{ reject: { type: 'icmpx', expr: 'admin-prohibited' } }]),
      ],
    };
    const judged = judgeRulesets(parseSavedOutput(JSON.stringify(json), 'ruleset.json'));
    assert.deepEqual(statuses(judged), ['pass', 'pass', 'pass']);
    assert.match(judged.ports.message, /IPv4: tcp 22; IPv6: tcp 22\./);
  });

  it('an nft input chain with policy accept whose last statement is `drop` denies by default', () => {
    const ruleset = parseSavedOutput(
      'table inet filter {\n chain input {\n  type filter hook input priority 0; policy accept;\n  iif lo accept\n  tcp dport { 22, 443 } accept\n  drop\n }\n}\n',
      'nftables.conf',
    );
    const judged = judgeRulesets(ruleset);
    assert.equal(judged.policy.status, 'pass', judged.policy.message);
    assert.match(judged.policy.message, /but `drop` refuses what no earlier rule accepts/);
  });
});

/** firewalld 1.x's `nft list ruleset`, cut to the input path of the public zone. */
const FIREWALLD = `table inet firewalld {
	chain filter_INPUT {
		type filter hook input priority filter + 10; policy accept;
		ct state { established, related } accept
		ct status dnat accept
		iifname "lo" accept
		jump filter_INPUT_ZONES
		ct state { invalid } drop
		reject with icmpx admin-prohibited
	}

	chain filter_INPUT_ZONES {
		iifname "eth0" goto filter_IN_public
		goto filter_IN_public
	}

	chain filter_IN_public {
		jump filter_IN_public_allow
		meta l4proto { icmp, ipv6-icmp } accept
	}

	chain filter_IN_public_allow {
		tcp dport 22 accept
		ip6 daddr fe80::/64 udp dport 546 accept
		tcp dport 443 accept
	}
}
`;
