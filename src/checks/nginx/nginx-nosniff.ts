import { defineCheck } from '../../core/registry.js';
import { judgeNosniff } from '../headers/nosniff-header.js';
import { judgeHeaderScopes } from './header-scopes.js';

export default defineCheck({
  id: 'nginx-nosniff',
  title: 'nginx sends X-Content-Type-Options: nosniff on every location that serves the API',
  severity: 'low',
  needs: ['nginxConfig'],
  remediation:
    'Add to the server block: add_header X-Content-Type-Options "nosniff" always; and repeat it ' +
    'in every location that has an add_header of its own.',
  run: ({ nginxConfig }) =>
    judgeHeaderScopes(nginxConfig, {
      label: 'X-Content-Type-Options',
      headers: ['x-content-type-options'],
      judge: judgeNosniff,
      directive: 'add_header X-Content-Type-Options "nosniff" always;',
    }),
});
