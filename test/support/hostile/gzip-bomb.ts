import { constants, crc32, deflateRawSync } from 'node:zlib';

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0x03]);
const BLOCK = Buffer.alloc(1 << 20);

/**
 * A valid gzip body that inflates to `mebibytes` MiB of zeros, made in milliseconds: one MiB
 * deflated with a full flush ends on a byte boundary with a fresh dictionary, so the same bytes
 * repeated stand for every further MiB.
 */
export function gzipBomb(mebibytes: number): Buffer {
  const block = deflateRawSync(BLOCK, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0), { level: 9 });
  let crc = 0;
  for (let i = 0; i < mebibytes; i += 1) crc = crc32(BLOCK, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((mebibytes * BLOCK.length) % 2 ** 32, 4);
  const body = Buffer.concat(Array.from({ length: mebibytes }, () => block));
  return Buffer.concat([GZIP_HEADER, body, last, trailer]);
}
