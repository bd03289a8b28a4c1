import type { AnyGatherer } from '../core/types.js';
import alembicRevisions from './alembic.js';
import databaseSession from './database.js';
import databaseSettings from './database-settings.js';
import envFiles from './env.js';
import files from './files.js';
import backupFolder from './host/backups.js';
import hostFirewall from './host/firewall.js';
import logrotateRules from './host/logrotate.js';
import renewalJobs from './host/renewal-jobs.js';
import securityLogs from './host/security-logs.js';
import listeningSockets from './host/sockets.js';
import botProbe from './live/bot-probe.js';
import docsProbe from './live/docs-probe.js';
import errorProbe from './live/error-probe.js';
import health from './live/health.js';
import httpRedirect from './live/http-redirect.js';
import injectionProbe from './live/injection-probe.js';
import pageHeaders from './live/page-headers.js';
import paymentProbe from './live/payment-probe.js';
import priceQuote from './live/price-quote.js';
import rateLimitProbe from './live/rate-limit-probe.js';
import securityLog from './live/security-log.js';
import loggingSetup from './logging-setup.js';
import migrationSetup from './migration-setup.js';
import nginxConfig from './nginx/nginx-config.js';
import portScan from './ports.js';
import postgresTransport from './postgres.js';
import renewalSetup from './renewal.js';
import sourceFacts from './source.js';
import tlsHandshakes from './tls.js';

/** Every built-in gatherer, one per artifact. */
export const builtinGatherers: AnyGatherer[] = [
  hostFirewall,
  listeningSockets,
  securityLogs,
  logrotateRules,
  renewalJobs,
  backupFolder,
  files,
  envFiles,
  nginxConfig,
  health,
  docsProbe,
  pageHeaders,
  botProbe,
  httpRedirect,
  priceQuote,
  paymentProbe,
  injectionProbe,
  errorProbe,
  rateLimitProbe,
  securityLog,
  tlsHandshakes,
  portScan,
  postgresTransport,
  databaseSession,
  alembicRevisions,
  renewalSetup,
  sourceFacts,
  databaseSettings,
  loggingSetup,
  migrationSetup,
];
