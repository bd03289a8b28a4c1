import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  buildNginxConfig,
  decodeNginxText,
  fileSystemSource,
} from '../../../src/gather/nginx/nginx-config.js';
import { testNginxRoots } from '../../../src/gather/nginx/nginx-test.js';
import { parseNginx } from '../../../src/gather/nginx/parse.js';
import type { NginxTestRun } from '../../../src/gather/nginx/types.js';
import { scan } from '../../../src/scan.js';
import { hasNginx, NGINX_BINARY } from '../../support/nginx.js';

// Real-world configurations, read in place (never copied into the project): see SOURCES.md there.
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const PROJECTS = ['server-configs-nginx', 'crossplane/tests/configs', 'awesome-compose'];
const NGINX_FILE = /(\.conf|mime\.types)$/;
/** nginx's messages for what its tokenizer refuses; anything else is about meaning, not syntax. */
const SYNTAX_MESSAGE = /^(unexpected|unbalanced|too long parameter)/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function nginxFiles(project: string): string[] {
  const dir = join(CORPUS, project);
  return walk(dir)
    .map((path) => relative(dir, path))
    .filter((path) => NGINX_FILE.test(path))
    .sort();
}

async function nginxVerdict(project: string, file: string): Promise<NginxTestRun | undefined> {
  const dir = join(CORPUS, project);
  const source = fileSystemSource(
    dir,
    walk(dir).map((path) => relative(dir, path)),
  );
  const built = buildNginxConfig(source, { config: file });
  if (!built) return undefined;
  const test = await testNginxRoots(built.config.roots, built.loader, {
    binary: NGINX_BINARY,
    projectRoot: dir,
    readSource: source.readSource,
    timeoutMs: 10_000,
  });
  return test.ran ? test.runs[0] : undefined;
}

describe('the nginx corpus', {
  skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}`,
}, () => {
  for (const project of PROJECTS) {
    it(`${project}: every file parses, or names the file and line of each syntax error`, () => {
      const files = nginxFiles(project);
      assert.ok(files.length > 0);
      for (const file of files) {
        const text = decodeNginxText(readFileSync(join(CORPUS, project, file))).text;
        const parsed = parseNginx(text, file);
        const lines = text.split('\n').length;
        for (const error of parsed.errors) {
          assert.equal(error.file, file);
          assert.ok(error.line >= 1 && error.line <= lines, `${file}:${error.line} of ${lines}`);
        }
      }
    });
  }

  it('server-configs-nginx parses without a single error, quoted empty map keys included', () => {
    for (const file of nginxFiles('server-configs-nginx')) {
      const text = decodeNginxText(readFileSync(join(CORPUS, 'server-configs-nginx', file))).text;
      assert.deepEqual(parseNginx(text, file).errors, [], file);
    }
  });

  it('reports the syntax errors of crossplane`s broken files where nginx reports them', () => {
    const errors = (file: string) => {
      const text = readFileSync(join(CORPUS, 'crossplane/tests/configs', file), 'utf8');
      return parseNginx(text, file).errors.map((error) => `${error.line}: ${error.message}`);
    };
    assert.deepEqual(errors('missing-semicolon/broken-above.conf'), ['5: unexpected "}"']);
    assert.deepEqual(errors('missing-semicolon/broken-below.conf'), ['8: unexpected "}"']);
    assert.deepEqual(errors('quote-behavior/nginx.conf').slice(0, 1), ['1: unexpected "-"']);
    assert.deepEqual(errors('messy/nginx.conf'), []);
    assert.deepEqual(errors('lua-block-tricky/nginx.conf'), []);
  });

  for (const project of PROJECTS) {
    it(`${project}: nginx refuses every file the parser refuses, at the same line for syntax`, {
      skip: hasNginx() ? false : 'nginx is not installed',
    }, async () => {
      for (const file of nginxFiles(project)) {
        const text = decodeNginxText(readFileSync(join(CORPUS, project, file))).text;
        const parsed = parseNginx(text, file);
        const run = await nginxVerdict(project, file);
        if (!run) continue;
        const first = run.messages.find((message) => message.level === 'emerg');
        if (parsed.errors.length > 0) assert.equal(run.ok, false, `nginx accepts ${file}`);
        if (first && SYNTAX_MESSAGE.test(first.text) && first.file === file) {
          const ours = parsed.errors[0];
          assert.ok(
            ours,
            `nginx finds "${first.text}" at ${file}:${first.line}; the parser nothing`,
          );
          assert.deepEqual([ours.line, ours.message], [first.line, first.text], file);
        }
      }
    });
  }

  for (const project of PROJECTS) {
    it(`${project}: a scan gives every nginx check a verdict, never an error`, async () => {
      const report = await scan({ project: join(CORPUS, project) });
      const nginxChecks = report.items.flatMap((item) =>
        item.checks.filter((check) => check.id.startsWith('nginx-')),
      );
      assert.equal(nginxChecks.length, 12);
      for (const check of nginxChecks) {
        assert.notEqual(check.status, 'error', `${check.id}: ${check.message}`);
      }
    });
  }
});
