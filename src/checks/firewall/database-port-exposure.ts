import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import { DATA_STORE_KINDS } from '../../gather/port-catalogue.js';
import type { PortProbe, PortScan } from '../../gather/ports.js';
import { countByState, describePortProbe, hostOf, isUnreached, vantageNote } from './port-facts.js';

function isDataStore(probe: PortProbe): boolean {
  return DATA_STORE_KINDS.has(probe.kind) || probe.origin === 'database-url';
}

export function judgeDatabasePorts(scan: PortScan): Finding {
  const host = hostOf(scan);
  const stores = scan.probes.filter(isDataStore);
  if (stores.length === 0) {
    return {
      status: 'skip',
      message: 'No database, cache or search port was on the probe list (probes.ports).',
    };
  }

  const open = stores.filter((probe) => probe.state === 'open');
  const evidence = [
    ...stores.map((probe) => ({ message: describePortProbe(probe) })),
    ...vantageNote(scan),
  ];
  if (open.length > 0) {
    const names = open.map((probe) => `${probe.service} on ${probe.port}`).join(', ');
    return {
      status: 'fail',
      message: `${host} accepts connections to ${names}; a data store must not be reachable from outside.`,
      evidence,
    };
  }
  if (isUnreached(scan)) {
    return {
      status: 'error',
      message: `No port of ${host} answered at all: the host was not reached, so closed database ports prove nothing.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `None of the ${stores.length} database, cache and search ports of ${host} accepts connections (${countByState(stores)}).`,
    evidence,
  };
}

export default defineCheck({
  id: 'database-port-exposure',
  title: 'Database and cache ports are not reachable',
  severity: 'critical',
  needs: ['portScan'],
  remediation:
    "Bind the database to the private interface (postgresql.conf `listen_addresses = 'localhost'`, " +
    'redis.conf `bind 127.0.0.1`), deny the port at the firewall (`sudo ufw deny 5432/tcp`), and ' +
    'in docker-compose drop the `ports:` entry of the database service or publish it as ' +
    '`127.0.0.1:5432:5432`.',
  run: ({ portScan }) => judgeDatabasePorts(portScan),
});
