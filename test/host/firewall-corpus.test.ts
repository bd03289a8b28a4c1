import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import firewallDatabasePort from '../../src/checks/firewall/firewall-database-port.js';
import firewallDefaultPolicy from '../../src/checks/firewall/firewall-default-policy.js';
import firewallOpenPorts from '../../src/checks/firewall/firewall-open-ports.js';
import { policySchema } from '../../src/core/config-schema.js';
import { ParseError } from '../../src/core/errors.js';
import { readHostFirewall, readUfwFolder } from '../../src/gather/host/firewall.js';
import { analyseFirewall, type FamilyExposure } from '../../src/host/firewall/analyse.js';
import { parseSavedOutput } from '../../src/host/firewall/detect.js';
import { parseIptablesSave } from '../../src/host/firewall/iptables.js';
import { parseUfwFolder } from '../../src/host/firewall/ufw-folder.js';

/** Real configuration files from public repositories, read in place, never copied. */
const CORPUS = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const UFW = join(CORPUS, 'ufw');
const UFW_CONF = join(UFW, 'conf');
const NFTABLES = join(CORPUS, 'docker-swarm-ipv6-nftables', 'etc', 'nftables.conf');
const skip = existsSync(CORPUS) ? false : `the shared corpus is not at ${CORPUS}`;

const context = { policy: policySchema.parse({}), target: {} };

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function ranges(exposure: FamilyExposure | undefined): string[] {
  return (exposure?.open ?? []).map(({ protocol, from, to }) =>
    from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`,
  );
}

describe('the ufw corpus (before.rules, user.rules, after.rules, ufw.conf ...)', { skip }, () => {
  it('every file parses, or is refused with a ParseError only', () => {
    const files = filesUnder(UFW);
    assert.ok(files.length >= 20, `found ${files.length} files`);
    const parsed: string[] = [];
    for (const file of files) {
      try {
        parseSavedOutput(readFileSync(file, 'utf8'), file);
        parsed.push(file.slice(UFW.length + 1));
      } catch (error) {
        assert.ok(error instanceof ParseError, `${file}: ${String(error)}`);
      }
    }
    for (const name of ['before.rules', 'before6.rules', 'user.rules', 'after6.rules'])
      assert.ok(parsed.includes(`conf/${name}`), `conf/${name} is read as iptables rules`);
    assert.ok(!parsed.includes('conf/ufw.conf'), 'ufw.conf is no ruleset');
  });

  it('each rules file is read as the family its chains name, with no line left unread', () => {
    for (const [name, family] of [
      ['before.rules', 'ipv4'],
      ['after.rules', 'ipv4'],
      ['before6.rules', 'ipv6'],
      ['user6.rules', 'ipv6'],
    ] as const) {
      const ruleset = parseIptablesSave(readFileSync(join(UFW_CONF, name), 'utf8'), name);
      assert.deepEqual(ruleset.families, [family], name);
      assert.deepEqual(ruleset.notes, [], name);
    }
    const before = parseIptablesSave(readFileSync(join(UFW_CONF, 'before.rules'), 'utf8'), 'b');
    const chains = before.tables[0]!.chains;
    assert.equal(chains['ufw-before-input']!.rules.length, 12);
    assert.deepEqual(chains['ufw-not-local']!.rules.at(-1)!.verdict, { kind: 'drop' });
  });

  it('the folder as shipped says ENABLED=no: ufw is inactive and nothing is filtered', async () => {
    const hostFirewall = await readHostFirewall({ outputs: [UFW_CONF], host: false, root: '/' });
    assert.deepEqual(
      hostFirewall.rulesets.map((ruleset) => [ruleset.kind, ruleset.state]),
      [['ufw-folder', 'inactive']],
    );
    const policy = firewallDefaultPolicy.run({ hostFirewall }, context);
    assert.equal(policy.status, 'fail');
    assert.match(policy.message, /IPv4: ufw is inactive/);
  });

  it('enabled, its rules with DEFAULT_INPUT_POLICY="DROP" let in only DHCP over IPv4', async () => {
    const folder = await readUfwFolder(UFW_CONF);
    assert.match(folder.defaults ?? '', /DEFAULT_INPUT_POLICY="DROP"/);
    const analysis = analyseFirewall([parseUfwFolder({ ...folder, conf: 'ENABLED=yes\n' })]);
    const [v4, v6] = analysis.families;
    assert.equal(v4?.defaultPolicy, 'drop');
    assert.equal(v6?.defaultPolicy, 'drop');
    assert.deepEqual(ranges(v4), ['udp 68']);
    assert.match(v4!.open[0]!.rule, /--sport 67 --dport 68 -j ACCEPT/);
    // DHCPv6 is accepted only to a link-local destination, and mDNS only to multicast.
    assert.deepEqual(ranges(v6), []);
    assert.deepEqual(v4!.assumptions, []);

    const hostFirewall = { ...analysis, rulesets: [], problems: [] };
    assert.equal(firewallDefaultPolicy.run({ hostFirewall }, context).status, 'pass');
    assert.equal(firewallOpenPorts.run({ hostFirewall }, context).status, 'pass');
    assert.equal(firewallDatabasePort.run({ hostFirewall }, context).status, 'pass');
  });
});

describe('docker-swarm-ipv6-nftables /etc/nftables.conf', { skip }, () => {
  it('parses as nftables text with an ip and an ip6 table', () => {
    const ruleset = parseSavedOutput(readFileSync(NFTABLES, 'utf8'), NFTABLES);
    assert.equal(ruleset.kind, 'nft');
    assert.deepEqual(
      ruleset.tables.map((table) => [table.name, table.families]),
      [
        ['filter', ['ipv4']],
        ['filter', ['ipv6']],
      ],
    );
  });

  it('drops by default and lets in SSH and HTTP(S), and DHCPv6 over IPv6', async () => {
    const hostFirewall = await readHostFirewall({ outputs: [NFTABLES], host: false, root: '/' });
    const [v4, v6] = hostFirewall.families;
    assert.equal(v4?.defaultPolicy, 'drop');
    assert.equal(v6?.defaultPolicy, 'drop');
    assert.deepEqual(ranges(v4), ['tcp 22', 'tcp 80', 'tcp 443']);
    assert.deepEqual(ranges(v6), ['tcp 22', 'tcp 80', 'tcp 443', 'udp 546']);
    assert.equal(v6!.open[0]!.location?.line, 77);

    assert.equal(firewallDefaultPolicy.run({ hostFirewall }, context).status, 'pass');
    const ports = firewallOpenPorts.run({ hostFirewall }, context);
    assert.equal(ports.status, 'pass', ports.message);
    assert.equal(firewallDatabasePort.run({ hostFirewall }, context).status, 'pass');
  });
});
