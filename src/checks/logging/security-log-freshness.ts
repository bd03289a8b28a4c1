import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Finding, Status } from '../../core/types.js';
import type { SecurityLogFile, SecurityLogs } from '../../gather/host/security-logs.js';
import { formatAge, hoursBetween } from '../../host/age.js';

interface LogVerdict {
  status: Status;
  text: string;
}

function judgeLog(log: SecurityLogFile, observedAt: string, maxAge: number): LogVerdict {
  if (log.state === 'missing') return { status: 'fail', text: `${log.path} does not exist` };
  if (log.state === 'not-a-file')
    return { status: 'fail', text: `${log.path} is not a regular file` };
  if (log.state === 'unreadable')
    return {
      status: 'error',
      text: `${log.path} could not be examined (${log.reason ?? 'unreadable'})`,
    };
  if (log.size === 0) return { status: 'fail', text: `${log.path} is empty` };
  const age = hoursBetween(log.modifiedAt!, observedAt);
  const described = `${log.path} (${log.size} bytes) was last written ${formatAge(age)} ago`;
  if (age > maxAge) return { status: 'fail', text: `${described}, over the ${maxAge}-hour limit` };
  return { status: 'pass', text: described };
}

export function judgeLogFreshness(logs: SecurityLogs, maxAgeHours: number): Finding {
  const verdicts = logs.logs.map((log) => judgeLog(log, logs.observedAt, maxAgeHours));
  const status = rollUp(verdicts.map((verdict) => verdict.status));
  const evidence = logs.logs.map((log, index) => ({
    message: verdicts[index]!.text,
    location: { file: log.path },
  }));
  if (status === 'pass') {
    return {
      status,
      message: `Every security log was written within ${maxAgeHours} hours: ${verdicts.map((verdict) => verdict.text).join('; ')}.`,
      evidence,
    };
  }
  const problems = verdicts
    .filter((verdict) => verdict.status !== 'pass')
    .map((verdict) => verdict.text);
  return {
    status,
    message: `The security log is not being written: ${problems.join('; ')}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'security-log-freshness',
  title: 'Security log exists and was written recently',
  severity: 'medium',
  needs: ['securityLogs'],
  remediation:
    "Point the application's security logger at the configured file (Python: " +
    '`logging.FileHandler("/var/log/app/security.log")` on a logger named `security`; Node: a ' +
    'pino or winston file transport), make the folder writable by the service user ' +
    '(`sudo install -d -o app -g adm -m 750 /var/log/app`), or set host.securityLogs to where ' +
    'the log really is.',
  run: ({ securityLogs }, { policy }) => judgeLogFreshness(securityLogs, policy.securityLogMaxAge),
});
