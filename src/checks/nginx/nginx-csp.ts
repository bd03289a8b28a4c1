import { defineCheck } from '../../core/registry.js';
import { judgeCsp } from '../headers/csp-policy.js';
import { judgeHeaderScopes } from './header-scopes.js';

export default defineCheck({
  id: 'nginx-csp',
  title: 'nginx sends a strict Content-Security-Policy on every location that serves the API',
  severity: 'medium',
  needs: ['nginxConfig'],
  remediation:
    "Add to the server block: add_header Content-Security-Policy \"default-src 'none'; base-uri " +
    "'none'; frame-ancestors 'none'\" always; for a JSON API (a site with pages needs its own sources), " +
    'and repeat it in every location that has an add_header of its own. Try a new policy as ' +
    'Content-Security-Policy-Report-Only first: a wrong one breaks pages.',
  run: ({ nginxConfig }) =>
    judgeHeaderScopes(nginxConfig, {
      label: 'Content-Security-Policy',
      headers: ['content-security-policy', 'content-security-policy-report-only'],
      judge: judgeCsp,
      directive: `add_header Content-Security-Policy "default-src 'none'; base-uri 'none'" always;`,
    }),
});
