import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { NginxConfig, NginxServer } from '../../gather/nginx/types.js';
import { classifyPlainServer, type RedirectKind, type RedirectVerdict } from './redirects.js';
import {
  describeServer,
  limitEvidence,
  locationOf,
  noServersMessage,
  serversOf,
} from './scopes.js';

const STATUS_OF: Record<RedirectKind, 'pass' | 'warn' | 'fail'> = {
  https: 'pass',
  temporary: 'warn',
  'loses-path': 'warn',
  plain: 'fail',
  refuses: 'pass',
  serves: 'fail',
};

/** The servers that answer plain HTTP on port 80, or on any port when none takes 80. */
function plainServers(config: NginxConfig): NginxServer[] {
  const plain = serversOf(config)
    .map(({ server }) => server)
    .filter((server) => server.listens.some((listen) => !listen.ssl));
  const onPort80 = plain.filter((server) =>
    server.listens.some((listen) => !listen.ssl && listen.port === 80),
  );
  return onPort80.length > 0 ? onPort80 : plain;
}

function judgeHttpsRedirect(config: NginxConfig): Finding {
  if (serversOf(config).length === 0) return { status: 'skip', message: noServersMessage(config) };
  const servers = plainServers(config);
  if (servers.length === 0) {
    return {
      status: 'warn',
      message:
        'No nginx server listens for plain HTTP, so http:// links get no redirect unless ' +
        'something in front of nginx answers port 80.',
    };
  }

  const judged = servers.map((server) => ({ server, ...classifyPlainServer(server) }));
  const evidence: Evidence[] = judged.map(({ server, message, at }) => ({
    message: `${describeServer(server)}: ${message}`,
    location: locationOf(at),
  }));
  const failing = judged.find((entry) => STATUS_OF[entry.kind] === 'fail');
  const warning = judged.find((entry) => STATUS_OF[entry.kind] === 'warn');
  const redirecting = judged.find((entry) => entry.kind === 'https');
  const deciding = failing ?? warning ?? redirecting;
  if (!deciding) {
    return {
      status: 'fail',
      message: `Every plain-HTTP server refuses requests (${judged.map((entry) => entry.message).join('; ')}) and none redirects to https://.`,
      evidence: limitEvidence(evidence),
    };
  }
  return finding(deciding, STATUS_OF[deciding.kind], evidence);
}

function finding(
  deciding: RedirectVerdict & { server: NginxServer },
  status: 'pass' | 'warn' | 'fail',
  evidence: Evidence[],
): Finding {
  const expected = status === 'pass' ? '' : '; expected return 301 https://$host$request_uri';
  return {
    status,
    message: `${describeServer(deciding.server)}: ${deciding.message}${expected}.`,
    location: locationOf(deciding.at),
    evidence: limitEvidence(evidence),
  };
}

export default defineCheck({
  id: 'nginx-https-redirect',
  title: 'nginx redirects plain HTTP to HTTPS permanently',
  severity: 'high',
  needs: ['nginxConfig'],
  remediation:
    'Give port 80 a server block that only redirects: server { listen 80; listen [::]:80; ' +
    'server_name example.com; return 301 https://$host$request_uri; } (keep a location for ' +
    '/.well-known/acme-challenge/ above it if certificates are renewed over HTTP).',
  run: ({ nginxConfig }) => judgeHttpsRedirect(nginxConfig),
});
