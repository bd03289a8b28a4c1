import { readFile } from 'node:fs/promises';
import { defineGatherer } from '../../core/registry.js';
import { hostRoot, onHost } from './host-root.js';

declare module '../../core/types.js' {
  interface Artifacts {
    listeningSockets: ListeningSockets;
  }
}

export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  family: 'ipv4' | 'ipv6';
  address: string;
  port: number;
}

export interface ListeningSockets {
  sockets: ListeningSocket[];
  /** The kernel tables read, such as /proc/net/tcp. */
  read: string[];
}

const TABLES = [
  { file: '/proc/net/tcp', protocol: 'tcp', family: 'ipv4' },
  { file: '/proc/net/tcp6', protocol: 'tcp', family: 'ipv6' },
  { file: '/proc/net/udp', protocol: 'udp', family: 'ipv4' },
  { file: '/proc/net/udp6', protocol: 'udp', family: 'ipv6' },
] as const;

/** TCP_LISTEN; for UDP, TCP_CLOSE (7) is how a bound, unconnected socket shows. */
const LISTENING_STATE = { tcp: '0A', udp: '07' } as const;

export default defineGatherer({
  artifact: 'listeningSockets',
  kind: 'static',
  async gather(context) {
    const root = hostRoot(context.config);
    return readListeningSockets(root);
  },
});

/** Reads the kernel's socket tables, as `ss -ltun` does, without running anything. */
export async function readListeningSockets(root: string): Promise<ListeningSockets> {
  const sockets: ListeningSocket[] = [];
  const read: string[] = [];
  for (const table of TABLES) {
    const text = await readFile(onHost(root, table.file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    read.push(table.file);
    sockets.push(...parseSocketTable(text, table.protocol, table.family));
  }
  if (read.length === 0)
    throw new Error(`no socket table could be read under ${onHost(root, '/proc/net')}`);
  return { sockets: dedupe(sockets), read };
}

export function parseSocketTable(
  text: string,
  protocol: 'tcp' | 'udp',
  family: 'ipv4' | 'ipv6',
): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, , state] = fields.slice(1);
    if (!local || state !== LISTENING_STATE[protocol]) continue;
    const [hexAddress = '', hexPort = ''] = local.split(':');
    const address = family === 'ipv4' ? ipv4FromHex(hexAddress) : ipv6FromHex(hexAddress);
    sockets.push({ protocol, family, address, port: Number.parseInt(hexPort, 16) });
  }
  return sockets;
}

/** The kernel writes each 32-bit word in host (little-endian) byte order. */
function ipv4FromHex(hex: string): string {
  const bytes = Buffer.from(hex, 'hex').reverse();
  return [...bytes].join('.');
}

function ipv6FromHex(hex: string): string {
  const words = [0, 8, 16, 24].map((offset) =>
    Buffer.from(hex.slice(offset, offset + 8), 'hex').reverse(),
  );
  const bytes = Buffer.concat(words);
  if (
    bytes.subarray(0, 10).every((byte) => byte === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff
  ) {
    return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  }
  const groups = [];
  for (let index = 0; index < 16; index += 2) groups.push(bytes.readUInt16BE(index).toString(16));
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  return text.replace(/(^|:)0(:0)+(:|$)/, '::');
}

function dedupe(sockets: ListeningSocket[]): ListeningSocket[] {
  const seen = new Map<string, ListeningSocket>();
  for (const socket of sockets)
    seen.set(`${socket.protocol} ${socket.address} ${socket.port}`, socket);
  return [...seen.values()];
}
