import type { AnyGatherer } from '../core/types.js';
import alembicRevisions from './alembic.js';
import databaseSettings from './database-settings.js';
import databaseSession from './database.js';
import envFiles from './env.js';
import files from './files.js';
import botProbe from './live/bot-probe.js';
import docsProbe from './live/docs-probe.js';
import health from './live/health.js';
import httpRedirect from './live/http-redirect.js';
import loggingSetup from './logging-setup.js';
import migrationSetup from './migration-setup.js';
import pageHeaders from './live/page-headers.js';
import nginxConfig from './nginx/nginx-config.js';
import portScan from './ports.js';
import postgresTransport from './postgres.js';
import renewalSetup from './renewal.js';
import sourceFacts from './source.js';
import tlsHandshakes from './tls.js';

/** Every built-in gatherer, one per artifact. */
export const builtinGatherers: AnyGatherer[] = [
  files,
  envFiles,
  nginxConfig,
  health,
  docsProbe,
  pageHeaders,
  botProbe,
  httpRedirect,
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
