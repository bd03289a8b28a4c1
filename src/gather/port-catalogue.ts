/** What a port is for, which decides how bad it is to find it open. */
export type ServiceKind =
  | 'web'
  | 'remote-access'
  | 'database'
  | 'cache'
  | 'queue'
  | 'search'
  | 'admin'
  | 'file-sharing'
  | 'mail'
  | 'other';

export interface PortService {
  port: number;
  service: string;
  kind: ServiceKind;
}

/**
 * The ports a deployment's host is probed on: the usual homes of web servers, remote shells,
 * databases, caches, queues, search engines and admin panels. Kept short on purpose: this is
 * an exposure check of known services, not a scan of all 65,535 ports.
 */
export const WELL_KNOWN_PORTS: readonly PortService[] = [
  { port: 21, service: 'ftp', kind: 'file-sharing' },
  { port: 22, service: 'ssh', kind: 'remote-access' },
  { port: 23, service: 'telnet', kind: 'remote-access' },
  { port: 25, service: 'smtp', kind: 'mail' },
  { port: 80, service: 'http', kind: 'web' },
  { port: 111, service: 'rpcbind', kind: 'file-sharing' },
  { port: 443, service: 'https', kind: 'web' },
  { port: 445, service: 'smb', kind: 'file-sharing' },
  { port: 1433, service: 'mssql', kind: 'database' },
  { port: 1521, service: 'oracle', kind: 'database' },
  { port: 1883, service: 'mqtt', kind: 'queue' },
  { port: 2049, service: 'nfs', kind: 'file-sharing' },
  { port: 2375, service: 'docker-api', kind: 'admin' },
  { port: 2376, service: 'docker-api-tls', kind: 'admin' },
  { port: 2379, service: 'etcd', kind: 'admin' },
  { port: 3000, service: 'http-3000 (node, grafana)', kind: 'web' },
  { port: 3306, service: 'mysql', kind: 'database' },
  { port: 3389, service: 'rdp', kind: 'remote-access' },
  { port: 4222, service: 'nats', kind: 'queue' },
  { port: 5000, service: 'http-5000 (flask, registry)', kind: 'web' },
  { port: 5050, service: 'pgadmin', kind: 'admin' },
  { port: 5432, service: 'postgres', kind: 'database' },
  { port: 5601, service: 'kibana', kind: 'admin' },
  { port: 5672, service: 'rabbitmq', kind: 'queue' },
  { port: 5900, service: 'vnc', kind: 'remote-access' },
  { port: 5984, service: 'couchdb', kind: 'database' },
  { port: 6379, service: 'redis', kind: 'cache' },
  { port: 6432, service: 'pgbouncer', kind: 'database' },
  { port: 6443, service: 'kubernetes-api', kind: 'admin' },
  { port: 7687, service: 'neo4j', kind: 'database' },
  { port: 7700, service: 'meilisearch', kind: 'search' },
  { port: 8000, service: 'http-8000 (uvicorn, gunicorn)', kind: 'web' },
  { port: 8080, service: 'http-8080', kind: 'web' },
  { port: 8086, service: 'influxdb', kind: 'database' },
  { port: 8108, service: 'typesense', kind: 'search' },
  { port: 8123, service: 'clickhouse', kind: 'database' },
  { port: 8443, service: 'https-8443', kind: 'web' },
  { port: 8500, service: 'consul', kind: 'admin' },
  { port: 8888, service: 'jupyter', kind: 'admin' },
  { port: 8983, service: 'solr', kind: 'search' },
  { port: 9042, service: 'cassandra', kind: 'database' },
  { port: 9090, service: 'prometheus', kind: 'admin' },
  { port: 9092, service: 'kafka', kind: 'queue' },
  { port: 9100, service: 'node-exporter', kind: 'admin' },
  { port: 9200, service: 'elasticsearch', kind: 'search' },
  { port: 9300, service: 'elasticsearch-transport', kind: 'search' },
  { port: 9443, service: 'portainer', kind: 'admin' },
  { port: 10000, service: 'webmin', kind: 'admin' },
  { port: 10250, service: 'kubelet', kind: 'admin' },
  { port: 11211, service: 'memcached', kind: 'cache' },
  { port: 15672, service: 'rabbitmq-management', kind: 'admin' },
  { port: 26257, service: 'cockroachdb', kind: 'database' },
  { port: 27017, service: 'mongodb', kind: 'database' },
];

/** Kinds that hold the application's data: reachable from outside, they are a breach away. */
export const DATA_STORE_KINDS: ReadonlySet<ServiceKind> = new Set(['database', 'cache', 'search']);

/** The service of a configured port: the named one, else the well-known one on that number. */
export function describePort(port: number, service?: string): PortService {
  const byName = WELL_KNOWN_PORTS.find((known) => known.service === service?.toLowerCase());
  if (service !== undefined) return { port, service, kind: byName?.kind ?? 'other' };
  return (
    WELL_KNOWN_PORTS.find((known) => known.port === port) ?? {
      port,
      service: 'unknown',
      kind: 'other',
    }
  );
}
