import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { LogrotateRules } from '../../gather/host/logrotate.js';
import type { SecurityLogs } from '../../gather/host/security-logs.js';
import { globMatches, type LogrotateRule } from '../../host/logrotate.js';

const FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

function ruleFor(path: string, rules: readonly LogrotateRule[]): LogrotateRule | undefined {
  // logrotate applies the first block that names a file; later ones are an error it reports.
  return rules.find((rule) => rule.patterns.some((pattern) => globMatches(pattern, path)));
}

function describeRule(rule: LogrotateRule): string {
  const frequency = FREQUENCIES.find((name) => name in rule.directives) ?? 'default frequency';
  const size = rule.directives.maxsize ?? rule.directives.size;
  const kept =
    rule.directives.rotate === undefined ? 'default count' : `rotate ${rule.directives.rotate}`;
  return `${frequency}${size ? `, size ${size}` : ''}, ${kept}`;
}

export function judgeRotation(logs: SecurityLogs, logrotate: LogrotateRules): Finding {
  const evidence: Evidence[] = [];
  const uncovered: string[] = [];
  const discarding: string[] = [];
  for (const { path } of logs.logs) {
    const rule = ruleFor(path, logrotate.rules);
    if (!rule) {
      uncovered.push(path);
      evidence.push({ message: `${path}: no logrotate block names it` });
      continue;
    }
    if (rule.directives.rotate === '0') discarding.push(path);
    evidence.push({
      message: `${path}: covered by \`${rule.patterns.join(' ')}\` (${describeRule(rule)})`,
      location: { file: rule.file, line: rule.line },
    });
  }
  evidence.push({
    message: `Read ${logrotate.filesRead.length} logrotate files: ${logrotate.filesRead.slice(0, 6).join(', ') || 'none'}`,
  });

  if (logrotate.filesRead.length === 0) {
    return {
      status: 'fail',
      message:
        'No logrotate configuration was found (/etc/logrotate.conf, /etc/logrotate.d): logs grow until the disk fills.',
      evidence,
    };
  }
  if (uncovered.length > 0) {
    return {
      status: 'fail',
      message: `No logrotate rule covers ${uncovered.join(', ')}.`,
      evidence,
    };
  }
  if (discarding.length > 0) {
    return {
      status: 'warn',
      message: `${discarding.join(', ')} ${discarding.length === 1 ? 'is' : 'are'} rotated with \`rotate 0\`: old entries are deleted, not kept for review.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `A logrotate rule covers every security log (${logs.logs.map((log) => log.path).join(', ')}).`,
    evidence,
  };
}

export default defineCheck({
  id: 'log-rotation-rule',
  title: 'A logrotate rule covers the security log',
  severity: 'low',
  needs: ['securityLogs', 'logrotateRules'],
  remediation:
    'Add /etc/logrotate.d/app: `/var/log/app/*.log {` with `daily`, `rotate 30`, `compress`, ' +
    '`delaycompress`, `missingok`, `notifempty` and `create 0640 app adm`, then `}`; check it ' +
    'with `sudo logrotate --debug /etc/logrotate.d/app`. If the application keeps the file open, ' +
    'add `copytruncate` or a postrotate script that makes it reopen its log.',
  run: ({ securityLogs, logrotateRules }) => judgeRotation(securityLogs, logrotateRules),
});
