import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { portOf, ratePerSecond } from '../../../src/gather/nginx/effective.js';
import type { NginxScope, NginxServer } from '../../../src/gather/nginx/types.js';
import { nginxArtifact } from '../../support/nginx-artifact.js';

function serversOf(files: Record<string, string>, apiPrefix?: string): NginxServer[] {
  return nginxArtifact(files, apiPrefix ? { apiPrefix } : {}).roots.flatMap((root) => root.servers);
}

function location(scope: NginxScope, path: string): NginxScope {
  const found = scope.children.find((child) => child.args.at(-1) === path);
  assert.ok(found, `no location ${path}`);
  return found;
}

const headerNames = (scope: NginxScope) => scope.headers.map((header) => header.name);

const HEADERS = `
events {}
http {
  add_header X-Http on;
  server {
    listen 443 ssl;
    server_name api.example.com;
    add_header Strict-Transport-Security "max-age=63072000" always;
    add_header X-Frame-Options DENY;
    location / { proxy_pass http://app; }
    location /api/ {
      add_header X-Api-Version 1 always;
      location /api/v1/ { proxy_pass http://app; }
      location /api/v2/ { add_header X-V2 yes; }
    }
    location /static/ {
      if ($arg_download) { add_header Content-Disposition attachment; }
    }
  }
}
`;

describe('add_header inheritance', () => {
  const [server] = serversOf({ 'nginx.conf': HEADERS });

  it('replaces the http level with the server level', () => {
    assert.deepEqual(headerNames(server!.scope), ['Strict-Transport-Security', 'X-Frame-Options']);
  });

  it('inherits into a location that sets none', () => {
    assert.deepEqual(headerNames(location(server!.scope, '/')), [
      'Strict-Transport-Security',
      'X-Frame-Options',
    ]);
  });

  it('drops every inherited header in a location with its own add_header', () => {
    const api = location(server!.scope, '/api/');
    assert.deepEqual(headerNames(api), ['X-Api-Version']);
    assert.deepEqual(api.headersFrom, { file: 'nginx.conf', line: 11 });
  });

  it('passes a location level on to nested locations, which may replace it again', () => {
    const api = location(server!.scope, '/api/');
    assert.deepEqual(headerNames(location(api, '/api/v1/')), ['X-Api-Version']);
    assert.deepEqual(headerNames(location(api, '/api/v2/')), ['X-V2']);
  });

  it('reads `always` per header', () => {
    const always = server!.scope.headers.map((header) => [header.name, header.always]);
    assert.deepEqual(always, [
      ['Strict-Transport-Security', true],
      ['X-Frame-Options', false],
    ]);
  });

  it('keeps if blocks as their own levels', () => {
    const statics = location(server!.scope, '/static/');
    assert.deepEqual(headerNames(statics), ['Strict-Transport-Security', 'X-Frame-Options']);
    assert.deepEqual(headerNames(statics.children[0]!), ['Content-Disposition']);
    assert.equal(statics.children[0]!.kind, 'if');
  });

  it('marks locations that proxy, or sit under the API prefix, as serving the API', () => {
    const served = (scope: NginxScope): string[] => [
      ...(scope.servesApi ? [scope.args.join(' ')] : []),
      ...scope.children.flatMap(served),
    ];
    assert.deepEqual(served(server!.scope), ['/', '/api/', '/api/v1/', '/api/v2/']);
  });
});

describe('limit_req, zones and maps', () => {
  const files = {
    'nginx.conf': `events {}
http {
  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;
  limit_req_zone $server_name zone=slow:1m rate=600r/m;
  map $sent_http_content_type $frame { default ""; ~*text/html DENY; }
  limit_req zone=slow;
  server {
    location /a { limit_req zone=api burst=20 nodelay; }
    location /b { }
  }
}
`,
  };
  const [root] = nginxArtifact(files).roots;
  const server = root!.servers[0]!;

  it('reads zones with their rate in requests per second', () => {
    assert.deepEqual(
      root!.zones.map((zone) => [zone.name, zone.key, zone.perSecond]),
      [
        ['api', '$binary_remote_addr', 10],
        ['slow', '$server_name', 10],
      ],
    );
  });

  it('replaces the inherited limit_req where a level sets its own', () => {
    const limits = (path: string) =>
      location(server.scope, path).limitReq.map((l) => [l.zone, l.burst, l.nodelay]);
    assert.deepEqual(limits('/a'), [['api', 20, true]]);
    assert.deepEqual(limits('/b'), [['slow', undefined, false]]);
  });

  it('reads map values and default', () => {
    const map = root!.maps.frame!;
    assert.equal(map.source, '$sent_http_content_type');
    assert.equal(map.defaultValue, '');
    assert.deepEqual(map.values, ['DENY']);
  });
});

describe('listen and servers', () => {
  it('reads ports, ssl and default_server, and nginx`s *:80 without a listen', () => {
    const servers = serversOf({
      'site.conf': `server { listen [::]:443 ssl http2 default_server; listen 127.0.0.1:8443 ssl; }
server { server_name a b; }
server { listen 8080; ssl on; }
`,
    });
    assert.deepEqual(
      servers.map((server) => server.listens.map((l) => [l.port, l.ssl, l.defaultServer])),
      [
        [
          [443, true, true],
          [8443, true, false],
        ],
        [[80, false, false]],
        [[8080, true, false]],
      ],
    );
    assert.deepEqual(servers[1]!.names, ['a', 'b']);
    assert.deepEqual(
      servers.map((server) => server.tls),
      [true, false, true],
    );
  });

  it('runs a site file inside the http level of the main file above it', () => {
    const [main, siteRoot] = nginxArtifact({
      'nginx/nginx.conf':
        'events {}\nhttp {\n  server_tokens off;\n  limit_req_zone $binary_remote_addr zone=api:1m rate=5r/s;\n}\n',
      'nginx/sites-available/app.conf': 'server {\n  listen 80;\n}\n',
    }).roots;
    assert.equal(main!.servers.length, 0);
    assert.equal(siteRoot!.parent, 'nginx/nginx.conf');
    assert.deepEqual(
      siteRoot!.zones.map((zone) => zone.name),
      ['api'],
    );
    assert.equal(siteRoot!.servers[0]!.scope.effective.server_tokens?.[0]?.args[0], 'off');
  });

  it('reads ports and rates the way nginx writes them', () => {
    assert.deepEqual(
      ['80', '[::]:443', 'localhost', '*:8080', '[::1]'].map(portOf),
      [80, 443, 80, 8080, 80],
    );
    assert.deepEqual(['10r/s', '60r/m', '5 r/s', 'fast'].map(ratePerSecond), [
      10,
      1,
      undefined,
      undefined,
    ]);
  });
});
