import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNginxCandidates } from '../../../src/gather/nginx/find.js';
import {
  contextOf,
  globToRegExp,
  loadRoots,
  MAX_INCLUDES,
  NginxLoader,
} from '../../../src/gather/nginx/load.js';
import type { NginxDirective } from '../../../src/gather/nginx/types.js';
import { memorySource } from '../../support/nginx-artifact.js';

function names(directives: NginxDirective[]): string[] {
  return directives.flatMap((d) => [`${d.name}@${d.file}:${d.line}`, ...names(d.block ?? [])]);
}

function rootsOf(files: Record<string, string>, prefix?: string) {
  const source = memorySource(files);
  const loader = new NginxLoader(source);
  const candidates = findNginxCandidates(source.paths, source.read);
  return { loader, roots: loadRoots(loader, candidates, prefix) };
}

describe('include', () => {
  it('resolves relative to the prefix, not to the including file', () => {
    const { roots } = rootsOf({
      'nginx.conf': 'events {}\nhttp { include conf.d/server.conf; }\n',
      'conf.d/server.conf': 'server {\n  include foo.conf;\n}\n',
      'foo.conf': 'location /foo { return 200; }\n',
      'conf.d/foo.conf': 'garbage without semicolon\n',
    });
    assert.equal(roots.length, 1);
    assert.deepEqual(names(roots[0]!.directives), [
      'events@nginx.conf:1',
      'http@nginx.conf:2',
      'server@conf.d/server.conf:1',
      'location@foo.conf:1',
      'return@foo.conf:1',
    ]);
    assert.deepEqual(roots[0]!.files, ['nginx.conf', 'conf.d/server.conf', 'foo.conf']);
  });

  it('expands globs in sorted order, skipping dotfiles and other folders', () => {
    const { roots } = rootsOf({
      'nginx.conf': 'events {}\nhttp { include sites/*.conf; }\n',
      'sites/b.conf': 'server {\n listen 81; }',
      'sites/a.conf': 'server {\n listen 80; }',
      'sites/.disabled.conf': 'server {\n listen 82; }',
      'sites/deeper/c.conf': 'server {\n listen 83; }',
    });
    const root = roots.find((candidate) => candidate.file === 'nginx.conf')!;
    assert.deepEqual(root.includes[0]!.files, ['sites/a.conf', 'sites/b.conf']);
    assert.equal(root.includes[0]!.status, 'ok');
  });

  it('notes an include outside the project, and one the project lacks', () => {
    const { roots, loader } = rootsOf({
      'nginx.conf':
        'events {}\nhttp {\n  include /usr/share/nginx/mime.types;\n  include snippets/ssl.conf;\n  include none/*.conf;\n}\n',
    });
    const statuses = roots[0]!.includes.map((include) => [include.pattern, include.status]);
    assert.deepEqual(statuses, [
      ['/usr/share/nginx/mime.types', 'outside'],
      ['snippets/ssl.conf', 'missing'],
      ['none/*.conf', 'ok'],
    ]);
    assert.deepEqual(loader.errors, []);
  });

  it('follows /etc/nginx/ paths into a project folder that mirrors it', () => {
    const { roots } = rootsOf({
      'deploy/nginx/nginx.conf':
        'events {}\nhttp { include /etc/nginx/conf.d/*.conf; include /etc/nginx/mime.types; }\n',
      'deploy/nginx/conf.d/app.conf': 'server { listen 80; }\n',
    });
    assert.equal(roots.length, 1);
    assert.deepEqual(
      roots[0]!.includes.map((include) => [include.status, include.files]),
      [
        ['ok', ['deploy/nginx/conf.d/app.conf']],
        ['outside', []],
      ],
    );
  });

  it('reports an include cycle at the include, once', () => {
    const { loader } = rootsOf({
      'nginx.conf': 'events {}\nhttp { include a.conf; }\n',
      'a.conf': 'include b.conf;\n',
      'b.conf': '\ninclude a.conf;\n',
    });
    assert.deepEqual(
      loader.errors.map((error) => `${error.file}:${error.line}`),
      ['b.conf:2'],
    );
  });
});

describe('roots', () => {
  it('are the files no other file includes', () => {
    const { roots } = rootsOf({
      'nginx/nginx.conf': 'events {}\nhttp { include conf.d/*.conf; }\n',
      'nginx/conf.d/app.conf': 'server { listen 80; }\n',
      'nginx/sites-available/other.conf': 'server { listen 8080; }\n',
    });
    assert.deepEqual(
      roots.map((root) => [root.file, root.context, root.prefix, root.parent ?? null]),
      [
        ['nginx/nginx.conf', 'main', 'nginx', null],
        ['nginx/sites-available/other.conf', 'http', 'nginx', 'nginx/nginx.conf'],
      ],
    );
  });

  it('put a site file alone under the parent of sites-available', () => {
    const { roots } = rootsOf({
      'deploy/sites-available/app.conf': 'server { include snippets/headers.conf; }\n',
      'deploy/snippets/headers.conf': 'add_header X-Frame-Options DENY;\n',
    });
    assert.equal(roots.length, 1);
    assert.equal(roots[0]!.prefix, 'deploy');
    assert.deepEqual(roots[0]!.files, [
      'deploy/sites-available/app.conf',
      'deploy/snippets/headers.conf',
    ]);
  });

  it('take the configured prefix when one is given', () => {
    const { roots } = rootsOf(
      {
        'site.conf': 'server { include snippets/a.conf; }\n',
        'etc/snippets/a.conf': 'listen 80;\n',
      },
      'etc',
    );
    assert.equal(roots.find((root) => root.file === 'site.conf')!.includes[0]!.status, 'ok');
  });
});

describe('contextOf and globToRegExp', () => {
  it('tells a main file from a file of server blocks and a snippet', () => {
    const parse = (text: string) =>
      new NginxLoader(memorySource({ f: text })).file('f')!.directives;
    assert.equal(contextOf(parse('events {} http {}')), 'main');
    assert.equal(contextOf(parse('upstream a { server b; } server {}')), 'http');
    assert.equal(contextOf(parse('location / {} add_header A b;')), 'server');
  });

  it('matches within one folder, with classes and dotfiles as glob(3) does', () => {
    assert.ok(globToRegExp('conf.d/*.conf').test('conf.d/a.conf'));
    assert.ok(!globToRegExp('conf.d/*.conf').test('conf.d/x/a.conf'));
    assert.ok(!globToRegExp('conf.d/*').test('conf.d/.hidden'));
    assert.ok(globToRegExp('conf.d/.*').test('conf.d/.hidden'));
    assert.ok(globToRegExp('site[0-9].conf').test('site7.conf'));
    assert.ok(!globToRegExp('site[!0-9].conf').test('site7.conf'));
    assert.ok(globToRegExp('a+b(1).conf').test('a+b(1).conf'));
  });
});

describe('findNginxCandidates', () => {
  it('takes every nginx.conf and the files that read as nginx, and leaves the rest', () => {
    const files: Record<string, string> = {
      'nginx.conf': '',
      'deploy/app.conf': 'server {\n  listen 80;\n}\n',
      'deploy/sites-available/default': 'server {\n  listen 80;\n}\n',
      'deploy/templates/default.conf.template': 'server {\n  listen $' + '{PORT};\n}\n',
      'deploy/.disabled.conf': 'server {\n  listen 80;\n}\n',
      'supervisor/conf.d/app.conf': '[program:app]\ncommand=uvicorn main:app\n',
      'redis.conf': 'bind 127.0.0.1\nport 6379\n',
    };
    const source = memorySource(files);
    assert.deepEqual(findNginxCandidates(source.paths, source.read), [
      'deploy/app.conf',
      'deploy/sites-available/default',
      'deploy/templates/default.conf.template',
      'nginx.conf',
    ]);
  });
});

describe('hostile includes', () => {
  it('stop after MAX_INCLUDES when globs include each other', () => {
    const files: Record<string, string> = {
      'nginx.conf': 'events {}\nhttp { include parts/*.conf; }\n',
    };
    for (let i = 0; i < 30; i++) files[`parts/p${i}.conf`] = 'include parts/*.conf;\n';
    const started = Date.now();
    const { loader } = rootsOf(files);
    assert.ok(Date.now() - started < 5000);
    assert.ok(
      loader.errors.some((error) => error.message.startsWith(`more than ${MAX_INCLUDES} includes`)),
    );
  });
});
