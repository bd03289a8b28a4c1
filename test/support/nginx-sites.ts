import type { CertificateFiles } from './nginx.js';

/** The two loopback ports one site listens on: plain HTTP (the port-80 role) and HTTPS. */
export interface SitePorts {
  http: number;
  tls: number;
}

// Bodies are single-quoted nginx strings: they hold no single quote and no `$`.
const API_ROOT = '{"name":"crane-api","version":"1.4.2"}';
const NOT_FOUND = '{"detail":"Not Found"}';

const SWAGGER_UI_PAGE =
  '<!DOCTYPE html><html><head><title>Crane API - Swagger UI</title>' +
  '<link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">' +
  '</head><body><div id="swagger-ui"></div>' +
  '<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>' +
  '<script>const ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui",' +
  ' presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]})</script>' +
  '</body></html>';

const REDOC_PAGE =
  '<!DOCTYPE html><html><head><title>Crane API - ReDoc</title></head><body>' +
  '<redoc spec-url="/openapi.json"></redoc>' +
  '<script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"></script>' +
  '</body></html>';

const OPENAPI_DOCUMENT = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Crane API', version: '1.4.2' },
  paths: {
    '/api/v1/health': { get: { summary: 'Health', responses: { 200: { description: 'OK' } } } },
    '/api/v1/payments': {
      post: { summary: 'Create payment', responses: { 201: { description: 'Created' } } },
    },
  },
});

const SPA_INDEX =
  '<!DOCTYPE html><html><head><title>Crane</title></head>' +
  '<body><div id="root"></div><script src="/assets/index.js"></script></body></html>';

// The user agents of tools and crawlers, refused by the good site; browsers do not match.
const BLOCKED_AGENTS = [
  'python-requests',
  'python-urllib',
  'aiohttp',
  'httpx',
  'axios',
  'node-fetch',
  'curl',
  'wget',
  'go-http-client',
  'okhttp',
  'java/',
  'libwww-perl',
  'scrapy',
  'sqlmap',
  'nikto',
  'nmap',
  'masscan',
  'zgrab',
  'headlesschrome',
  'phantomjs',
  'bot',
  'crawl',
  'spider',
];

function tlsListen(ports: SitePorts, certificate: CertificateFiles): string {
  return `    listen 127.0.0.1:${ports.tls} ssl;
    server_name localhost 127.0.0.1;
    ssl_certificate ${certificate.certFile};
    ssl_certificate_key ${certificate.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    default_type application/json;`;
}

/** What the checklist asks for: redirect, strict headers, no docs, bots refused, health up. */
export function goodSite(ports: SitePorts, certificate: CertificateFiles): string {
  return hardenedSite(ports, certificate, '');
}

/**
 * The good site, except that the API location adds a header of its own. nginx inherits
 * add_header into a level only when that level has none, so every security header is gone
 * from the API's answers while the root page still shows them all.
 */
export function apiHeaderSite(ports: SitePorts, certificate: CertificateFiles): string {
  return hardenedSite(ports, certificate, 'add_header X-Api-Version 1 always;');
}

function hardenedSite(ports: SitePorts, certificate: CertificateFiles, apiHeader: string): string {
  return `  map $http_user_agent $blocked_agent {
    default 0;
    "" 1;
    "~*(${BLOCKED_AGENTS.join('|')})" 1;
  }

  server {
    listen 127.0.0.1:${ports.http};
    server_name localhost 127.0.0.1;
    return 301 https://$host:${ports.tls}$request_uri;
  }

  server {
${tlsListen(ports, certificate)}
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;

    if ($blocked_agent) {
      return 403 '{"detail":"Forbidden"}';
    }

    location = / { return 200 '${API_ROOT}'; }
    location /api/ {
      ${apiHeader}
      location = /api/v1/health { return 200 '{"status":"ok"}'; }
      return 404 '${NOT_FOUND}';
    }
    location ~ ^/(docs|redoc|swagger|openapi\\.json|api-docs) { return 404 '${NOT_FOUND}'; }
    location / { return 404 '${NOT_FOUND}'; }
  }
`;
}

/**
 * The usual mistakes: plain HTTP served, weak headers (on the front end's HTML page too), the docs and schema public, every bot
 * let in, health failing. The API location's own add_header drops every server-level header
 * there, because nginx inherits add_header only into a level that has none of its own.
 */
export function badSite(ports: SitePorts, certificate: CertificateFiles): string {
  return `  server {
    listen 127.0.0.1:${ports.http};
    server_name localhost 127.0.0.1;
    default_type application/json;
    location / { return 200 '${API_ROOT}'; }
  }

  server {
${tlsListen(ports, certificate)}
    add_header Strict-Transport-Security "max-age=300" always;
    add_header X-Frame-Options SAMEORIGIN always;
    add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline'" always;

    location = / { default_type text/html; return 200 '${SPA_INDEX}'; }
    location /api/ {
      add_header X-Api-Version 1 always;
      location = /api/v1/health { return 500 '{"status":"error","detail":"database unavailable"}'; }
      return 404 '${NOT_FOUND}';
    }
    location = /docs { default_type text/html; return 200 '${SWAGGER_UI_PAGE}'; }
    location = /redoc { default_type text/html; return 200 '${REDOC_PAGE}'; }
    location = /openapi.json { return 200 '${OPENAPI_DOCUMENT}'; }
    location / { return 404 '${NOT_FOUND}'; }
  }
`;
}

/**
 * A single-page-app fallback: every path answers 200 with the same index page, so the docs
 * paths "exist" without showing any documentation.
 */
export function catchAllSite(ports: SitePorts, certificate: CertificateFiles): string {
  return `  server {
    listen 127.0.0.1:${ports.http};
    server_name localhost 127.0.0.1;
    return 301 https://$host:${ports.tls}$request_uri;
  }

  server {
${tlsListen(ports, certificate)}
    location / { default_type text/html; return 200 '${SPA_INDEX}'; }
  }
`;
}
