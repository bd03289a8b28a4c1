import type { Readable } from 'node:stream';

export interface Line {
  text: string;
  /** The line was longer than the cap: only its start is kept. */
  overlong: boolean;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without ever holding more than `maxLength` bytes of one
 * line: past the cap, the rest of the line is dropped as it arrives. Memory stays bounded
 * whatever the input, where readline would buffer a line of any length.
 */
export async function* readLines(stream: Readable, maxLength: number): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let overlong = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(
        start,
        Math.min(end, start + Math.max(0, maxLength - pendingSize)),
      );
      const text =
        pendingSize === 0
          ? piece.toString('utf8')
          : Buffer.concat([...pending, piece]).toString('utf8');
      yield {
        text: text.replace(/\r$/, ''),
        overlong: overlong || end - start + pendingSize > maxLength,
      };
      pending = [];
      pendingSize = 0;
      overlong = false;
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    const room = maxLength - pendingSize;
    if (rest.length > room) overlong = true;
    if (room > 0) {
      const kept = rest.subarray(0, room);
      pending.push(Buffer.from(kept));
      pendingSize += kept.length;
    }
  }
  if (pendingSize > 0 || overlong) {
    yield { text: Buffer.concat(pending).toString('utf8'), overlong };
  }
}
