import { defineCheck } from '../../core/registry.js';
import { judgeHsts } from '../headers/hsts-policy.js';
import { judgeHeaderScopes } from './header-scopes.js';

export default defineCheck({
  id: 'nginx-hsts',
  title: 'nginx sends Strict-Transport-Security on every HTTPS location',
  severity: 'high',
  needs: ['nginxConfig'],
  remediation:
    'Add to every server block that listens with ssl: ' +
    'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always; ' +
    'and repeat it in every location that has an add_header of its own. Start with a short ' +
    'max-age (300) and raise it once every subdomain serves HTTPS: browsers keep the policy.',
  run: ({ nginxConfig }, { policy }) =>
    judgeHeaderScopes(nginxConfig, {
      label: 'Strict-Transport-Security',
      headers: ['strict-transport-security'],
      judge: (response, url) => judgeHsts(response, url, policy.hstsMaxAge),
      tlsOnly: true,
      directive:
        'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
    }),
});
