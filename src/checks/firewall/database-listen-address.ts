import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { ListeningSocket, ListeningSockets } from '../../gather/host/sockets.js';
import { isPrivate, parseCidr } from '../../host/firewall/cidr.js';
import { DATA_STORE_PORTS } from './firewall-database-port.js';

type Reach = 'every address' | 'a public address' | 'a private address';

function reachOf(socket: ListeningSocket): Reach {
  if (socket.address === '0.0.0.0' || socket.address === '::') return 'every address';
  const cidr = parseCidr(socket.address.replace(/^::ffff:/, ''));
  return cidr && isPrivate(cidr) ? 'a private address' : 'a public address';
}

function describe(socket: ListeningSocket, service: string): string {
  const address = socket.family === 'ipv6' ? `[${socket.address}]` : socket.address;
  return `${service} listens on ${address}:${socket.port} (${reachOf(socket)})`;
}

export function judgeDatabaseListeners(listening: ListeningSockets): Finding {
  const services = new Map(DATA_STORE_PORTS.map((known) => [known.port, known.service]));
  const stores = listening.sockets.filter(
    (socket) => socket.protocol === 'tcp' && services.has(socket.port),
  );
  const evidence = [
    ...stores.map((socket) => ({ message: describe(socket, services.get(socket.port)!) })),
    { message: `Read ${listening.read.join(', ')}: ${listening.sockets.length} listening sockets` },
  ];
  if (stores.length === 0) {
    return {
      status: 'pass',
      message: 'No database, cache or search engine listens on this host on its usual port.',
      evidence,
    };
  }
  const wide = stores.filter((socket) => reachOf(socket) !== 'a private address');
  if (wide.length > 0) {
    const names = wide.map(
      (socket) => `${services.get(socket.port)} on ${socket.address}:${socket.port}`,
    );
    return {
      status: 'warn',
      message: `${names.join(', ')} listen beyond this host and its private network: only the firewall keeps them from the internet.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message:
      'Every database, cache and search engine on this host listens on loopback or a private address only.',
    evidence,
  };
}

export default defineCheck({
  id: 'database-listen-address',
  title: 'Databases on the host listen on private addresses only',
  severity: 'medium',
  needs: ['listeningSockets'],
  remediation:
    'Bind the service to loopback or the private interface: postgresql.conf `listen_addresses = ' +
    "'localhost'` (then restart), redis.conf `bind 127.0.0.1 ::1`, mongod.conf `net.bindIp: " +
    '127.0.0.1`; in docker-compose publish `127.0.0.1:5432:5432`.',
  run: ({ listeningSockets }) => judgeDatabaseListeners(listeningSockets),
});
