import assert from 'node:assert/strict';
import databaseRoleOwnership from '../../src/checks/db/database-role-ownership.js';
import databaseTls from '../../src/checks/db/database-tls.js';
import migrationRevision from '../../src/checks/deploy/migration-revision.js';
import databasePortExposure from '../../src/checks/firewall/database-port-exposure.js';
import exposedPorts from '../../src/checks/firewall/exposed-ports.js';
import databaseRoleAttributes from '../../src/checks/sql/database-role-attributes.js';
import certificateLifetime from '../../src/checks/tls/certificate-lifetime.js';
import certificateValidity from '../../src/checks/tls/certificate-validity.js';
import renewalSchedule from '../../src/checks/tls/renewal-schedule.js';
import tlsProtocolVersions from '../../src/checks/tls/tls-protocol-versions.js';
import { configSchema } from '../../src/core/config-schema.js';
import { Registry } from '../../src/core/registry.js';
import { runProfile } from '../../src/core/runner.js';
import type {
  CheckDefinition,
  CheckResult,
  GathererDefinition,
  Report,
} from '../../src/core/types.js';
import alembicRevisions from '../../src/gather/alembic.js';
import databaseSession from '../../src/gather/database.js';
import envFiles from '../../src/gather/env.js';
import files from '../../src/gather/files.js';
import { HttpClient } from '../../src/gather/http.js';
import portScan from '../../src/gather/ports.js';
import postgresTransport from '../../src/gather/postgres.js';
import renewalSetup from '../../src/gather/renewal.js';
import tlsHandshakes from '../../src/gather/tls.js';
import { productionWeb } from '../../src/profiles/production-web.js';

/** The transport half: its gatherers and the static ones they build on, and its checks. */
const GATHERERS = [
  files,
  envFiles,
  tlsHandshakes,
  portScan,
  postgresTransport,
  databaseSession,
  alembicRevisions,
  renewalSetup,
];
const CHECKS = [
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
];

export function transportRegistry(only?: readonly string[]): Registry {
  const registry = new Registry();
  for (const gatherer of GATHERERS) registry.addGatherer(gatherer as GathererDefinition<never>);
  for (const check of CHECKS) {
    if (!only || only.includes(check.id)) registry.addCheck(check as CheckDefinition<never>);
  }
  return registry;
}

export interface TransportScanOptions {
  /** Raw configuration, as a shipshape.yaml would hold it. */
  config: Record<string, unknown>;
  ca?: string;
  /** Hosts the HTTP client may reach; the transport probes go to the target's host only. */
  allowedHosts?: string[];
  /** Registers only these checks, so that only the gatherers they need run. */
  checks?: string[];
}

/** Runs the production-web profile with only the transport part registered. */
export function scanTransport(options: TransportScanOptions): Promise<Report> {
  const config = configSchema.parse({
    limits: { timeBudget: 30, requestTimeout: 3 },
    ...options.config,
  });
  return runProfile({
    profile: productionWeb,
    registry: transportRegistry(options.checks),
    config,
    http: (signal) =>
      new HttpClient({
        allowedHosts: options.allowedHosts ?? ['127.0.0.1'],
        maxRequests: config.limits.maxRequests,
        requestTimeoutMs: config.limits.requestTimeout * 1000,
        maxBodyBytes: config.limits.maxBodyBytes,
        signal,
        ...(options.ca ? { ca: options.ca } : {}),
      }),
  });
}

export function checkOf(report: Report, id: string): CheckResult {
  const found = report.items.flatMap((item) => item.checks).find((check) => check.id === id);
  assert.ok(found, `check ${id} is missing from the report`);
  return found;
}

export function itemOf(report: Report, id: string): Report['items'][number] {
  const found = report.items.find((item) => item.id === id);
  assert.ok(found, `item ${id} is missing from the report`);
  return found;
}
