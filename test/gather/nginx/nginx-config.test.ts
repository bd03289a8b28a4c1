import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { configSchema } from '../../../src/core/config-schema.js';
import { NotGivenError } from '../../../src/core/errors.js';
import { SecretSet } from '../../../src/core/redact.js';
import type { GatherContext } from '../../../src/core/types.js';
import { indexProject } from '../../../src/gather/files.js';
import nginxConfigGatherer, { decodeNginxText } from '../../../src/gather/nginx/nginx-config.js';
import { parseMessages } from '../../../src/gather/nginx/nginx-test.js';
import type { NginxConfig, NginxTestRun } from '../../../src/gather/nginx/types.js';
import { hasNginx } from '../../support/nginx.js';

const root = mkdtempSync(join(tmpdir(), 'shipshape-nginx-gather-'));
after(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function gather(dir: string, nginx: Record<string, unknown> = {}): Promise<NginxConfig> {
  const config = configSchema.parse({ nginx });
  config.project = dir;
  const signal = new AbortController().signal;
  const context: GatherContext = {
    config,
    signal,
    http: undefined as never,
    secrets: new SecretSet(),
    get: (async () => indexProject(dir, signal)) as GatherContext['get'],
    debug: () => undefined,
  };
  return nginxConfigGatherer.gather(context);
}

function runOf(config: NginxConfig, file: string): NginxTestRun {
  assert.ok(config.test.ran, 'nginx -t did not run');
  const run = config.test.runs.find((candidate) => candidate.root === file);
  assert.ok(run, `no nginx -t run for ${file}`);
  return run;
}

describe('nginxConfig gatherer', () => {
  it('is not given when the project has no nginx file', async () => {
    const dir = project('none', {
      'app.py': 'print(1)\n',
      'supervisor/app.conf': '[program:app]\n',
    });
    await assert.rejects(gather(dir), NotGivenError);
  });

  it('reads only the configured file when nginx.config is set', async () => {
    const dir = project('configured', {
      'deploy/site.conf': 'server {\n  listen 80;\n}\n',
      'other/nginx.conf': 'events {}\nhttp {}\n',
    });
    const config = await gather(dir, { config: 'deploy/site.conf', binary: false });
    assert.deepEqual(
      config.roots.map((r) => r.file),
      ['deploy/site.conf'],
    );
    assert.deepEqual(config.test, { ran: false, reason: 'no nginx binary is installed here' });
    await assert.rejects(gather(dir, { config: 'deploy/none.conf' }), /nginx.config/);
  });

  it('reads a file that is not UTF-8 byte for byte', () => {
    const decoded = decodeNginxText(Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
    assert.deepEqual(decoded, { text: '# \u00e9\n', encoding: 'latin1' });
  });
});

describe('nginx -t in a sandbox', { skip: hasNginx() ? false : 'nginx is not installed' }, () => {
  const unique = randomUUID();
  const neverLog = `/var/log/shipshape-never-${unique}/access.log`;
  const neverTemp = `/var/lib/shipshape-never-${unique}/proxy`;

  it('accepts a valid configuration whose logs and temp paths point at the system', async () => {
    const dir = project('valid', {
      'nginx/nginx.conf': `pid /run/shipshape-${unique}.pid;
error_log /var/log/shipshape-never-${unique}/error.log;
events {}
http {
  access_log ${neverLog};
  proxy_temp_path ${neverTemp};
  include /etc/nginx/mime.types;
  include conf.d/*.conf;
}
`,
      'nginx/conf.d/app.conf': 'server {\n  listen 8080;\n  location / { return 200 ok; }\n}\n',
    });
    const config = await gather(dir);
    const run = runOf(config, 'nginx/nginx.conf');
    assert.equal(run.ok, true, JSON.stringify(run.messages));
    assert.equal(run.loadedAs, 'main');
    assert.equal(existsSync(dirname(neverLog)), false);
    assert.equal(existsSync(dirname(neverTemp)), false);
    assert.equal(existsSync(`/run/shipshape-${unique}.pid`), false);
  });

  it('names the project file and line of an unknown directive', async () => {
    const dir = project('typo', {
      'sites-available/app.conf':
        'server {\n  listen 80;\n  location / {\n    proxy_passs http://a;\n  }\n}\n',
    });
    const run = runOf(await gather(dir), 'sites-available/app.conf');
    assert.equal(run.ok, false);
    assert.equal(run.loadedAs, 'http');
    const [message] = run.messages;
    assert.deepEqual(
      [message!.file, message!.line, message!.cause],
      ['sites-available/app.conf', 4, 'config'],
    );
    assert.match(message!.text, /unknown directive "proxy_passs"/);
  });

  it('tells a missing certificate and a host of the server from a configuration error', async () => {
    const dir = project('environment', {
      'tls.conf':
        'server {\n  listen 443 ssl;\n  ssl_certificate /etc/letsencrypt/live/x/fullchain.pem;\n  ssl_certificate_key /etc/letsencrypt/live/x/privkey.pem;\n}\n',
      'proxy.conf':
        'server {\n  listen 80;\n  location / { proxy_pass http://backend-never.invalid:8000; }\n}\n',
      'vars.conf': 'server {\n  listen 80;\n  add_header X-Frame-Options $frame_options;\n}\n',
    });
    const config = await gather(dir);
    const causes = ['tls.conf', 'proxy.conf', 'vars.conf'].map((file) => {
      const run = runOf(config, file);
      return [file, run.ok, run.messages.map((message) => message.cause)];
    });
    assert.deepEqual(causes, [
      ['tls.conf', false, ['environment']],
      ['proxy.conf', false, ['environment']],
      ['vars.conf', false, ['context']],
    ]);
  });
});

describe('parseMessages', () => {
  const sandbox = { mirror: '/tmp/sb/project', writable: '/tmp/sb/w' };

  it('turns sandbox paths back into project paths and keeps the line', () => {
    const output = [
      'nginx: [emerg] unexpected "}" in /tmp/sb/project/nginx/site.conf:12',
      'nginx: configuration file /tmp/sb/project/x.conf test failed',
      'nginx: [warn] conflicting server name "a" on 0.0.0.0:80, ignored',
      'nginx: [emerg] open() "/tmp/sb/project/snippets/ssl.conf" failed (2: No such file or directory) in /tmp/sb/wrapper.conf:3',
    ].join('\n');
    const messages = parseMessages(output, sandbox, '/tmp/sb/wrapper.conf', {
      loadedAs: 'http',
      unread: false,
    });
    assert.deepEqual(
      messages.map((m) => [m.level, m.file ?? null, m.line ?? null, m.cause]),
      [
        ['emerg', 'nginx/site.conf', 12, 'config'],
        ['warn', null, null, 'config'],
        ['emerg', null, null, 'environment'],
      ],
    );
    assert.match(messages[2]!.text, /^open\(\) "snippets\/ssl.conf" failed/);
  });

  it('counts a directive of a module this build lacks as the environment', () => {
    const output =
      'nginx: [emerg] unknown directive "more_set_headers" in /tmp/sb/project/a.conf:2';
    const [message] = parseMessages(output, sandbox, 'w', { loadedAs: 'main', unread: false });
    assert.equal(message!.cause, 'environment');
  });
});
