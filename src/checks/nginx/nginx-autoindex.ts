import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { NginxConfig, NginxScope } from '../../gather/nginx/types.js';
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

function judgeAutoindex(config: NginxConfig): Finding {
  const servers = serversOf(config);
  if (servers.length === 0) return { status: 'skip', message: noServersMessage(config) };

  // Levels that inherit one `autoindex on` are listed once, at the first of them.
  const seen = new Set<string>();
  const listing = servers.flatMap(({ server }) =>
    scopesOf(server.scope)
      .map((scope) => ({ server, scope, setting: settingOf(scope, 'autoindex') }))
      .filter(({ setting }) => setting?.args[0] === 'on')
      .filter(({ setting }) => !seen.has(where(setting!)) && seen.add(where(setting!))),
  );
  if (listing.length === 0) {
    return {
      status: 'pass',
      message: `No level of the ${servers.length} server blocks turns autoindex on.`,
    };
  }
  const first = listing[0]!;
  const evidence: Evidence[] = listing.map(({ server, scope, setting }) => ({
    message: `${describeScope(scope, server)}: autoindex on at ${where(setting!)}`,
    location: locationOf(setting!),
  }));
  return {
    status: 'warn',
    message: `autoindex on at ${where(first.setting!)} (${describeScope(first.scope, first.server)}): nginx lists the folder's files to anyone who asks.`,
    location: locationOf(first.setting!),
    evidence: limitEvidence(evidence),
  };
}

export default defineCheck({
  id: 'nginx-autoindex',
  title: 'nginx lists no folder contents',
  severity: 'medium',
  needs: ['nginxConfig'],
  remediation:
    'Remove autoindex on; (nginx defaults to off), or keep it only in a location that is meant to be a public listing.',
  run: ({ nginxConfig }) => judgeAutoindex(nginxConfig),
});
