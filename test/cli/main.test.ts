import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
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
