import { defineCheck } from '../../core/registry.js';
import { judgeFraming } from '../headers/framing-policy.js';
import { judgeHeaderScopes } from './header-scopes.js';

export default defineCheck({
  id: 'nginx-frame-options',
  title: 'nginx denies framing on every location that serves the API',
  severity: 'medium',
  needs: ['nginxConfig'],
  remediation:
    'Add to the server block: add_header X-Frame-Options "DENY" always; and repeat it in every ' +
    "location that has an add_header of its own (or send a CSP with frame-ancestors 'none').",
  run: ({ nginxConfig }) =>
    judgeHeaderScopes(nginxConfig, {
      label: 'X-Frame-Options',
      headers: ['x-frame-options', 'content-security-policy'],
      judge: judgeFraming,
      directive: 'add_header X-Frame-Options "DENY" always;',
    }),
});
