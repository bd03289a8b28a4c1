import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { Report } from '../../src/core/types.js';
import { cli } from '../support/cli.js';

/** A project whose deployed env is in development mode: env.production fails at .env:1. */
function failingProject(config = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-ci-'));
  writeFileSync(
    join(dir, '.env'),
    'ENVIRONMENT=development\nSECRET_KEY=Zq8vN3kP0xR7wL2mT9bY4cF6hJ1sD5gA8eK3uW0iO7pQ\n',
  );
  if (config !== '') writeFileSync(join(dir, 'shipshape.yaml'), config);
  return dir;
}

const waiverFor = (expires: string) =>
  `waivers:\n  - id: env.production\n    location: .env:1\n    reason: Staging copy until the cut-over\n    expires: ${expires}\n`;

describe('waivers on the command line', () => {
  it('a waived failure passes --fail-on fail; the same waiver expired fails it', async () => {
    const waived = await cli([
      'scan',
      '--project',
      failingProject(waiverFor('2999-12-31')),
      '--format',
      'json',
      '--fail-on',
      'fail',
    ]);
    const expired = await cli([
      'scan',
      '--project',
      failingProject(waiverFor('2000-01-01')),
      '--format',
      'json',
      '--fail-on',
      'fail',
    ]);

    const waivedItem = (JSON.parse(waived.stdout) as Report).items.find(
      (item) => item.id === 'env.production',
    )!;
    const expiredReport = JSON.parse(expired.stdout) as Report;
    assert.equal(waivedItem.status, 'fail');
    assert.equal(waivedItem.waived?.expired, false);
    assert.equal(waived.code, 0);
    assert.equal(expired.code, 1);
    assert.equal(expiredReport.waivers![0]!.state, 'expired');
  });

  it('a waiver naming no item is a configuration error', async () => {
    const result = await cli([
      'scan',
      '--project',
      failingProject('waivers:\n  - {id: env.nope, reason: r, expires: 2999-01-01}\n'),
    ]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /shipshape\.yaml:2: waivers\[0\]\.id: no item or check is named "env\.nope"/,
    );
  });
});

describe('--fail-on by severity', () => {
  it('gates on fails of that severity or worse', async () => {
    const project = failingProject();
    // environment-mode is a high-severity check.
    assert.equal((await cli(['scan', '--project', project, '--fail-on', 'high'])).code, 1);
    assert.equal((await cli(['scan', '--project', project, '--fail-on', 'critical'])).code, 0);
  });

  it('rejects a level that is neither a status nor a severity', async () => {
    const result = await cli(['scan', '--fail-on', 'manual']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /argument 'manual' is invalid/);
  });
});

describe('HTML and JUnit outputs', () => {
  it('takes the format from the extension, and writes both from one scan', async () => {
    const project = failingProject();
    const html = join(project, 'report.html');
    const xml = join(project, 'junit.xml');
    const result = await cli(['scan', '--project', project, '--output', html, xml]);
    assert.equal(result.code, 1);

    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/);
    const suites = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'testsuite',
    }).parse(readFileSync(xml, 'utf8')).testsuites;
    assert.equal(suites.testsuite.length, 13);
    assert.equal(suites['@_tests'], '49');
    assert.equal(suites['@_failures'], '1');
  });
});

describe('--checklist and --write', () => {
  it('needs somewhere to put the filled checklist', async () => {
    const project = failingProject();
    const file = join(project, 'team.md');
    writeFileSync(file, '- [ ] Environment is production <!-- shipshape: env.production -->\n');
    const result = await cli(['scan', '--project', project, '--checklist', file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--checklist: say where the filled checklist goes/);
    assert.equal((await cli(['scan', '--project', project, '--write'])).code, 2);
  });

  it('writes the filled checklist as the Markdown output, and names a bad binding by line', async () => {
    const project = failingProject();
    const file = join(project, 'team.md');
    const out = join(project, 'filled.md');
    writeFileSync(
      file,
      '# Ours\n\n- [x] Environment is production <!-- shipshape: env.production -->\n- [ ] Not bound\n',
    );
    const result = await cli(['scan', '--project', project, '--checklist', file, '--output', out]);
    assert.equal(result.code, 1);
    assert.match(
      readFileSync(out, 'utf8'),
      /^- \[ \] Environment is production <!-- shipshape: env\.production -->\n {2}- \*\*FAIL\*\*/m,
    );
    assert.match(result.stderr, /2 items, 1 bound \(0 ticked\), 1 unbound/);

    writeFileSync(file, '\n- [ ] x <!-- shipshape: env.nope -->\n');
    const bad = await cli(['scan', '--project', project, '--checklist', file, '--write']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /team\.md:2: no item is named "env\.nope"/);
  });

  // An immutable file refuses writes even to root; chattr needs a file system that keeps it.
  const immutable = (file: string, on: boolean) =>
    spawnSync('chattr', [on ? '+i' : '-i', file], { stdio: 'ignore' }).status === 0;

  it('writes the reports even when the checklist cannot be written in place, and fails', async (t) => {
    const project = failingProject();
    const file = join(project, 'team.md');
    const out = join(project, 'report.json');
    const text = '- [ ] Environment is production <!-- shipshape: env.production -->\n';
    writeFileSync(file, text);
    if (!immutable(file, true)) {
      t.skip('chattr +i is not available here');
      return;
    }
    try {
      const result = await cli([
        'scan',
        '--project',
        project,
        '--checklist',
        file,
        '--write',
        '--output',
        out,
      ]);
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        /--write: cannot write .*team\.md \(EPERM\); the reports are written as asked/,
      );
      assert.equal((JSON.parse(readFileSync(out, 'utf8')) as Report).items.length, 49);
      assert.equal(readFileSync(file, 'utf8'), text);
    } finally {
      immutable(file, false);
    }
  });
});
