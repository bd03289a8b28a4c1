import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, parseConfigText } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';

function errorOf(text: string): string {
  try {
    parseConfigText(text, 'shipshape.yaml');
  } catch (error) {
    assert.ok(error instanceof UsageError);
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('parseConfigText', () => {
  it('fills the policy defaults of the checklist', () => {
    const config = parseConfigText('target:\n  url: https://api.example.com\n', 'shipshape.yaml');
    assert.equal(config.policy.rate, 10);
    assert.equal(config.policy.burst, 20);
    assert.equal(config.policy.secretLength, 32);
    assert.deepEqual(config.policy.allowedPorts, [80, 443, 22]);
    assert.equal(config.policy.minTlsVersion, '1.2');
  });

  it('accepts an empty file', () => {
    assert.equal(parseConfigText('', 'shipshape.yaml').limits.maxRequests, 300);
  });

  it('names the file, line and key of a wrong type', () => {
    assert.match(
      errorOf('policy:\n  rate: 5\n  burst: twenty\n'),
      /^shipshape\.yaml:3: policy\.burst: /,
    );
  });

  it('names the line of an unknown key', () => {
    assert.match(
      errorOf('target:\n  url: https://a.example\n  uri: x\n'),
      /^shipshape\.yaml:3: target: unknown key "uri"/,
    );
  });

  it('reports a YAML syntax error with its line', () => {
    assert.match(errorOf('policy:\n  rate: [1,\n'), /^shipshape\.yaml:\d+: invalid YAML/);
  });

  describe('YAML that fails only when its aliases are resolved', () => {
    const cases: [string, string, RegExp][] = [
      [
        'an alias without its anchor',
        'policy:\n  rate: 1\nb: *y\n',
        /^shipshape\.yaml:3: invalid YAML \(Unresolved alias[^\n]*: y\); set the anchor/,
      ],
      [
        'a merge key of an unknown anchor',
        'policy:\n  rate: 1\n<<: *a\n',
        /^shipshape\.yaml:3: invalid YAML \(Unresolved alias/,
      ],
      [
        'an alias bomb',
        `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [${'*a,'.repeat(8)}*a]\nc: &c [${'*b,'.repeat(8)}*b]\nd: [${'*c,'.repeat(8)}*c]\n`,
        /^shipshape\.yaml:2: invalid YAML \(its aliases expand to too much data\); use fewer aliases/,
      ],
    ];
    for (const [name, text, expected] of cases) {
      it(`${name}: one line with the file and line, a usage error`, () => {
        const message = errorOf(text);
        assert.match(message, expected);
        assert.doesNotMatch(message, /\n/);
      });
    }
  });

  it('says that a file holds several documents, not how to call the YAML library', () => {
    const message = errorOf('policy:\n  rate: 1\n---\npolicy:\n  rate: 2\n');
    assert.match(
      message,
      /^shipshape\.yaml:3: invalid YAML \(the file holds several YAML documents, separated by ---; shipshape reads one\)/,
    );
    assert.doesNotMatch(message, /parseAllDocuments/);
  });

  it('rejects port 0 in a URL', () => {
    assert.match(
      errorOf('target:\n  url: http://127.0.0.1:0/\n'),
      /^shipshape\.yaml:2: target\.url: port 0 is not a port a server listens on/,
    );
  });

  it('rejects a URL that is not http or https', () => {
    assert.match(
      errorOf('target:\n  url: ftp://example.com\n'),
      /^shipshape\.yaml:2: target\.url: /,
    );
  });

  it('never echoes the value it rejects', () => {
    const message = errorOf('policy:\n  burst: s3cr3t-value-here\n');
    assert.doesNotMatch(message, /s3cr3t/);
  });
});

describe('loadConfig: relative paths of the file are taken from its folder', () => {
  /** A configuration file in its own folder, away from the current one. */
  function configIn(host: Record<string, unknown>): { folder: string; file: string } {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-config-'));
    const file = join(folder, 'shipshape.yaml');
    writeFileSync(file, JSON.stringify({ project: 'app', host }));
    return { folder, file };
  }

  it('host.root and host.firewallOutputs, as project is', () => {
    const { folder, file } = configIn({
      root: 'server',
      firewallOutputs: ['saved/ufw-status.txt', '/srv/iptables-save.v4'],
    });
    const { config } = loadConfig(file);
    assert.notEqual(process.cwd(), folder);
    assert.equal(config.project, join(folder, 'app'));
    assert.equal(config.host.root, join(folder, 'server'));
    assert.deepEqual(config.host.firewallOutputs, [
      join(folder, 'saved/ufw-status.txt'),
      '/srv/iptables-save.v4',
    ]);
  });

  it('a relative security log or backup folder finds the file beside the configuration, and stays off host.root', () => {
    const { folder, file } = configIn({
      root: '/mnt/server',
      securityLogs: ['logs/security.log', '/var/log/app/security.log'],
      backupFolder: 'backups',
    });
    const { config } = loadConfig(file);
    const [local, host] = config.host.securityLogs;
    assert.ok(local !== undefined && !isAbsolute(local), 'a local path stays relative');
    assert.equal(resolve(local), join(folder, 'logs/security.log'));
    assert.equal(host, '/var/log/app/security.log');
    assert.equal(resolve(config.host.backupFolder ?? ''), join(folder, 'backups'));
  });

  it('without a file, the defaults are absolute and left alone', () => {
    const { config } = loadConfig(null);
    assert.equal(config.host.root, '/');
    assert.deepEqual(config.host.securityLogs, ['/var/log/app/security.log']);
  });
});
