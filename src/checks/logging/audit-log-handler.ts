import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { LoggingSetup } from '../../gather/logging-setup.js';
import { capped, evidenceAt, where } from '../source-places.js';

const SECURITY_NAME = /secur|audit/i;

export function judgeAuditLogger(setup: LoggingSetup): Finding {
  if (setup.sourceFilesScanned === 0 && setup.configFilesRead === 0) {
    return {
      status: 'skip',
      message: 'The project has no source or logging configuration files to read.',
    };
  }
  const loggers = setup.loggers.filter((logger) => SECURITY_NAME.test(logger.name));
  const securityFiles = setup.logFiles.filter((handler) => SECURITY_NAME.test(handler.path ?? ''));
  const evidence = capped([
    ...loggers.map((logger) => evidenceAt(`${where(logger)}: logger "${logger.name}"`, logger)),
    ...setup.logFiles.map((handler) =>
      evidenceAt(
        `${where(handler)}: ${handler.handler} writes to ${handler.path ?? 'a file'}`,
        handler,
      ),
    ),
  ]);

  // Knowingly lenient: a security logger and a file handler are not followed to each other.
  if (securityFiles.length > 0 || (loggers.length > 0 && setup.logFiles.length > 0)) {
    return { status: 'pass', message: 'A security or audit logger writes to a file.', evidence };
  }
  if (loggers.length > 0) {
    return {
      status: 'warn',
      message:
        'A security or audit logger exists, but no handler writes it to a file: confirm the stream is collected and kept.',
      evidence,
    };
  }
  if (setup.logFiles.length > 0) {
    return {
      status: 'warn',
      message: 'The application logs to a file, but has no dedicated security or audit logger.',
      evidence,
    };
  }
  return {
    status: 'fail',
    message: 'No security or audit logger was found in the code or the logging configuration.',
  };
}

export default defineCheck({
  id: 'audit-log-handler',
  title: 'A security audit logger writes to a file',
  severity: 'medium',
  needs: ['loggingSetup'],
  remediation:
    'Add a dedicated logger for security events, e.g. `security = logging.getLogger("security")` ' +
    'with `RotatingFileHandler("/var/log/app/security.log", maxBytes=10_000_000, backupCount=10)`, ' +
    'and log blocked bots, injection attempts, payment tampering and failed logins to it.',
  run: ({ loggingSetup }) => judgeAuditLogger(loggingSetup),
});
