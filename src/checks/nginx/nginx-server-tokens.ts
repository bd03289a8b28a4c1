import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type {
  NginxConfig,
  NginxScope,
  NginxServer,
  NginxSource,
} from '../../gather/nginx/types.js';
import {
  describeScope,
  limitEvidence,
  locationOf,
  noServersMessage,
  serversOf,
  settingOf,
  where,
} from './scopes.js';

function scopesOf(scope: NginxScope): NginxScope[] {
  return [scope, ...scope.children.flatMap(scopesOf)];
}

/** Levels where server_tokens is not off: nginx's default is on. */
function revealing(
  server: NginxServer,
): { scope: NginxScope; message: string; key: string; at: NginxSource }[] {
  return scopesOf(server.scope).flatMap((scope) => {
    const setting = settingOf(scope, 'server_tokens');
    if (setting?.args[0] === 'off') return [];
    const message = setting
      ? `server_tokens ${setting.args[0]} at ${where(setting)}`
      : 'server_tokens is not set, and nginx defaults to on';
    return [{ scope, message, key: setting ? where(setting) : 'default', at: setting ?? scope }];
  });
}

function judgeServerTokens(config: NginxConfig): Finding {
  const servers = serversOf(config);
  if (servers.length === 0) return { status: 'skip', message: noServersMessage(config) };

  // A level that inherits the same setting adds nothing: each setting (or its absence) once.
  const seen = new Set<string>();
  const found = servers
    .flatMap(({ server }) => revealing(server).map((entry) => ({ server, ...entry })))
    .filter(
      ({ server, key }) =>
        !seen.has(`${where(server)} ${key}`) && seen.add(`${where(server)} ${key}`),
    );
  if (found.length === 0) {
    return {
      status: 'pass',
      message: `server_tokens is off in all ${servers.length} server blocks: error pages and the Server header omit the nginx version.`,
    };
  }
  const first = found[0]!;
  const evidence: Evidence[] = found.map(({ server, scope, message, at }) => ({
    message: `${describeScope(scope, server)}: ${message}`,
    location: locationOf(at),
  }));
  return {
    status: 'warn',
    message: `${describeScope(first.scope, first.server)} at ${where(first.scope)}: ${first.message}, so error pages and the Server header show the nginx version.`,
    location: locationOf(first.at),
    evidence: limitEvidence(evidence),
  };
}

export default defineCheck({
  id: 'nginx-server-tokens',
  title: 'nginx hides its version',
  severity: 'low',
  needs: ['nginxConfig'],
  remediation: 'Add to the http block: server_tokens off;',
  run: ({ nginxConfig }) => judgeServerTokens(nginxConfig),
});
