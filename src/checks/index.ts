import type { AnyCheck } from '../core/types.js';
import botFilterPresence from './bots/bot-filter-presence.js';
import botRefusalLogging from './bots/bot-refusal-logging.js';
import botScreeningMiddleware from './bots/bot-screening-middleware.js';
import botUserAgentRefusal from './bots/bot-user-agent-refusal.js';
import connectTimeoutSettings from './db/connect-timeout-settings.js';
import databasePoolSettings from './db/database-pool-settings.js';
import databaseRoleName from './db/database-role-name.js';
import databaseRoleOwnership from './db/database-role-ownership.js';
import databaseTls from './db/database-tls.js';
import databaseTlsSettings from './db/database-tls-settings.js';
import statementTimeoutSettings from './db/statement-timeout-settings.js';
import backupRecency from './deploy/backup-recency.js';
import healthEndpoint from './deploy/health-endpoint.js';
import migrationFiles from './deploy/migration-files.js';
import migrationRevision from './deploy/migration-revision.js';
import docsSettings from './docs/docs-settings.js';
import docsStatusCode from './docs/docs-status-code.js';
import docsUiExposure from './docs/docs-ui-exposure.js';
import openapiSchemaExposure from './docs/openapi-schema-exposure.js';
import databaseCredentials from './env/database-credentials.js';
import environmentMode from './env/environment-mode.js';
import secretKeyStrength from './env/secret-key-strength.js';
import secretsCompleteness from './env/secrets-completeness.js';
import stripeKeyMode from './env/stripe-key-mode.js';
import debugTracebacks from './errors/debug-tracebacks.js';
import errorLeakage from './errors/error-leakage.js';
import exceptionHandler from './errors/exception-handler.js';
import exceptionLogging from './errors/exception-logging.js';
import databaseListenAddress from './firewall/database-listen-address.js';
import databasePortExposure from './firewall/database-port-exposure.js';
import exposedPorts from './firewall/exposed-ports.js';
import firewallDatabasePort from './firewall/firewall-database-port.js';
import firewallDefaultPolicy from './firewall/firewall-default-policy.js';
import firewallOpenPorts from './firewall/firewall-open-ports.js';
import rateLimitEnforcement from './firewall/rate-limit-enforcement.js';
import cspPolicy from './headers/csp-policy.js';
import framingPolicy from './headers/framing-policy.js';
import hstsPolicy from './headers/hsts-policy.js';
import nosniffHeader from './headers/nosniff-header.js';
import alertHook from './logging/alert-hook.js';
import auditLogHandler from './logging/audit-log-handler.js';
import logRotationConfig from './logging/log-rotation-config.js';
import logRotationRule from './logging/log-rotation-rule.js';
import securityLogFreshness from './logging/security-log-freshness.js';
import nginxAutoindex from './nginx/nginx-autoindex.js';
import nginxCsp from './nginx/nginx-csp.js';
import nginxFrameOptions from './nginx/nginx-frame-options.js';
import nginxHsts from './nginx/nginx-hsts.js';
import nginxHttpsRedirect from './nginx/nginx-https-redirect.js';
import nginxNosniff from './nginx/nginx-nosniff.js';
import nginxRateLimitBurst from './nginx/nginx-rate-limit-burst.js';
import nginxRateLimitCoverage from './nginx/nginx-rate-limit-coverage.js';
import nginxRateLimitRate from './nginx/nginx-rate-limit-rate.js';
import nginxServerTokens from './nginx/nginx-server-tokens.js';
import nginxSyntax from './nginx/nginx-syntax.js';
import nginxTlsProtocols from './nginx/nginx-tls-protocols.js';
import paymentAmountSource from './payment/payment-amount-source.js';
import paymentAmountTampering from './payment/payment-amount-tampering.js';
import paymentTamperLogging from './payment/payment-tamper-logging.js';
import priceEndpoint from './payment/price-endpoint.js';
import measuredBurst from './ratelimit/measured-burst.js';
import measuredRate from './ratelimit/measured-rate.js';
import databaseRoleAttributes from './sql/database-role-attributes.js';
import rawSqlStrings from './sql/raw-sql-strings.js';
import sqlInjectionPayloads from './sql/sql-injection-payloads.js';
import certificateLifetime from './tls/certificate-lifetime.js';
import certificateValidity from './tls/certificate-validity.js';
import httpsRedirect from './tls/https-redirect.js';
import renewalSchedule from './tls/renewal-schedule.js';
import renewalTimer from './tls/renewal-timer.js';
import tlsProtocolVersions from './tls/tls-protocol-versions.js';

/** Every built-in check. A new check module is added here and bound to an item in a profile. */
export const builtinChecks: AnyCheck[] = [
  firewallDefaultPolicy,
  firewallOpenPorts,
  firewallDatabasePort,
  databaseListenAddress,
  securityLogFreshness,
  logRotationRule,
  renewalTimer,
  backupRecency,
  environmentMode,
  secretKeyStrength,
  databaseCredentials,
  stripeKeyMode,
  secretsCompleteness,
  docsUiExposure,
  openapiSchemaExposure,
  docsStatusCode,
  botUserAgentRefusal,
  botFilterPresence,
  botRefusalLogging,
  priceEndpoint,
  paymentAmountTampering,
  paymentTamperLogging,
  sqlInjectionPayloads,
  errorLeakage,
  measuredRate,
  measuredBurst,
  rateLimitEnforcement,
  hstsPolicy,
  framingPolicy,
  cspPolicy,
  nosniffHeader,
  httpsRedirect,
  healthEndpoint,
  certificateValidity,
  tlsProtocolVersions,
  renewalSchedule,
  certificateLifetime,
  exposedPorts,
  databasePortExposure,
  databaseTls,
  databaseRoleAttributes,
  databaseRoleOwnership,
  migrationRevision,
  nginxRateLimitCoverage,
  nginxRateLimitRate,
  nginxRateLimitBurst,
  nginxHsts,
  nginxFrameOptions,
  nginxCsp,
  nginxNosniff,
  nginxTlsProtocols,
  nginxHttpsRedirect,
  nginxSyntax,
  nginxServerTokens,
  nginxAutoindex,
  rawSqlStrings,
  paymentAmountSource,
  docsSettings,
  exceptionHandler,
  debugTracebacks,
  exceptionLogging,
  botScreeningMiddleware,
  databaseTlsSettings,
  databasePoolSettings,
  statementTimeoutSettings,
  connectTimeoutSettings,
  databaseRoleName,
  auditLogHandler,
  logRotationConfig,
  alertHook,
  migrationFiles,
];
