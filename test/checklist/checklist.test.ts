import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { List, Nodes } from 'mdast';
import { proposeBindings, writeBindings } from '../../src/checklist/bind.js';
import { resolveBindings } from '../../src/checklist/bindings.js';
import { fillChecklist } from '../../src/checklist/fill.js';
import { parseChecklist, parseMarkdown } from '../../src/checklist/parse.js';
import { loadChecklist, MAX_CHECKLIST_CHARS } from '../../src/cli/checklist.js';
import { UsageError } from '../../src/core/errors.js';
import type { Status } from '../../src/core/types.js';
import { productionWeb } from '../../src/profiles/production-web.js';
import { HOSTILE, sampleReport } from '../support/reports.js';

const SOURCE = [
  '# Release checklist',
  '',
  '## Security headers',
  '',
  '- [ ] HSTS header is set <!-- shipshape: headers.hsts -->',
  '* [x] Framing is denied',
  '  on every page <!-- shipshape: headers.frame-options -->',
  '- [ ] Someone reads the logs',
  '',
  '> 1. [ ] Quoted task <!-- shipshape: headers.csp headers.nosniff -->',
  '',
  '- plain bullet, not a task',
  '',
].join('\n');

function reportWith(statuses: Record<string, Status>) {
  const report = sampleReport();
  for (const item of report.items) {
    item.status = statuses[item.id] ?? 'skip';
    item.summary = `${item.id} is ${item.status}`;
    delete item.waived;
  }
  return report;
}

describe('parseChecklist', () => {
  const { tasks } = parseChecklist(SOURCE);

  it('finds every task item with its box, text, heading and binding', () => {
    assert.deepEqual(
      tasks.map((task) => [task.line, task.checked, task.text, task.binding]),
      [
        [5, false, 'HSTS header is set', ['headers.hsts']],
        [6, true, 'Framing is denied on every page', ['headers.frame-options']],
        [8, false, 'Someone reads the logs', null],
        [10, false, 'Quoted task', ['headers.csp', 'headers.nosniff']],
      ],
    );
    assert.deepEqual(tasks[0]!.headings, ['Release checklist', 'Security headers']);
    for (const task of tasks) assert.match(SOURCE[task.markOffset]!, /[ x]/);
  });
});

describe('fillChecklist', () => {
  const checklist = parseChecklist(SOURCE);
  const bound = resolveBindings(checklist, {}, productionWeb, 'team.md');
  const report = reportWith({
    'headers.hsts': 'pass',
    'headers.frame-options': 'fail',
    'headers.csp': 'pass',
    'headers.nosniff': 'warn',
  });
  const filled = fillChecklist(checklist, bound, report);
  const lines = filled.text.split('\n');

  it('ticks what passed, unticks what did not, and leaves unbound tasks as they were', () => {
    assert.equal(lines[4], '- [x] HSTS header is set <!-- shipshape: headers.hsts -->');
    assert.equal(lines[6], '* [ ] Framing is denied');
    assert.ok(lines.includes('- [ ] Someone reads the logs'));
    assert.deepEqual([filled.bound, filled.unbound, filled.ticked], [3, 1, 1]);
    assert.deepEqual(
      [filled.counts.pass, filled.counts.fail, filled.counts.warn, filled.counts.manual],
      [1, 1, 1, 1],
    );
  });

  it('writes one evidence line under each bound task, at its indent and inside its quote', () => {
    assert.match(
      lines[5]!,
      /^ {2}- \*\*PASS\*\* `headers\.hsts`: headers\.hsts is pass \(deploy\/nginx\.conf:3\) <!-- shipshape-evidence -->$/,
    );
    assert.match(lines[8]!, /^ {2}- \*\*FAIL\*\* `headers\.frame-options`/);
    assert.match(
      lines.find((line) => line.includes('headers.csp, headers.nosniff'))!,
      /^> {4}- \*\*WARN\*\*/,
    );
  });

  it('changes nothing but the boxes and the evidence lines', () => {
    const withoutEvidence = filled.text
      .split('\n')
      .filter((line) => !line.includes('<!-- shipshape-evidence -->'))
      .join('\n');
    assert.equal(
      withoutEvidence.replace('- [x] HSTS', '- [ ] HSTS').replace('* [ ] Framing', '* [x] Framing'),
      SOURCE,
    );
  });

  it('replaces its own evidence lines on the next fill instead of adding more', () => {
    const again = parseChecklist(filled.text);
    const refilled = fillChecklist(
      again,
      resolveBindings(again, {}, productionWeb, 'team.md'),
      report,
    );
    assert.equal(refilled.text, filled.text);
  });

  it('keeps CRLF line endings', () => {
    const crlf = parseChecklist(SOURCE.replace(/\n/g, '\r\n'));
    const text = fillChecklist(
      crlf,
      resolveBindings(crlf, {}, productionWeb, 'team.md'),
      report,
    ).text;
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false);
  });

  it('escapes what the target sent, so it cannot add a task, a link or a binding', () => {
    const hostile = reportWith({ 'headers.hsts': 'fail' });
    hostile.items.find((item) => item.id === 'headers.hsts')!.summary =
      `${HOSTILE}\n- [x] injected [link](http://evil)`;
    const text = fillChecklist(checklist, bound, hostile).text;
    const reparsed = parseChecklist(text);
    assert.equal(reparsed.tasks.length, 4);
    assert.deepEqual(
      reparsed.tasks.map((task) => task.binding),
      checklist.tasks.map((task) => task.binding),
    );
    const kinds = new Set<string>();
    const html: string[] = [];
    const walk = (node: Nodes) => {
      kinds.add(node.type);
      if (node.type === 'html') html.push(node.value);
      if ('children' in node) for (const child of node.children) walk(child);
    };
    walk(parseMarkdown(text));
    assert.ok(!kinds.has('link'));
    assert.ok(
      html.every((value) => /^<!-- shipshape[:-]/.test(value)),
      html.join(' | '),
    );
  });
});

describe('bindings', () => {
  it('binds by the configuration table, by text', () => {
    const checklist = parseChecklist(SOURCE);
    const bound = resolveBindings(
      checklist,
      { 'someone reads  the logs': 'logging.written' },
      productionWeb,
      'team.md',
    );
    assert.deepEqual(bound[2]!.ids, ['logging.written']);
    assert.equal(bound[2]!.from, 'config');
  });

  it('rejects an id the profile does not have, naming the file and line', () => {
    const checklist = parseChecklist('- [ ] x <!-- shipshape: env.nope -->\n');
    assert.throws(
      () => resolveBindings(checklist, {}, productionWeb, 'team.md'),
      (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /^team\.md:1: no item is named "env\.nope"/);
        return true;
      },
    );
  });

  it('reads the abbreviations and phrasings checklists use', () => {
    const source = [
      '## Headers',
      '- [ ] HSTS header set',
      '- [ ] CSP header configured',
      '## Rate limiting',
      '- [ ] burst configured',
      '## Deploy',
      '- [ ] Check `nginx -t` passes',
      '- [ ] Backups taken daily',
      '',
    ].join('\n');
    const proposals = proposeBindings(
      resolveBindings(parseChecklist(source), {}, productionWeb, 'team.md'),
      productionWeb,
    );
    assert.deepEqual(
      proposals.map((proposal) => proposal.itemId),
      ['headers.hsts', 'headers.csp', 'ratelimit.burst', 'deploy.nginx-syntax', 'deploy.backup'],
    );
  });

  it('reads how teams word the firewall and log rotation items', () => {
    // One task a checklist, under no heading: each binds by its words alone.
    const propose = (task: string) =>
      proposeBindings(
        resolveBindings(parseChecklist(`- [ ] ${task}\n`), {}, productionWeb, 'team.md'),
        productionWeb,
      )[0]!.itemId;
    const expected: [string, string][] = [
      ['Firewall blocks the database port', 'firewall.db-port'],
      ['Database port closed to the internet', 'firewall.db-port'],
      ['Postgres not reachable from the internet', 'firewall.db-port'],
      ['Rotate security logs', 'logging.rotation'],
      ['Logs are rotated', 'logging.rotation'],
      // Four items, not one: a person binds it, or splits it.
      ['Security headers present on all responses', 'manual'],
      // A duty that shares words with items, not one of them.
      ['Review security logs', 'manual'],
    ];
    assert.deepEqual(
      expected.map(([task]) => [task, propose(task)]),
      expected,
    );
  });

  it('proposes the item a task names, and manual for a task no item matches', () => {
    const checklist = parseChecklist(SOURCE);
    const proposals = proposeBindings(
      resolveBindings(checklist, {}, productionWeb, 'team.md'),
      productionWeb,
    );
    assert.deepEqual(
      proposals.map((proposal) => proposal.itemId),
      ['manual'],
    );

    const text = writeBindings(
      parseChecklist('## Rate limiting\n\n- [ ] Burst protection is active (20 requests)\n'),
      [
        ...proposeBindings(
          resolveBindings(
            parseChecklist('## Rate limiting\n\n- [ ] Burst protection is active (20 requests)\n'),
            {},
            productionWeb,
            'x',
          ),
          productionWeb,
        ),
      ],
    );
    assert.equal(
      text,
      '## Rate limiting\n\n- [ ] Burst protection is active (20 requests) <!-- shipshape: ratelimit.burst -->\n',
    );
  });
});

describe('a task with sub-tasks', () => {
  const source = '- [ ] Headers <!-- shipshape: headers.hsts -->\n  - [ ] HSTS\n  - [ ] CSP\n';
  const report = reportWith({ 'headers.hsts': 'pass' });

  it('keeps its evidence line out of the sub-list, fill after fill', () => {
    let text = source;
    for (let round = 0; round < 2; round += 1) {
      const checklist = parseChecklist(text);
      text = fillChecklist(
        checklist,
        resolveBindings(checklist, {}, productionWeb, 'x'),
        report,
      ).text;
    }
    assert.match(
      text,
      /^- \[x\] Headers <!-- shipshape: headers\.hsts -->\n {2}\* \*\*PASS\*\*.*\n {2}- \[ \] HSTS\n {2}- \[ \] CSP\n$/,
    );
    const tree = parseMarkdown(text);
    const lists = (tree.children[0] as List).children[0]!.children.filter(
      (child) => child.type === 'list',
    );
    assert.deepEqual(
      lists.map((list) => (list as List).children.length),
      [1, 2],
    );
  });
});

describe('loadChecklist', () => {
  it('refuses a file far larger than any checklist, in one line, before parsing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-checklist-'));
    const file = join(dir, 'huge.md');
    writeFileSync(file, '- [ ] x\n'.repeat(MAX_CHECKLIST_CHARS / 8 + 1));
    try {
      assert.throws(
        () => loadChecklist(file, {}, productionWeb),
        (error: Error) =>
          error instanceof UsageError &&
          /^--checklist: .*huge\.md holds \d+ characters/.test(error.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
