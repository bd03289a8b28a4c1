import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { List, ListItem, Nodes } from 'mdast';
import { parseChecklist, parseMarkdown, plainText } from '../../src/checklist/parse.js';
import type { Report } from '../../src/core/types.js';
import { productionWeb } from '../../src/profiles/production-web.js';
import { cli } from '../support/cli.js';

// The spec beside the repository, read in place: the checklist the product exists for.
const SPEC = fileURLToPath(
  new URL('../../../shared/spec/production-security-checklist.md', import.meta.url),
);

/** The task lists as they render: each list's tasks, their text and nesting, in order. */
function renderedTasks(source: string): string[] {
  const found: string[] = [];
  const walk = (node: Nodes, depth: number) => {
    if (
      node.type === 'list' &&
      (node as List).children.some((item) => typeof item.checked === 'boolean')
    ) {
      found.push(`list at depth ${depth} of ${node.children.length}`);
    }
    if (node.type === 'listItem' && typeof (node as ListItem).checked === 'boolean') {
      found.push(`${depth}: ${plainText(node.children[0]!).replace(/\s+/g, ' ').trim()}`);
    }
    if ('children' in node)
      for (const child of node.children) walk(child, node.type === 'list' ? depth + 1 : depth);
  };
  walk(parseMarkdown(source), 0);
  return found;
}

describe('the spec checklist, bound and filled end to end', {
  skip: existsSync(SPEC) ? false : `${SPEC} is absent`,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-spec-'));
  const file = join(dir, 'checklist.md');
  const project = join(dir, 'project');
  const original = existsSync(SPEC) ? readFileSync(SPEC, 'utf8') : '';

  it('bind proposes a binding for every task, and --write adds only comments', async () => {
    copyFileSync(SPEC, file);
    const dry = await cli(['bind', file, '--project', dir]);
    assert.equal(dry.code, 0);
    assert.equal(readFileSync(file, 'utf8'), original, 'no --write, no change');

    const result = await cli(['bind', file, '--project', dir, '--write']);
    assert.equal(result.code, 0);
    const bound = readFileSync(file, 'utf8');
    assert.equal(bound.replace(/ <!-- shipshape: [\w.-]+ -->/g, ''), original);

    const tasks = parseChecklist(bound).tasks;
    assert.ok(tasks.length >= 45);
    assert.ok(
      tasks.every((task) => task.binding !== null && task.binding.length === 1),
      'fully bound',
    );
  });

  it('binds the twelve sections item for item, and the monitoring duties by meaning', () => {
    const tasks = parseChecklist(readFileSync(file, 'utf8')).tasks;
    const sectionIds = productionWeb.items
      .filter((item) => item.section !== 'deploy')
      .map((item) => item.id);
    assert.deepEqual(
      tasks.slice(0, 45).map((task) => task.binding![0]),
      sectionIds,
    );

    const byText = new Map(tasks.map((task) => [task.text, task.binding![0]]));
    assert.equal(byText.get('Check rate limiting is working'), 'firewall.rate-limit');
    assert.equal(byText.get('Monitor payment manipulation attempts'), 'payment.tamper-logged');
    assert.equal(byText.get('Review bot detection events'), 'bots.logged');
    assert.equal(byText.get('Security audit'), 'manual');
    assert.equal(byText.get('Update dependencies'), 'manual');
  });

  it('a scan fills it in place: ticks what passed, an evidence line under each, the same list', async () => {
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, '.env'),
      'ENVIRONMENT=production\nSECRET_KEY=Zq8vN3kP0xR7wL2mT9bY4cF6hJ1sD5gA8eK3uW0iO7pQ\n',
    );
    const bound = readFileSync(file, 'utf8');
    const json = join(dir, 'report.json');

    const result = await cli([
      'scan',
      '--project',
      project,
      '--checklist',
      file,
      '--write',
      '--format',
      'json',
      '--output',
      json,
    ]);
    assert.ok([0, 1].includes(result.code), result.stderr);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const filled = readFileSync(file, 'utf8');
    const tasks = parseChecklist(filled).tasks;

    const status = new Map(report.items.map((item) => [item.id, item.status]));
    for (const task of tasks) {
      const id = task.binding![0]!;
      assert.equal(task.checked, status.get(id) === 'pass', `${task.text} (${id})`);
      assert.ok(task.evidence, `${task.text} has an evidence line`);
    }
    assert.ok(
      tasks.some((task) => task.checked),
      'the env items passed',
    );
    assert.deepEqual(renderedTasks(filled), renderedTasks(original));
    assert.equal(filled.split('\n').length, bound.split('\n').length + tasks.length);

    const again = await cli([
      'scan',
      '--project',
      project,
      '--checklist',
      file,
      '--write',
      '--format',
      'json',
      '--output',
      json,
    ]);
    assert.equal(again.code, result.code);
    assert.equal(
      readFileSync(file, 'utf8').split('\n').length,
      filled.split('\n').length,
      'a second fill replaces, not adds',
    );
  });
});
