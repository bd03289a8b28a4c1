import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { RenewalSetup } from '../../gather/renewal.js';

/** Evidence lines shown: one renewal job is enough to know, a few show where. */
const MAX_EVIDENCE = 10;

export function judgeRenewalSetup(setup: RenewalSetup): Finding {
  const files = `${setup.filesRead} configuration file${setup.filesRead === 1 ? '' : 's'}`;
  const searched = `${files}${setup.truncated ? ', the first ones only,' : ''}`;
  if (setup.evidence.length === 0) {
    return {
      status: 'manual',
      message: `No certificate renewal job was found in the project (${searched} searched): it may live on the host.`,
    };
  }

  const tools = [...new Set(setup.evidence.map((found) => found.tool))].join(', ');
  return {
    status: 'pass',
    message: `The project sets up certificate renewal with ${tools}.`,
    evidence: setup.evidence.slice(0, MAX_EVIDENCE).map((found) => ({
      message: `${found.file}:${found.line} ${found.sign}`,
      location: { file: found.file, line: found.line },
    })),
  };
}

export default defineCheck({
  id: 'renewal-schedule',
  title: 'Certificate renewal is scheduled in the project',
  severity: 'medium',
  needs: ['renewalSetup'],
  remediation:
    'Schedule renewal where the deployment is defined: `systemctl enable --now certbot.timer` ' +
    'on the host, a cron line `0 3 * * * certbot renew --quiet --deploy-hook "systemctl reload ' +
    'nginx"`, or a certbot service in docker-compose that runs `certbot renew` every 12 hours.',
  run: ({ renewalSetup }) => judgeRenewalSetup(renewalSetup),
});
