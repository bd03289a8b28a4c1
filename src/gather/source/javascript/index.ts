import { findAlertChannels } from '../alerts.js';
import { findBotScreens } from '../bots.js';
import { PAYMENT_CALLEE } from '../payment.js';
import type { FileScan } from '../scan.js';
import { nativeRegex } from '../syntax.js';
import { findJsApps, JS_APP_CALLEES } from './app.js';
import { findJsDatabaseClients, JS_DATABASE_CALLEES } from './database.js';
import { findJsHandlers } from './errors.js';
import { findJsLogging, JS_LOGGING_CALLEES } from './logging.js';
import { findJsPayments, JS_CLIENT_CALLEES } from './payment.js';
import { findJsRawSql, JS_SQL_CALLEES } from './sql.js';
import { JS_FUNCTIONS } from './values.js';

/** One pass over the calls and `new` expressions finds every call any extractor wants. */
const INTERESTING_CALLEES = [
  JS_SQL_CALLEES,
  JS_APP_CALLEES,
  JS_DATABASE_CALLEES,
  JS_LOGGING_CALLEES,
  JS_CLIENT_CALLEES,
  PAYMENT_CALLEE,
]
  .map((pattern) => `(?:${nativeRegex(pattern)})`)
  .join('|');

/** Text without which a JavaScript or TypeScript file holds nothing the checks look for. */
export const JAVASCRIPT_WORDS = new RegExp(
  [
    /\b(?:query|raw|\w+Raw|execute|prepare|exec|unsafe|\$queryRawUnsafe|\$executeRawUnsafe)\s*\(/,
    /\b(?:db|database|sqlite|conn|connection|client|pool|trx|tx)\.(?:run|all|get)\s*\(/,
    /\bexpress\s*\(|[Ff]astify\s*\(|NestFactory|swagger|[Rr]edoc|openapi|api-?docs|NODE_ENV|['"]env['"]/,
    /setErrorHandler|useGlobalFilters|@Catch|\(\s*(?:err|error|e|ex|exception|er)\b\s*[:,]/,
    /\bPool\b|\bClient\b|postgres\s*\(|[Kk]nex|Sequelize|DataSource|createConnection|TypeOrmModule|PrismaClient|\.sync\s*\(|statement_timeout/,
    /createLogger|getLogger|pino|winston|transports|DailyRotateFile|createWriteStream|createStream/,
    /Sentry|Rollbar|Bugsnag|Honeybadger|SLACK|DISCORD|TEAMS|PAGERDUTY|OPSGENIE|ALERT|webhook/,
    /stripe|braintree|paypal|[Uu]ser[-_ ]?[Aa]gent|user_agent|checkout|payment/,
  ]
    .map((pattern) => pattern.source)
    .join('|'),
);

export function extractJavaScript(scan: FileScan): void {
  const calls = scan.root.findAll({
    rule: {
      any: [
        { kind: 'call_expression', has: { field: 'function', regex: INTERESTING_CALLEES } },
        { kind: 'new_expression', has: { field: 'constructor', regex: INTERESTING_CALLEES } },
      ],
    },
  });
  findJsRawSql(scan, calls);
  findJsApps(scan, calls);
  findJsHandlers(scan, calls);
  findJsDatabaseClients(scan, calls);
  findJsLogging(scan, calls);
  findJsPayments(scan, calls);
  findBotScreens(scan, JS_FUNCTIONS, ['identifier', 'property_identifier']);
  findAlertChannels(scan);
}
