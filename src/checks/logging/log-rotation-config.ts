import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { LoggingSetup, LogrotateRule } from '../../gather/logging-setup.js';
import type { LogFileHandler } from '../../gather/source.js';
import { capped, evidenceAt, where } from '../source-places.js';

/** A logrotate glob as a regular expression over a whole path. */
function globPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

/**
 * The rule that rotates a handler's file. A path only partly known (`*\/security.log`) is
 * matched by its file name.
 */
export function coveringRule(
  handler: LogFileHandler,
  rules: LogrotateRule[],
): LogrotateRule | undefined {
  const path = handler.path;
  if (path === undefined) return undefined;
  const absolute = path.startsWith('/') && !path.includes('*');
  const name = path.split('/').pop() ?? path;
  return rules.find((rule) =>
    rule.patterns.some((pattern) =>
      absolute
        ? globPattern(pattern).test(path)
        : globPattern(pattern.split('/').pop() ?? pattern).test(name),
    ),
  );
}

export function judgeLogRotation(setup: LoggingSetup): Finding {
  const rules = setup.logrotate.map((rule) =>
    evidenceAt(`${where(rule)}: logrotate rule for ${rule.patterns.join(' ')}`, rule),
  );
  if (setup.logFiles.length === 0) {
    if (rules.length > 0)
      return {
        status: 'pass',
        message: 'The project ships a logrotate rule.',
        evidence: capped(rules),
      };
    return {
      status: 'manual',
      message:
        'The application writes no log file of its own: confirm the platform or journald rotates its output.',
    };
  }

  const handlers = setup.logFiles.map((handler) => ({
    handler,
    rule: coveringRule(handler, setup.logrotate),
  }));
  const evidence = capped([
    ...handlers.map(({ handler, rule }) => {
      const how = handler.rotating
        ? 'rotates itself'
        : rule
          ? `is rotated by ${where(rule)}`
          : 'is never rotated';
      return evidenceAt(
        `${where(handler)}: ${handler.handler} ${handler.path ?? '(path not written out)'} ${how}`,
        handler,
      );
    }),
    ...rules,
  ]);
  const unrotated = handlers.filter(({ handler, rule }) => !handler.rotating && rule === undefined);
  if (unrotated.length > 0) {
    return {
      status: 'fail',
      message:
        'A log file grows without rotation: no rotating handler and no logrotate rule covers it.',
      evidence,
    };
  }
  return { status: 'pass', message: 'Every log file the application writes is rotated.', evidence };
}

export default defineCheck({
  id: 'log-rotation-config',
  title: 'Log files are rotated',
  severity: 'low',
  needs: ['loggingSetup'],
  remediation:
    'Use a rotating handler (`RotatingFileHandler(path, maxBytes=10_000_000, backupCount=10)`, ' +
    'winston-daily-rotate-file, pino-roll) or ship a logrotate rule: ' +
    '`/var/log/app/*.log { daily rotate 14 compress missingok notifempty copytruncate }`.',
  run: ({ loggingSetup }) => judgeLogRotation(loggingSetup),
});
