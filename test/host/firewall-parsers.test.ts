import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../src/core/errors.js';
import {
  analyseFirewall,
  type FamilyExposure,
  type FirewallAnalysis,
  type PortOpening,
} from '../../src/host/firewall/analyse.js';
import { detectFormat, parseSavedOutput } from '../../src/host/firewall/detect.js';
import { parseIptablesSave } from '../../src/host/firewall/iptables.js';
import type { Family, Ruleset } from '../../src/host/firewall/model.js';
import { parseNftJson } from '../../src/host/firewall/nft-json.js';
import { parseNftText } from '../../src/host/firewall/nft-text.js';
import { parseUfwStatus } from '../../src/host/firewall/ufw-status.js';
import { FIXTURES } from './host-root.js';

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function parse(name: string): Ruleset {
  return parseSavedOutput(fixture(name), name);
}

function analyse(...names: string[]): FirewallAnalysis {
  return analyseFirewall(names.map(parse));
}

function family(analysis: FirewallAnalysis, name: Family): FamilyExposure {
  return analysis.families.find((entry) => entry.family === name)!;
}

/** `tcp 22`, `tcp 6000-6007`: what the openings cover, in order. */
function ranges(openings: readonly PortOpening[]): string[] {
  return openings.map(({ protocol, from, to }) =>
    from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`,
  );
}

/** The restricted openings of one source, as ranges. */
function openTo(exposure: FamilyExposure, source: string): string[] {
  return ranges(exposure.restricted.filter((opening) => opening.source === source));
}

describe('detectFormat tells the saved outputs apart', () => {
  const cases: [string, string][] = [
    ['ufw-active.txt', 'ufw-status'],
    ['ufw-inactive.txt', 'ufw-status'],
    ['nft-ruleset.json', 'nft-json'],
    ['nft-ruleset.txt', 'nft-text'],
    ['iptables-save.v4', 'iptables'],
    ['ip6tables-save.v6', 'iptables'],
  ];
  for (const [name, format] of cases) {
    it(`${name} is ${format}`, () => {
      assert.equal(detectFormat(fixture(name)), format);
    });
  }

  it('text that is no firewall output is a ParseError naming the file', () => {
    assert.throws(
      () => parseSavedOutput('hello\nworld\n', 'notes.txt'),
      (error: unknown) =>
        error instanceof ParseError &&
        error.location.file === 'notes.txt' &&
        /not a firewall output/.test(error.message),
    );
  });

  it('broken nft JSON is a ParseError, not a SyntaxError', () => {
    assert.throws(() => parseNftJson('{"nftables": [', 'x.json'), ParseError);
    assert.throws(() => parseNftJson('{"other": 1}', 'x.json'), /no "nftables" array/);
  });
});

describe('ufw status verbose, active, deny incoming', () => {
  const analysis = analyse('ufw-active.txt');
  const v4 = family(analysis, 'ipv4');
  const v6 = family(analysis, 'ipv6');

  it('reads the default incoming policy as drop for both families', () => {
    assert.equal(v4.filtering, 'active');
    assert.equal(v4.defaultPolicy, 'drop');
    assert.equal(v6.defaultPolicy, 'drop');
    assert.equal(v4.kind, 'ufw-status');
  });

  it('opens LIMIT, an application profile and a port range to anywhere over IPv4', () => {
    assert.deepEqual(ranges(v4.open), ['tcp 22', 'tcp 80', 'tcp 443', 'tcp 6000-6007']);
    assert.match(v4.open[0]!.rule, /22\/tcp LIMIT IN Anywhere/);
    assert.deepEqual(v4.open[0]!.location, { file: 'ufw-active.txt', line: 8 });
  });

  it('keeps the IPv4 Postgres rule to its subnet', () => {
    assert.deepEqual(openTo(v4, '10.0.0.0/24'), ['tcp 5432']);
  });

  it('opens Postgres to anywhere over IPv6 only, from its (v6) row', () => {
    assert.deepEqual(ranges(v6.open), ['tcp 22', 'tcp 80', 'tcp 443', 'tcp 5432', 'tcp 6000-6007']);
    assert.match(v6.open.find((opening) => opening.from === 5432)!.rule, /5432\/tcp \(v6\)/);
  });

  it('an Anywhere rule from one address opens every port to it but the denied 3306', () => {
    const office = openTo(v4, '203.0.113.7');
    assert.ok(office.includes('tcp 1-21'));
    assert.ok(office.includes('udp 3307-65535'));
    assert.ok(!office.some((range) => range.includes('3306-')), 'DENY 3306 comes first');
    const v6Office = openTo(v6, '2001:db8:42::/48');
    assert.ok(v6Office.includes('tcp 6008-65535'));
    assert.equal(openTo(v6, '203.0.113.7').length, 0, 'an IPv4 source opens nothing over IPv6');
  });

  it('without `verbose`, the default policy is unknown, and the notes say so', () => {
    const plain = fixture('ufw-active.txt').replace(/^Default:.*\n/m, '');
    const ruleset = parseUfwStatus(plain, 'plain');
    assert.match(ruleset.notes.join(), /run `ufw status verbose`/);
    const exposure = analyseFirewall([ruleset]).families[0]!;
    assert.equal(exposure.defaultPolicy, 'unknown');
    const decidedBy = (port: number) =>
      exposure.undecided.some((opening) => opening.from <= port && opening.to >= port);
    assert.ok(decidedBy(8080), 'a port no rule names is left to the unseen default');
    assert.ok(!decidedBy(3306), 'the DENY row decides 3306');
  });

  it('an application profile with unknown ports is left out with a note', () => {
    const text = fixture('ufw-web-only.txt').replace(
      '443                        ALLOW IN    Anywhere',
      'Frobnicator                ALLOW IN    Anywhere',
    );
    const ruleset = parseUfwStatus(text, 'custom');
    assert.match(ruleset.notes.join(), /application profile "Frobnicator" has unknown ports/);
  });
});

describe('ufw status, inactive', () => {
  const analysis = analyse('ufw-inactive.txt');
  it('filters nothing over either family', () => {
    for (const exposure of analysis.families) {
      assert.equal(exposure.filtering, 'inactive');
      assert.equal(exposure.defaultPolicy, null);
      assert.deepEqual(ranges(exposure.open), ['tcp 1-65535', 'udp 1-65535']);
    }
  });
});

describe('nft list ruleset (text), inet table with policy drop', () => {
  const analysis = analyse('nft-ruleset.txt');
  const v4 = family(analysis, 'ipv4');
  const v6 = family(analysis, 'ipv6');

  it('drops by default for both families', () => {
    assert.equal(v4.defaultPolicy, 'drop');
    assert.equal(v6.defaultPolicy, 'drop');
  });

  it('opens tcp {22, 80, 443} and WireGuard to anywhere, over both families', () => {
    const expected = ['tcp 22', 'tcp 80', 'tcp 443', 'udp 51820'];
    assert.deepEqual(ranges(v4.open), expected);
    assert.deepEqual(ranges(v6.open), expected);
  });

  it('keeps ip saddr and ip6 saddr rules to their family and block', () => {
    assert.deepEqual(openTo(v4, '10.0.0.0/8'), ['tcp 5432']);
    assert.deepEqual(openTo(v4, '198.51.100.0/24'), ['tcp 9090'], 'a named set is resolved');
    assert.deepEqual(openTo(v6, '2001:db8:1::/48'), ['tcp 9100']);
    assert.deepEqual(openTo(v6, 'fe80::/10'), ['udp 546']);
    assert.deepEqual(openTo(v6, '10.0.0.0/8'), []);
  });

  it('a later accepting chain does not open what an earlier one dropped (6379)', () => {
    assert.ok(!v6.open.some((opening) => opening.from <= 6379 && opening.to >= 6379));
  });

  it('names the accepting rule, even when a later base chain lets everything through', () => {
    const ssh = v6.open.find((opening) => opening.from === 22)!;
    assert.equal(ssh.rule, 'tcp dport { 22, 80, 443 } accept');
    assert.equal(ssh.location?.line, 15);
  });

  it('`ip saddr !=` in an inet table speaks for IPv4 only', () => {
    const text = `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ip saddr != 203.0.113.0/24 tcp dport 22 drop
    tcp dport 22 accept
  }
}`;
    const exposure = analyseFirewall([parseNftText(text, 'office-ssh.nft')]);
    assert.deepEqual(ranges(family(exposure, 'ipv4').open), []);
    assert.deepEqual(ranges(family(exposure, 'ipv6').open), ['tcp 22']);
  });

  it('an ip table alone leaves IPv6 without an input filter', () => {
    const text =
      'table ip filter {\n chain input {\n  type filter hook input priority 0; policy drop;\n  tcp dport 22 accept\n }\n}\n';
    const exposure = analyseFirewall([parseNftText(text, 'ip-only.nft')]);
    assert.equal(family(exposure, 'ipv4').defaultPolicy, 'drop');
    assert.equal(family(exposure, 'ipv6').filtering, 'absent');
    assert.deepEqual(ranges(family(exposure, 'ipv6').open), ['tcp 1-65535', 'udp 1-65535']);
  });
});

describe('nft -j list ruleset (JSON)', () => {
  const analysis = analyse('nft-ruleset.json');
  const v4 = family(analysis, 'ipv4');
  const v6 = family(analysis, 'ipv6');

  it('drops by default for both families', () => {
    assert.equal(v4.defaultPolicy, 'drop');
    assert.equal(v6.defaultPolicy, 'drop');
  });

  it('`tcp dport` opens TCP only and `udp dport` UDP only', () => {
    assert.deepEqual(ranges(v4.open), ['tcp 22', 'tcp 80', 'tcp 443', 'udp 51820']);
  });

  it('opens Postgres to anywhere over IPv6 only (ip6 saddr ::/0)', () => {
    assert.deepEqual(ranges(v6.open), ['tcp 22', 'tcp 80', 'tcp 443', 'tcp 5432', 'udp 51820']);
    assert.deepEqual(openTo(v4, '10.0.0.0/8'), ['tcp 5432']);
  });

  it('resolves a named set and keeps ip6 saddr to IPv6', () => {
    assert.deepEqual(openTo(v4, '198.51.100.0/24'), ['tcp 9090']);
    assert.deepEqual(openTo(v6, '2001:db8:1::/48'), ['tcp 9100']);
    assert.deepEqual(openTo(v4, '2001:db8:1::/48'), []);
  });

  it('reads the same facts as the text form of the same ruleset', () => {
    const text = analyse('nft-ruleset.txt');
    assert.deepEqual(ranges(family(text, 'ipv4').open), ranges(v4.open));
    assert.deepEqual(openTo(family(text, 'ipv4'), '10.0.0.0/8'), openTo(v4, '10.0.0.0/8'));
  });
});

describe('iptables-save and ip6tables-save', () => {
  it('iptables-save describes IPv4 only: INPUT DROP with its ACCEPT rules', () => {
    const analysis = analyse('iptables-save.v4');
    const v4 = family(analysis, 'ipv4');
    assert.equal(v4.defaultPolicy, 'drop');
    assert.deepEqual(ranges(v4.open), ['tcp 22', 'tcp 80', 'tcp 443']);
    assert.deepEqual(openTo(v4, '10.0.0.0/24'), ['tcp 5432']);
    assert.equal(family(analysis, 'ipv6').filtering, 'unseen');
  });

  it('finds the ports Docker publishes through DNAT, past INPUT', () => {
    const { published } = analyse('iptables-save.v4');
    assert.deepEqual(
      published.map((entry) => [entry.port, entry.to, entry.reachable]),
      [
        [6379, '172.17.0.2:6379', true],
        [8443, '172.17.0.3:443', true],
      ],
    );
  });

  it('a DOCKER-USER drop of the container port makes the publication unreachable', () => {
    const text = fixture('iptables-save.v4').replace(
      '-A DOCKER-USER -j RETURN',
      '-A DOCKER-USER -i eth0 -p tcp -m tcp --dport 6379 -j DROP\n-A DOCKER-USER -j RETURN',
    );
    const { published } = analyseFirewall([parseIptablesSave(text, 'docker-user.v4')]);
    assert.deepEqual(
      published.map((entry) => [entry.port, entry.reachable]),
      [
        [6379, false],
        [8443, true],
      ],
    );
  });

  it('ip6tables-save describes IPv6 only, from its header', () => {
    const ruleset = parse('ip6tables-save.v6');
    assert.deepEqual(ruleset.families, ['ipv6']);
    const analysis = analyseFirewall([ruleset]);
    const v6 = family(analysis, 'ipv6');
    assert.equal(v6.defaultPolicy, 'drop');
    assert.deepEqual(ranges(v6.open), ['tcp 22', 'tcp 80', 'tcp 443', 'tcp 5432']);
    assert.deepEqual(openTo(v6, '2001:db8:1::/48'), ['tcp 9100']);
    assert.equal(family(analysis, 'ipv4').filtering, 'unseen');
  });

  it('together they cover both families, each from its own file', () => {
    const analysis = analyse('iptables-save.v4', 'ip6tables-save.v6');
    assert.equal(family(analysis, 'ipv4').origin, 'iptables-save.v4');
    assert.equal(family(analysis, 'ipv6').origin, 'ip6tables-save.v6');
  });

  it('INPUT ACCEPT with no rules opens everything', () => {
    const analysis = analyseFirewall([
      parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n', 'open.v4', 'ipv4'),
    ]);
    const v4 = family(analysis, 'ipv4');
    assert.equal(v4.defaultPolicy, 'accept');
    assert.deepEqual(ranges(v4.open), ['tcp 1-65535', 'udp 1-65535']);
    assert.equal(v4.open[0]!.rule, 'the default input policy (accept)');
  });
});
