import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nginxHttpsRedirect from '../../../src/checks/nginx/nginx-https-redirect.js';
import nginxTlsProtocols from '../../../src/checks/nginx/nginx-tls-protocols.js';
import { nginxArtifact, runNginxCheck } from '../../support/nginx-artifact.js';

const TLS_SERVER =
  'server {\n  listen 443 ssl;\n  server_name example.com;\n  location / { proxy_pass http://app; }\n}\n';

describe('nginx-tls-protocols', () => {
  const judge = (files: Record<string, string>, minTlsVersion: '1.2' | '1.3' = '1.2') =>
    runNginxCheck(nginxTlsProtocols, nginxArtifact(files), { minTlsVersion });

  it('has its id', () => assert.equal(nginxTlsProtocols.id, 'nginx-tls-protocols'));

  it('passes TLS 1.2 and 1.3 only, inherited from the http level', () => {
    const files = {
      'nginx.conf': `events {}\nhttp {\n  ssl_protocols TLSv1.2 TLSv1.3;\n  ${TLS_SERVER}}\n`,
    };
    assert.equal(judge(files).status, 'pass');
    assert.equal(judge(files, '1.3').status, 'fail');
  });

  it('fails Debian`s default list and names the file and line', () => {
    const files = {
      'site.conf': TLS_SERVER.replace(
        'listen 443 ssl;',
        'listen 443 ssl;\n  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;',
      ),
    };
    const finding = judge(files);
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /TLSv1, TLSv1\.1/);
    assert.ok(finding.evidence!.some((evidence) => evidence.location?.line === 1));
  });

  it('warns when ssl_protocols is absent, naming the assumed default', () => {
    const finding = judge({ 'site.conf': TLS_SERVER });
    assert.equal(finding.status, 'warn');
    assert.match(finding.message, /1\.23\.4/);
  });

  it('fails a server that overrides a good http level with an old protocol', () => {
    const files = {
      'nginx.conf': `events {}\nhttp {\n  ssl_protocols TLSv1.2;\n  ${TLS_SERVER}\n  server { listen 8443 ssl; ssl_protocols TLSv1.1 TLSv1.2; }\n}\n`,
    };
    assert.equal(judge(files).status, 'fail');
  });

  it('skips when no server listens with ssl', () => {
    assert.equal(judge({ 'site.conf': 'server { listen 80; }\n' }).status, 'skip');
  });
});

describe('nginx-https-redirect', () => {
  const judge = (text: string) =>
    runNginxCheck(nginxHttpsRedirect, nginxArtifact({ 'site.conf': text }));
  const withTls = (plain: string) => `${plain}\n${TLS_SERVER}`;

  it('has its id', () => assert.equal(nginxHttpsRedirect.id, 'nginx-https-redirect'));

  it('passes a port-80 server that returns 301 to https://$host$request_uri', () => {
    const finding = judge(withTls('server { listen 80; return 301 https://$host$request_uri; }'));
    assert.equal(finding.status, 'pass');
    assert.deepEqual(finding.location, { file: 'site.conf', line: 1 });
  });

  it('passes certbot`s host condition and the other redirect spellings', () => {
    const certbot = `server {
  if ($host = example.com) {
    return 301 https://$host$request_uri;
  }
  listen 80;
  server_name example.com;
  return 404;
}`;
    assert.equal(judge(withTls(certbot)).status, 'pass');
    assert.equal(
      judge(withTls('server { listen 80; rewrite ^ https://$host$request_uri? permanent; }'))
        .status,
      'pass',
    );
    const acme = `server {
  listen 80;
  location /.well-known/acme-challenge/ { root /var/www/certbot; }
  location / { return 308 https://example.com$request_uri; }
}`;
    assert.equal(judge(withTls(acme)).status, 'pass');
    const mixed =
      'server {\n  listen 80;\n  listen 443 ssl;\n  if ($scheme != "https") { return 301 https://$host$request_uri; }\n  location / { proxy_pass http://app; }\n}';
    assert.equal(judge(mixed).status, 'pass');
  });

  it('warns on a temporary redirect, and on one that drops the path', () => {
    assert.equal(
      judge(withTls('server { listen 80; return 302 https://$host$request_uri; }')).status,
      'warn',
    );
    assert.equal(
      judge(withTls('server { listen 80; return 301 https://example.com; }')).status,
      'warn',
    );
  });

  it('fails a plain-HTTP server that serves content, or redirects to http://', () => {
    assert.equal(
      judge(withTls('server { listen 80; location / { proxy_pass http://app; } }')).status,
      'fail',
    );
    assert.equal(
      judge(withTls('server { listen 80; return 301 $scheme://www.example.com$request_uri; }'))
        .status,
      'fail',
    );
    assert.equal(
      judge('server {\n  listen 80;\n  listen 443 ssl;\n  location / { proxy_pass http://app; }\n}')
        .status,
      'fail',
    );
  });

  it('fails when one of several port-80 servers serves content', () => {
    const files = withTls(
      'server { listen 80 default_server; return 444; }\nserver { listen 80; server_name a.example.com; return 301 https://$host$request_uri; }\nserver { listen 80; server_name b.example.com; root /srv; }',
    );
    assert.equal(judge(files).status, 'fail');
  });

  it('fails when every port-80 server only refuses', () => {
    assert.equal(judge(withTls('server { listen 80 default_server; return 444; }')).status, 'fail');
  });

  it('warns when no server listens for plain HTTP at all', () => {
    assert.equal(judge(TLS_SERVER).status, 'warn');
  });
});

describe('nginx-tls-protocols locations', () => {
  const tlsJudge = (files: Record<string, string>) =>
    runNginxCheck(nginxTlsProtocols, nginxArtifact(files), { minTlsVersion: '1.2' });

  it('is located at the ssl_protocols line that allows the old protocol, naming the server too', () => {
    const files = {
      'nginx.conf': `events {}\nhttp {\n  server {\n    listen 443 ssl;\n    server_name example.com;\n\n\n\n\n\n\n    ssl_protocols TLSv1 TLSv1.2;\n  }\n}\n`,
    };
    const finding = tlsJudge(files);
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.location, { file: 'nginx.conf', line: 12 });
    assert.match(
      finding.message,
      /at nginx\.conf:3: ssl_protocols TLSv1 TLSv1\.2 at nginx\.conf:12 /,
    );
    // Without an ssl_protocols line, the server block is where one goes.
    assert.deepEqual(tlsJudge({ 'site.conf': TLS_SERVER }).location, {
      file: 'site.conf',
      line: 1,
    });
  });
});
