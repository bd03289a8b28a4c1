import { findAlertChannels } from '../alerts.js';
import { findBotScreens } from '../bots.js';
import { PAYMENT_CALLEE } from '../payment.js';
import type { FileScan } from '../scan.js';
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
  .map((pattern) => `(?:${pattern.source})`)
  .join('|');

/** Words without which a Python file holds nothing the checks look for. */
export const PYTHON_WORDS =
  /execute|text\(|raw\(|read_sql|fetch|mogrify|FastAPI|Starlette|Flask|debug|DEBUG|exception|errorhandler|middleware|dispatch|engine|[Pp]ool|connect|create_all|statement_timeout|[Ll]ogger|logging|FileHandler|[Hh]andler|sentry|rollbar|bugsnag|honeybadger|newrelic|SLACK|DISCORD|TEAMS|PAGERDUTY|OPSGENIE|ALERT|webhook|stripe|braintree|paypal|user[-_ ]?agent/i;

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
