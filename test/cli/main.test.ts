import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/core/types.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  });
  return { code, stdout, stderr };
}

const emptyProject = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));

describe('bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['scan', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['scna'], /unknown command/],
    [
      'a URL that is not one',
      ['scan', '--project', emptyProject, '--url', 'not a url'],
      /--url: not a URL/,
    ],
    [
      'a URL of another scheme',
      ['scan', '--project', emptyProject, '--url', 'ftp://127.0.0.1/'],
      /--url: the scheme must be http or https/,
    ],
    [
      'a missing folder',
      ['scan', '--project', join(emptyProject, 'nope')],
      /--project: .* does not exist/,
    ],
    [
      'a missing config file',
      ['scan', '--project', emptyProject, '--config', join(emptyProject, 'x.yaml')],
      /cannot read the configuration file/,
    ],
    ['an unknown format', ['scan', '--format', 'xml'], /argument 'xml' is invalid/],
    [
      'a URL of port 0',
      ['scan', '--project', emptyProject, '--url', 'http://127.0.0.1:0/'],
      /^shipshape: --url: port 0 is not a port a server listens on; give one from 1 to 65535/,
    ],
    [
      'a URL of port 99999',
      ['scan', '--project', emptyProject, '--url', 'http://127.0.0.1:99999/'],
      /^shipshape: --url: not a URL/,
    ],
    [
      'an output of unknown kind',
      ['scan', '--project', emptyProject, '--output', join(emptyProject, 'r.xyz')],
      /--output: cannot tell the format/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: one line on stderr and exit code 2`, async () => {
      const result = await cli(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(result.stdout, '');
    });
  }

  it('an invalid configuration value names the file, line and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
    writeFileSync(join(dir, 'shipshape.yaml'), 'policy:\n  hstsMaxAge: -1\n');
    const result = await cli(['scan', '--project', dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /shipshape\.yaml:2: policy\.hstsMaxAge: must be at least 0/);
  });
});

describe('paths of the configuration that name nothing in the project', () => {
  const cases: [string, string, RegExp][] = [
    [
      'env.files',
      'policy:\n  rate: 10\nenv:\n  files: [.env, nope/.env]\n',
      /^shipshape: .*shipshape\.yaml:4: env\.files\[1\]: nope\/\.env does not exist in the project; fix the path or remove it\n$/,
    ],
    [
      'env.examples',
      'env:\n  examples:\n    - missing.env.example\n',
      /^shipshape: .*shipshape\.yaml:3: env\.examples\[0\]: missing\.env\.example does not exist in the project; fix the path or remove it\n$/,
    ],
    [
      'nginx.config',
      'nginx:\n  config: missing.conf\n',
      /^shipshape: .*shipshape\.yaml:2: nginx\.config: missing\.conf does not exist in the project; fix the path or remove it\n$/,
    ],
    [
      'nginx.config, a folder',
      'nginx:\n  config: deploy\n',
      /^shipshape: .*shipshape\.yaml:2: nginx\.config: deploy is a folder; give the file's path\n$/,
    ],
    [
      'nginx.config, outside the project',
      'nginx:\n  config: ../elsewhere/nginx.conf\n',
      /^shipshape: .*shipshape\.yaml:2: nginx\.config: \.\.\/elsewhere\/nginx\.conf is outside the project folder/,
    ],
    [
      'nginx.prefix',
      'nginx:\n  prefix: deploy/nginx\n',
      /^shipshape: .*shipshape\.yaml:2: nginx\.prefix: deploy\/nginx does not exist in the project; fix the path or remove it\n$/,
    ],
  ];
  for (const [key, config, message] of cases) {
    it(`${key}: one line with file, line and key, exit code 2, before any probe`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
      writeFileSync(join(dir, '.env'), 'ENVIRONMENT=production\n');
      mkdirSync(join(dir, 'deploy'));
      writeFileSync(join(dir, 'shipshape.yaml'), config);
      const target = await countingServer();
      try {
        const result = await cli(['scan', '--project', dir, '--url', target.url]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, message);
        assert.equal(result.stdout, '');
        assert.equal(target.requests(), 0, 'no request reached the target');
      } finally {
        await target.close();
      }
    });
  }

  it('a waiver of an unknown id names the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
    writeFileSync(
      join(dir, 'shipshape.yaml'),
      'waivers:\n  - id: headers.csp\n    reason: r\n    expires: 2999-01-01\n  - id: headers.cspp\n    reason: r\n    expires: 2999-01-01\n',
    );
    const result = await cli(['scan', '--project', dir]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^shipshape: .*shipshape\.yaml:5: waivers\[1\]\.id: no item or check is named "headers\.cspp"; /,
    );
  });
});

/** An HTTP server on 127.0.0.1 that counts the requests it gets. */
async function countingServer() {
  let count = 0;
  const server = createHttpServer((_request, response) => {
    count += 1;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => count,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('--output paths that cannot be written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-out-'));
  const cases: [string, string, RegExp][] = [
    [
      'under a missing folder',
      '/proc/nope/x.json',
      /^shipshape: --output: \/proc\/nope\/x\.json: the folder \/proc\/nope does not exist; create it/,
    ],
    ['in /proc', '/proc/x.json', /^shipshape: --output: cannot write \/proc\/x\.json \(ENOENT\)/],
    ['a folder', dir, /^shipshape: --output: .* is a folder; give a file path/],
  ];
  for (const [name, file, message] of cases) {
    it(`${name}: refused before the scan, one line, exit code 2`, async () => {
      const target = await countingServer();
      try {
        const result = await cli([
          'scan',
          '--project',
          emptyProject,
          '--url',
          target.url,
          '--format',
          'json',
          '--output',
          file,
        ]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, message);
        assert.equal(result.stderr.trimEnd().split('\n').length, 1);
        assert.equal(result.stdout, '');
        assert.equal(target.requests(), 0, 'no probe was sent');
      } finally {
        await target.close();
      }
    });
  }

  it('leaves an existing file as it was, and makes no file when refusing another', async () => {
    const existing = join(dir, 'kept.json');
    writeFileSync(existing, 'before');
    const made = join(dir, 'made.json');
    const result = await cli([
      'scan',
      '--project',
      emptyProject,
      '--output',
      existing,
      made,
      '/proc/nope/x.json',
    ]);
    assert.equal(result.code, 2);
    assert.equal(readFileSync(existing, 'utf8'), 'before');
    assert.ok(!existsSync(made));
  });

  it('a write that fails after the scan puts the report on stdout and exits 2, not 0', {
    skip: !existsSync('/dev/full') && 'no /dev/full here',
  }, async () => {
    const result = await cli([
      'scan',
      '--project',
      emptyProject,
      '--format',
      'json',
      '--output',
      '/dev/full',
    ]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'shipshape: --output: cannot write /dev/full (ENOSPC); the json report follows on stdout\n',
    );
    assert.equal((JSON.parse(result.stdout) as Report).items.length, 49);
  });
});

describe('formats and outputs', () => {
  it('writes every item to JSON and Markdown files in one run', async () => {
    const json = join(emptyProject, 'report.json');
    const markdown = join(emptyProject, 'checklist.md');
    const result = await cli([
      'scan',
      '--project',
      emptyProject,
      '--format',
      'json',
      'markdown',
      '--output',
      json,
      markdown,
    ]);
    assert.equal(result.stdout, '');
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    assert.equal(report.items.length, 49);
    assert.equal(report.tool.name, 'shipshape');
    const boxes = readFileSync(markdown, 'utf8').match(/^- \[[ x]\] /gm) ?? [];
    assert.equal(boxes.length, 49);
    assert.ok([0, 1].includes(result.code));
  });

  it('sends the terminal report to stdout by default', async () => {
    const result = await cli(['scan', '--project', emptyProject]);
    assert.match(result.stdout, /49 items: /);
  });
});

describe('an unreachable target', () => {
  let closedPort = 0;
  let silent: Server;
  let silentPort = 0;
  const sockets: Socket[] = [];

  before(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));

    // Accepts connections and never answers.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  const liveItems = ['docs.not-found', 'headers.hsts', 'bots.blocked', 'deploy.health'];

  for (const [name, port, timeout] of [
    ['refusing', () => closedPort, 2],
    ['hanging', () => silentPort, 1],
  ] as const) {
    it(`a ${name} URL turns the live items into error with the reason, exit code 1`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
      writeFileSync(
        join(dir, 'shipshape.yaml'),
        `target:\n  url: http://127.0.0.1:${port()}/\n  httpUrl: http://127.0.0.1:${port()}/\nlimits:\n  requestTimeout: ${timeout}\n  timeBudget: 20\n`,
      );
      const started = Date.now();
      const result = await cli(['scan', '--project', dir, '--format', 'json']);
      assert.equal(result.code, 1);
      assert.ok(Date.now() - started < 20_000);
      const report = JSON.parse(result.stdout) as Report;
      for (const id of liveItems) {
        const item = report.items.find((entry) => entry.id === id)!;
        assert.equal(item.status, 'error', `${id}: ${item.summary}`);
        assert.match(
          item.summary,
          name === 'refusing' ? /refused/ : /timed out|no complete answer|no response/,
        );
      }
    });
  }
});
