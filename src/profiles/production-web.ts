import type { ItemDefinition, Profile, SectionDefinition } from '../core/types.js';

const sections: SectionDefinition[] = [
  { id: 'env', title: 'Environment configuration' },
  { id: 'payment', title: 'Payment security' },
  { id: 'sql', title: 'SQL injection prevention' },
  { id: 'docs', title: 'API documentation' },
  { id: 'errors', title: 'Error handling' },
  { id: 'bots', title: 'Bot detection' },
  { id: 'ratelimit', title: 'Rate limiting' },
  { id: 'headers', title: 'Security headers' },
  { id: 'db', title: 'Database security' },
  { id: 'logging', title: 'Security logging' },
  { id: 'tls', title: 'HTTPS and TLS' },
  { id: 'firewall', title: 'Firewall configuration' },
  { id: 'deploy', title: 'Deployment' },
];

type ItemRow = [id: string, title: string, checks: string[], manual: string];

// The checklist's items, in its order. Ids are a public contract: never rename or reorder.
const rows: ItemRow[] = [
  [
    'env.production',
    'Environment set to production',
    ['environment-mode'],
    'Open the deployed .env and confirm ENVIRONMENT=production and that no debug flag is on.',
  ],
  [
    'env.secret-key',
    'Secret key strong and random (32+ characters)',
    ['secret-key-strength'],
    'Confirm SECRET_KEY is at least 32 random characters, for example from `openssl rand -hex 32`.',
  ],
  [
    'env.db-credentials',
    'Database credentials are not defaults',
    ['database-credentials'],
    'Confirm the database user and password in the deployed env are not postgres/postgres, changeme or similar.',
  ],
  [
    'env.stripe-live',
    'Payment keys are live keys, not test keys',
    ['stripe-key-mode'],
    'Confirm the Stripe keys in the deployed env start with sk_live_ and pk_live_.',
  ],
  [
    'env.secrets-set',
    'All API keys and secrets are set',
    ['secrets-completeness'],
    'Compare the deployed .env with .env.example and confirm every key has a real value.',
  ],

  [
    'payment.amount-validation',
    'Tampered payment amounts are rejected',
    ['payment-amount-tampering'],
    'Send the payment request with a lowered, zero and negative amount and confirm each is refused with a 4xx.',
  ],
  [
    'payment.price-endpoint',
    'Server-side price endpoint is reachable',
    ['price-endpoint'],
    'Request the price endpoint and confirm it answers with the server-calculated price.',
  ],
  [
    'payment.server-prices',
    'Front end uses server-calculated prices',
    ['payment-amount-source'],
    'Read the checkout code and confirm the amount sent to the payment API comes from the price endpoint.',
  ],
  [
    'payment.tamper-logged',
    'Payment manipulation attempts are logged',
    ['payment-tamper-logging'],
    'Send a tampered payment request and confirm the security log records it with the client address.',
  ],

  [
    'sql.injection-filter',
    'SQL injection attempts are refused',
    ['sql-injection-payloads'],
    "Send a request with a payload such as `' OR 1=1--` in a parameter and confirm it is refused or has no effect.",
  ],
  [
    'sql.raw-queries',
    'No raw SQL is built from strings',
    ['raw-sql-strings'],
    'Search the code for execute(), text() and query() calls given f-strings, concatenation or template literals.',
  ],
  [
    'sql.least-privilege',
    'Application database user has minimal permissions',
    ['database-role-attributes', 'database-role-name'],
    'Run `\\du` in psql and confirm the application role is not a superuser and cannot create roles or databases.',
  ],
  [
    'sql.query-timeouts',
    'Query timeouts are configured',
    ['statement-timeout-settings'],
    'Confirm the engine sets statement_timeout (connect_args or the connection URL).',
  ],

  [
    'docs.disabled',
    'API documentation is disabled in production',
    ['docs-ui-exposure', 'docs-settings'],
    'Open /docs and /redoc in a browser and confirm neither shows the API documentation.',
  ],
  [
    'docs.openapi-hidden',
    'OpenAPI schema is not accessible',
    ['openapi-schema-exposure'],
    'Request /openapi.json and confirm it does not return the schema.',
  ],
  [
    'docs.not-found',
    'Documentation endpoints answer 404',
    ['docs-status-code'],
    'Run `curl -I https://your-domain/docs` and confirm the status is 404.',
  ],

  [
    'errors.global-handler',
    'A global exception handler is registered',
    ['exception-handler', 'debug-tracebacks'],
    'Confirm the application registers a handler for all exceptions (FastAPI exception_handler(Exception), Express error middleware).',
  ],
  [
    'errors.leakage',
    'Error responses leak no internals',
    ['error-leakage', 'nginx-server-tokens', 'nginx-autoindex'],
    'Send malformed JSON and an unknown route and confirm no stack trace, path or SQL appears in the answer.',
  ],
  [
    'errors.logged',
    'Errors are logged',
    ['exception-logging'],
    'Confirm the global exception handler logs the error with a logger before answering.',
  ],

  [
    'bots.middleware',
    'Bot detection is in place',
    ['bot-screening-middleware', 'bot-filter-presence'],
    'Confirm a bot-detection middleware or an nginx user-agent rule is configured in front of the API.',
  ],
  [
    'bots.blocked',
    'Bot user agents are refused, browsers are not',
    ['bot-user-agent-refusal'],
    'Run `curl -H "User-Agent: python-requests/2.31" <health URL>` and confirm 403, then confirm a browser gets through.',
  ],
  [
    'bots.logged',
    'Bot detection events are logged',
    ['bot-refusal-logging'],
    'Send a request with a bot user agent and confirm the security log records the block.',
  ],

  [
    'ratelimit.configured',
    'Rate limiting is configured',
    ['nginx-rate-limit-coverage'],
    'Confirm nginx defines a limit_req_zone and applies limit_req to the API locations.',
  ],
  [
    'ratelimit.rate',
    'Rate limit matches the policy',
    ['nginx-rate-limit-rate', 'measured-rate'],
    'Confirm the limit_req_zone rate is at most the policy rate (10r/s by default).',
  ],
  [
    'ratelimit.burst',
    'Burst is limited',
    ['nginx-rate-limit-burst', 'measured-burst'],
    'Confirm limit_req sets burst at most the policy burst (20 by default).',
  ],

  [
    'headers.hsts',
    'Strict-Transport-Security is set',
    ['hsts-policy', 'nginx-hsts'],
    'Run `curl -sI https://your-domain` and confirm Strict-Transport-Security with max-age of at least one year.',
  ],
  [
    'headers.frame-options',
    'Framing is denied',
    ['framing-policy', 'nginx-frame-options'],
    "Confirm X-Frame-Options: DENY or a CSP with frame-ancestors 'none'.",
  ],
  [
    'headers.csp',
    'Content-Security-Policy is configured',
    ['csp-policy', 'nginx-csp'],
    'Confirm a Content-Security-Policy header without unsafe-inline scripts or wildcard sources.',
  ],
  [
    'headers.nosniff',
    'X-Content-Type-Options is nosniff',
    ['nosniff-header', 'nginx-nosniff'],
    'Confirm X-Content-Type-Options: nosniff on every response.',
  ],

  [
    'db.tls',
    'Database connection uses TLS',
    ['database-tls', 'database-tls-settings'],
    'Confirm the database URL sets sslmode=require (or verify-full) and that the server refuses plain connections.',
  ],
  [
    'db.least-privilege',
    'Database user has minimal permissions',
    ['database-role-ownership', 'database-role-name'],
    'Confirm the application role owns no tables it does not need and has no DDL rights in production.',
  ],
  [
    'db.pooling',
    'Connection pooling is configured',
    ['database-pool-settings'],
    'Confirm the engine or pool sets pool_size and max_overflow (or the driver pool max).',
  ],
  [
    'db.timeouts',
    'Database timeouts are set',
    ['statement-timeout-settings', 'connect-timeout-settings'],
    'Confirm connect_timeout and statement_timeout are set for the database connection.',
  ],

  [
    'logging.audit-logger',
    'Security audit logger is active',
    ['audit-log-handler'],
    'Confirm the application has a dedicated security logger that records blocked requests and failed logins.',
  ],
  [
    'logging.written',
    'Security logs are being written',
    ['security-log-freshness'],
    'On the server, run `ls -l /var/log/app/security.log` and confirm it was written recently.',
  ],
  [
    'logging.rotation',
    'Log rotation is configured',
    ['log-rotation-config', 'log-rotation-rule'],
    'Confirm a logrotate rule in /etc/logrotate.d covers the security log.',
  ],
  [
    'logging.alerts',
    'Alerts are set up for critical events',
    ['alert-hook'],
    'Confirm critical security events send an alert (email, chat or pager) and that someone receives it.',
  ],

  [
    'tls.certificate',
    'TLS certificate is valid',
    ['certificate-validity'],
    'Run `openssl s_client -connect your-domain:443 -servername your-domain` and confirm the chain verifies and the expiry is weeks away.',
  ],
  [
    'tls.https-redirect',
    'HTTP redirects to HTTPS',
    ['https-redirect', 'nginx-https-redirect'],
    'Run `curl -I http://your-domain` and confirm a 301 to https:// on the same host.',
  ],
  [
    'tls.min-version',
    'TLS 1.2 or newer is required',
    ['tls-protocol-versions', 'nginx-tls-protocols'],
    'Run `openssl s_client -tls1_1 -connect your-domain:443` and confirm the handshake fails.',
  ],
  [
    'tls.auto-renewal',
    'Certificate auto-renewal is configured',
    ['renewal-schedule', 'certificate-lifetime', 'renewal-timer'],
    'On the server, run `systemctl list-timers` and confirm a certbot (or other ACME) renewal timer.',
  ],

  [
    'firewall.rules',
    'Firewall is configured',
    ['firewall-default-policy'],
    'On the server, run `sudo ufw status verbose` and confirm the default incoming policy is deny.',
  ],
  [
    'firewall.ports',
    'Only the allowed ports are open',
    ['exposed-ports', 'firewall-open-ports'],
    'Confirm only ports 80, 443 and 22 are allowed in, for IPv4 and IPv6.',
  ],
  [
    'firewall.db-port',
    'Database port is not publicly reachable',
    ['database-port-exposure', 'firewall-database-port', 'database-listen-address'],
    'From outside the server, confirm port 5432 does not accept connections.',
  ],
  [
    'firewall.rate-limit',
    'Rate limiting is active',
    ['rate-limit-enforcement'],
    'Send a short burst of requests and confirm the server starts answering 429 or 503.',
  ],

  [
    'deploy.health',
    'Health endpoint answers',
    ['health-endpoint'],
    'Run `curl https://your-domain/api/v1/health` and confirm a 200.',
  ],
  [
    'deploy.nginx-syntax',
    'nginx configuration is valid',
    ['nginx-syntax'],
    'Run `sudo nginx -t` on the server and confirm the syntax is ok.',
  ],
  [
    'deploy.backup',
    'A recent database backup exists',
    ['backup-recency'],
    'Confirm a pg_dump from today exists and restores.',
  ],
  [
    'deploy.migrations',
    'Database migrations are at head',
    ['migration-revision', 'migration-files'],
    'Run `alembic current` and `alembic heads` and confirm they match.',
  ],
];

const items: ItemDefinition[] = rows.map(([id, title, checks, manual]) => ({
  id,
  section: id.split('.')[0]!,
  title,
  checks,
  manual,
}));

export const productionWeb: Profile = {
  id: 'production-web',
  title: 'Production deployment security checklist',
  sections,
  items,
};
