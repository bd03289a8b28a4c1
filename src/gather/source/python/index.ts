import { findAlertChannels } from '../alerts.js';
import { findBotScreens } from '../bots.js';
import { PAYMENT_CALLEE } from '../payment.js';
import type { FileScan } from '../scan.js';
import { nativeRegex } from '../syntax.js';
import { findPythonApps, PY_APP_CALLEES } from './app.js';
import { findPythonDatabaseClients, PY_DATABASE_CALLEES } from './database.js';
import { findPythonHandlers, PY_HANDLER_CALLEES } from './errors.js';
import { findPythonLogging, PY_LOGGING_CALLEES } from './logging.js';
import { findPythonPayments } from './payment.js';
import { findPythonRawSql } from './sql.js';
import { PY_FUNCTIONS } from './values.js';

const SQL_CALLEES = /(?:^|\.)(?:execute\w*|exec_driver_sql|mogrify|fetch\w*|text|raw|read_sql\w*)$/;

/** One pass over the calls of a file finds every call any extractor wants. */
const INTERESTING_CALLEES = [
  SQL_CALLEES,
  PY_APP_CALLEES,
  PY_HANDLER_CALLEES,
  PY_DATABASE_CALLEES,
  PY_LOGGING_CALLEES,
  PAYMENT_CALLEE,
]
  .map((pattern) => `(?:${nativeRegex(pattern)})`)
  .join('|');

/**
 * Text without which a Python file holds nothing the checks look for: a file that matches
 * none of these is never parsed, which is most of the cost of a scan.
 */
export const PYTHON_WORDS = new RegExp(
  [
    /\b(?:execute\w*|exec_driver_sql|mogrify|text|raw|read_sql\w*|fetch\w*)\s*\(/,
    /\b(?:FastAPI|Starlette|Flask)\s*\(|\.run\s*\(|\bDEBUG\b|\.debug\s*=/,
    /exception_handler|errorhandler|\.middleware\s*\(|def dispatch|def \w+\([^)]*,\s*(?:exc|exception|e|err|error|ex)\b/,
    /create_(?:async_)?engine|ConnectionPool|create_pool|\.connect\s*\(|create_all|statement_timeout/,
    /getLogger|get_logger|FileHandler|basicConfig|logger\.add|SMTPHandler|HTTPHandler|["']class["']/,
    /sentry_sdk|rollbar|bugsnag|honeybadger|newrelic|SLACK|DISCORD|TEAMS|PAGERDUTY|OPSGENIE|ALERT|webhook/,
    /stripe|braintree|paypal|[Uu]ser[-_ ]?[Aa]gent/,
  ]
    .map((pattern) => pattern.source)
    .join('|'),
);

export function extractPython(scan: FileScan): void {
  const calls = scan.root.findAll({
    rule: { kind: 'call', has: { field: 'function', regex: INTERESTING_CALLEES } },
  });
  findPythonRawSql(scan, calls);
  findPythonApps(scan, calls);
  findPythonHandlers(scan, calls);
  findPythonDatabaseClients(scan, calls);
  findPythonLogging(scan, calls);
  findPythonPayments(scan, calls);
  findBotScreens(scan, PY_FUNCTIONS, ['identifier']);
  findAlertChannels(scan);
}
