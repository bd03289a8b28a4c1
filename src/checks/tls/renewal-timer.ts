import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { RenewalJobs } from '../../gather/host/renewal-jobs.js';

function jobEvidence(jobs: RenewalJobs): Evidence[] {
  return [
    ...jobs.timers.map((timer) => ({
      message: `${timer.unit}: ${timer.enabled ? 'enabled' : 'installed, not enabled'}`,
      location: { file: timer.file },
    })),
    ...jobs.cronJobs.map((job) => ({
      message: `${job.file}:${job.line} runs ${job.tool} renewal`,
      location: { file: job.file, line: job.line },
    })),
    ...(jobs.certbotCertificates.length > 0
      ? [
          {
            message: `certbot manages ${jobs.certbotCertificates.length} certificate(s): ${jobs.certbotCertificates.slice(0, 5).join(', ')}`,
          },
        ]
      : []),
  ];
}

export function judgeRenewalJobs(jobs: RenewalJobs): Finding {
  const evidence = jobEvidence(jobs);
  const enabled = jobs.timers.filter((timer) => timer.enabled);
  if (enabled.length > 0 || jobs.cronJobs.length > 0) {
    const names = [
      ...enabled.map((timer) => timer.unit),
      ...new Set(jobs.cronJobs.map((job) => `${job.tool} in ${job.file}`)),
    ];
    return {
      status: 'pass',
      message: `Certificate renewal is scheduled on this host: ${names.join(', ')}.`,
      evidence,
    };
  }
  if (jobs.timers.length > 0) {
    return {
      status: 'fail',
      message: `A renewal timer is installed but not enabled: ${jobs.timers.map((timer) => timer.unit).join(', ')}.`,
      evidence,
    };
  }
  if (jobs.certbotCertificates.length > 0) {
    return {
      status: 'fail',
      message: `certbot manages ${jobs.certbotCertificates.length} certificate(s) here, but no timer or cron job renews them.`,
      evidence,
    };
  }
  return {
    status: 'manual',
    message:
      'No renewal timer, cron job or certbot certificate was found on this host: the certificate may be renewed elsewhere (a load balancer, a container).',
    evidence,
  };
}

export default defineCheck({
  id: 'renewal-timer',
  title: 'A certificate renewal timer or cron job is active on the host',
  severity: 'medium',
  needs: ['renewalJobs'],
  remediation:
    'Enable the renewal timer: `sudo systemctl enable --now certbot.timer` (snap: ' +
    '`snap.certbot.renew.timer`), or add a cron line `0 3 * * * certbot renew --quiet ' +
    '--deploy-hook "systemctl reload nginx"`; then test it with `sudo certbot renew --dry-run`.',
  run: ({ renewalJobs }) => judgeRenewalJobs(renewalJobs),
});
