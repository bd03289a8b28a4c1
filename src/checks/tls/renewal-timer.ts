import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { RenewalCronJob, RenewalJobs } from '../../gather/host/renewal-jobs.js';

/** Cron lines that leave renewal to the timer on this host, since systemd runs it. */
function idleUnderSystemd(jobs: RenewalJobs): RenewalCronJob[] {
  return jobs.systemd === null ? [] : jobs.cronJobs.filter((job) => job.skipsUnderSystemd);
}

function jobEvidence(jobs: RenewalJobs, idle: readonly RenewalCronJob[]): Evidence[] {
  return [
    ...jobs.timers.map((timer) => ({
      message: `${timer.unit}: ${timer.enabled ? 'enabled' : 'installed, not enabled'}`,
      location: { file: timer.file },
    })),
    ...jobs.cronJobs.map((job) => ({
      message: idle.includes(job)
        ? `${job.file}:${job.line} runs ${job.tool} renewal only when systemd does not run, and ${jobs.systemd}: it does nothing here`
        : `${job.file}:${job.line} runs ${job.tool} renewal`,
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
  const idle = idleUnderSystemd(jobs);
  const evidence = jobEvidence(jobs, idle);
  const enabled = jobs.timers.filter((timer) => timer.enabled);
  const cronJobs = jobs.cronJobs.filter((job) => !idle.includes(job));
  if (enabled.length > 0 || cronJobs.length > 0) {
    const names = [
      ...enabled.map((timer) => timer.unit),
      ...new Set(cronJobs.map((job) => `${job.tool} in ${job.file}`)),
    ];
    return {
      status: 'pass',
      message: `Certificate renewal is scheduled on this host: ${names.join(', ')}.`,
      evidence,
    };
  }
  const idleFiles = [...new Set(idle.map((job) => job.file))].join(', ');
  const leftToTimer =
    idle.length > 0
      ? ` ${idleFiles} does nothing while systemd runs: it leaves renewal to the timer.`
      : '';
  if (jobs.timers.length > 0) {
    return {
      status: 'fail',
      message: `A renewal timer is installed but not enabled: ${jobs.timers.map((timer) => timer.unit).join(', ')}.${leftToTimer}`,
      evidence,
    };
  }
  if (jobs.certbotCertificates.length > 0) {
    return {
      status: 'fail',
      message: `certbot manages ${jobs.certbotCertificates.length} certificate(s) here, but no timer or cron job renews them.${leftToTimer}`,
      evidence,
    };
  }
  const found =
    idle.length > 0
      ? `No renewal timer or certbot certificate was found on this host, and ${idleFiles} does nothing while systemd runs`
      : 'No renewal timer, cron job or certbot certificate was found on this host';
  return {
    status: 'manual',
    message: `${found}: the certificate may be renewed elsewhere (a load balancer, a container).`,
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
