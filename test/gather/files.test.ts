import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configSchema } from '../../src/core/config-schema.js';
import { NotGivenError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/redact.js';
import type { GatherContext } from '../../src/core/types.js';
import filesGatherer, { indexProject, MAX_FILE_BYTES } from '../../src/gather/files.js';

// Built at run time: git would drop node_modules/, .git/ and symlink loops from a fixture folder.
let root: string;

function write(path: string, content: string | Buffer): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'shipshape-files-'));
  write('README.md', '# app\n');
  write('.env', 'SECRET_KEY=x\n');
  write('backend/.env', 'DEBUG=false\n');
  write('backend/app/main.py', 'print("hi")\n');
  write('node_modules/express/index.js', 'module.exports = {};\n');
  write('.git/config', '[core]\n');
  write('.venv/lib/python3.12/site-packages/x.py', 'x = 1\n');
  write('env/pyvenv.cfg', 'home = /usr/bin\n');
  write('env/lib/thing.py', 'y = 2\n');
  write('myenv/pyvenv.cfg', 'home = /usr/bin\n');
  write('app/__pycache__/main.cpython-312.pyc', 'cached');
  write('dist/bundle.js', 'bundled();\n');
  write('frontend/build/index.html', '<html></html>\n');
  write('data/big.sql', Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
  write('data/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0a]));
  write('config/nginx.conf', 'events {}\n');
  symlinkSync(root, join(root, 'config', 'loop'));
  symlinkSync(join(root, 'config', 'nginx.conf'), join(root, 'nginx-link.conf'));
  symlinkSync(join(root, 'missing-target'), join(root, 'dangling'));
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('indexProject', () => {
  it('lists the project files and leaves out dependencies, caches, builds and venvs', async () => {
    const index = await indexProject(root, new AbortController().signal);
    const paths = index.files.map((file) => file.path);

    assert.deepEqual(paths, [
      '.env',
      'README.md',
      'backend/.env',
      'backend/app/main.py',
      'config/nginx.conf',
      'nginx-link.conf',
    ]);
    assert.equal(index.truncated, false);
    assert.deepEqual(index.skipped, { large: 1, binary: 1, unreadable: 0 });
  });

  it('records sizes and does not follow folder symlinks', async () => {
    const index = await indexProject(root, new AbortController().signal);
    const readme = index.files.find((file) => file.path === 'README.md');

    assert.equal(readme?.size, 6);
    assert.ok(index.files.every((file) => !file.path.includes('loop/')));
  });

  it('stops at the entry bound and says so', async () => {
    const index = await indexProject(root, new AbortController().signal, 3);

    assert.equal(index.truncated, true);
    assert.ok(index.files.length <= 3);
  });

  it('stops when the scan is aborted', async () => {
    const controller = new AbortController();
    controller.abort();

    await assert.rejects(indexProject(root, controller.signal), { name: 'BudgetError' });
  });
});

describe('files gatherer', () => {
  it('throws NotGivenError without a project folder', async () => {
    const context = {
      config: configSchema.parse({}),
      signal: new AbortController().signal,
      secrets: new SecretSet(),
    } as unknown as GatherContext;

    await assert.rejects(filesGatherer.gather(context), NotGivenError);
  });
});
