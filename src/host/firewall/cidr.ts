import { isIP } from 'node:net';
import type { Family } from './model.js';

/** An address block: the network's bits and the prefix length. */
export interface Cidr {
  family: Family;
  bits: bigint;
  prefix: number;
}

const WIDTH: Record<Family, number> = { ipv4: 32, ipv6: 128 };

export function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0) return null;
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const width = WIDTH[family];
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return null;

  const bits = family === 'ipv4' ? ipv4Bits(address) : ipv6Bits(address);
  return { family, bits: network(bits, prefix, width), prefix };
}

export function anywhere(family: Family): Cidr {
  return { family, bits: 0n, prefix: 0 };
}

/** Whether every address of `inner` is inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  return network(inner.bits, outer.prefix, WIDTH[outer.family]) === outer.bits;
}

export function isAnywhere(cidr: Cidr): boolean {
  return cidr.prefix === 0;
}

/** Loopback, link-local and multicast blocks never hold a client from the internet. */
export function isNeverPublic(cidr: Cidr): boolean {
  const blocks = cidr.family === 'ipv4' ? IPV4_LOCAL : IPV6_LOCAL;
  return blocks.some((block) => contains(block, cidr));
}

/** Private blocks: a client there is inside the network, not on the internet. */
export function isPrivate(cidr: Cidr): boolean {
  const blocks = cidr.family === 'ipv4' ? IPV4_PRIVATE : IPV6_PRIVATE;
  return isNeverPublic(cidr) || blocks.some((block) => contains(block, cidr));
}

function network(bits: bigint, prefix: number, width: number): bigint {
  const hostBits = BigInt(width - prefix);
  return (bits >> hostBits) << hostBits;
}

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Bits(address: string): bigint {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded) {
    const v4 = ipv4Bits(embedded[1]!);
    text = `${text.slice(0, -embedded[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...zeros, ...tailParts].reduce(
    (value, part) => (value << 16n) | BigInt(Number.parseInt(part, 16)),
    0n,
  );
}

const block = (text: string) => parseCidr(text)!;
const IPV4_LOCAL = [
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '255.255.255.255/32',
  '0.0.0.0/32',
].map(block);
const IPV6_LOCAL = ['::1/128', 'fe80::/10', 'ff00::/8', '::/128'].map(block);
const IPV4_PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(block);
const IPV6_PRIVATE = ['fc00::/7'].map(block);
