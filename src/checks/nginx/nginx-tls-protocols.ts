import type { Policy } from '../../core/config-schema.js';
import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding, Status } from '../../core/types.js';
import type { NginxConfig, NginxServer, NginxSource } from '../../gather/nginx/types.js';
import {
  describeServer,
  limitEvidence,
  locationOf,
  noServersMessage,
  serversOf,
  settingOf,
  where,
} from './scopes.js';

/**
 * nginx's default when ssl_protocols is absent. Since 1.23.4 it is TLSv1.2 TLSv1.3; before,
 * it included TLSv1 and TLSv1.1 (Debian 12 ships 1.22, and its nginx.conf sets them
 * explicitly). The server's version is not in the project, so the older default is assumed.
 */
export const ASSUMED_DEFAULT_PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

const OLDER_THAN_1_2 = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

interface Verdict {
  status: Exclude<Status, 'skip' | 'error' | 'manual'>;
  message: string;
  /** The ssl_protocols line that decides, when one is in force: the line to fix. */
  at?: NginxSource;
}

function tooOld(policy: Policy): string[] {
  return policy.minTlsVersion === '1.3' ? [...OLDER_THAN_1_2, 'TLSv1.2'] : OLDER_THAN_1_2;
}

function judgeServer(server: NginxServer, policy: Policy): Verdict {
  const setting = settingOf(server.scope, 'ssl_protocols');
  const minimum = `TLS ${policy.minTlsVersion}`;
  if (!setting) {
    return {
      status: 'warn',
      message:
        `ssl_protocols is not set, so nginx's default applies: before 1.23.4 that is ` +
        `${ASSUMED_DEFAULT_PROTOCOLS.join(' ')} (assumed, as the server's version is unknown), ` +
        `from 1.23.4 TLSv1.2 TLSv1.3; an http-level ssl_protocols on the server (Debian's ` +
        `nginx.conf sets TLSv1 TLSv1.1) would apply too`,
    };
  }
  const allowed = setting.args;
  const weak = allowed.filter((protocol) => tooOld(policy).includes(protocol));
  const observed = `ssl_protocols ${allowed.join(' ')} at ${where(setting)}`;
  if (weak.length > 0) {
    return {
      status: 'fail',
      message: `${observed} allows ${weak.join(', ')}, older than ${minimum}`,
      at: setting,
    };
  }
  return { status: 'pass', message: `${observed}: nothing older than ${minimum}`, at: setting };
}

function judgeTlsProtocols(config: NginxConfig, policy: Policy): Finding {
  const servers = serversOf(config);
  if (servers.length === 0) return { status: 'skip', message: noServersMessage(config) };
  const tls = servers.filter(({ server }) => server.tls);
  if (tls.length === 0) {
    return {
      status: 'skip',
      message: 'No nginx server listens with ssl: TLS ends elsewhere, and the live check decides.',
    };
  }

  const judged = tls.map(({ server }) => ({ server, ...judgeServer(server, policy) }));
  const order: Verdict['status'][] = ['fail', 'warn', 'pass'];
  const status = order.find((candidate) => judged.some((entry) => entry.status === candidate))!;
  const deciding = judged.find((entry) => entry.status === status)!;
  const evidence: Evidence[] = judged.map(({ server, message }) => ({
    message: `${describeServer(server)}: ${message}`,
    location: locationOf(server),
  }));
  return {
    status,
    message: `${describeServer(deciding.server)} at ${where(deciding.server)}: ${deciding.message}.`,
    // The server's place stays in the message; the ssl_protocols line is what to change.
    location: locationOf(deciding.at ?? deciding.server),
    evidence: limitEvidence(evidence),
  };
}

export default defineCheck({
  id: 'nginx-tls-protocols',
  title: 'nginx allows only TLS 1.2 or newer',
  severity: 'high',
  needs: ['nginxConfig'],
  remediation:
    'Set, in the http block (or every server that listens with ssl): ssl_protocols TLSv1.2 TLSv1.3; ' +
    '(TLSv1.3; alone when the policy asks for 1.3). Clients older than 2014 will no longer connect.',
  run: ({ nginxConfig }, { policy }) => judgeTlsProtocols(nginxConfig, policy),
});
