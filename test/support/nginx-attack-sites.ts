import type { CertificateFiles } from './nginx.js';
import type { SitePorts } from './nginx-sites.js';

/** The limit the checklist asks for: 10 r/s per client address, a burst of 20, refused at once. */
export const CHECKLIST_LIMIT = { rate: 10, burst: 20 };

function tlsServer(ports: SitePorts, certificate: CertificateFiles): string {
  return `    listen 127.0.0.1:${ports.tls} ssl;
    server_name localhost 127.0.0.1;
    ssl_certificate ${certificate.certFile};
    ssl_certificate_key ${certificate.keyFile};
    default_type application/json;`;
}

function redirectServer(ports: SitePorts): string {
  return `  server {
    listen 127.0.0.1:${ports.http};
    server_name localhost 127.0.0.1;
    return 301 https://$host:${ports.tls}$request_uri;
  }`;
}

function proxyTo(appPort: number): string {
  return `proxy_pass http://127.0.0.1:${appPort};
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;`;
}

/**
 * The checklist's nginx in front of the guarded application: a limit_req on the API, the
 * security headers on every answer, versions hidden.
 */
export function guardedProxySite(
  ports: SitePorts,
  certificate: CertificateFiles,
  appPort: number,
): string {
  return `  limit_req_zone $binary_remote_addr zone=api:1m rate=${CHECKLIST_LIMIT.rate}r/s;

${redirectServer(ports)}

  server {
${tlsServer(ports, certificate)}
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;

    location /api/ {
      limit_req zone=api burst=${CHECKLIST_LIMIT.burst} nodelay;
      limit_req_status 429;
      ${proxyTo(appPort)}
    }
    location = / { return 200 '{"name":"crane-api"}'; }
    location / { return 404 '{"detail":"Not Found"}'; }
  }
`;
}

/** The careless application behind an nginx with no limit, no headers and its version shown. */
export function carelessProxySite(
  ports: SitePorts,
  certificate: CertificateFiles,
  appPort: number,
): string {
  return `${redirectServer(ports)}

  server {
${tlsServer(ports, certificate)}
    server_tokens on;
    location / {
      ${proxyTo(appPort)}
    }
  }
`;
}

export interface Limit {
  rate: number;
  burst: number;
  /** Refuse the excess at once; without it nginx queues the burst and serves it at the rate. */
  nodelay: boolean;
}

/**
 * A plain-HTTP location answered from a static file in `root` (which must hold ok.json),
 * limited as given. A `return` would answer before limit_req runs: nginx's rewrite phase
 * comes before its preaccess phase.
 */
export function staticSite(port: number, root: string, limit?: Limit): string {
  const zone = limit
    ? `limit_req_zone $binary_remote_addr zone=probe:1m rate=${limit.rate}r/s;`
    : '';
  const apply = limit
    ? `limit_req zone=probe burst=${limit.burst}${limit.nodelay ? ' nodelay' : ''};
      limit_req_status 429;`
    : '';
  return `  ${zone}

  server {
    listen 127.0.0.1:${port};
    default_type application/json;
    root ${root};
    location / {
      ${apply}
      try_files /ok.json =404;
    }
  }
`;
}
