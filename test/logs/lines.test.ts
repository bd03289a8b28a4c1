import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readLines } from '../../src/logs/lines.js';
import { TopCounter } from '../../src/logs/top-counter.js';

async function collect(chunks: (string | Buffer)[], maxLength: number) {
  const lines = [];
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  for await (const line of readLines(stream, maxLength)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('joins lines split across chunks, a character split in two included', async () => {
    const text = Buffer.from('first line\r\nsecond — line\nthird');
    const cut = text.indexOf('—') + 1;
    const lines = await collect(
      [text.subarray(0, 4), text.subarray(4, cut), text.subarray(cut)],
      100,
    );
    assert.deepEqual(lines, [
      { text: 'first line', overlong: false },
      { text: 'second — line', overlong: false },
      { text: 'third', overlong: false },
    ]);
  });

  it('keeps only the start of a line over the cap, and says so', async () => {
    const lines = await collect(['short\n', 'x'.repeat(30), 'y'.repeat(30), '\nafter\n'], 40);
    assert.deepEqual(lines, [
      { text: 'short', overlong: false },
      { text: `${'x'.repeat(30)}${'y'.repeat(10)}`, overlong: true },
      { text: 'after', overlong: false },
    ]);
  });

  it('counts a line of exactly the cap as whole', async () => {
    const lines = await collect([`${'a'.repeat(8)}\n${'b'.repeat(9)}`], 8);
    assert.deepEqual(lines, [
      { text: 'aaaaaaaa', overlong: false },
      { text: 'bbbbbbbb', overlong: true },
    ]);
  });
});

describe('TopCounter', () => {
  it('counts exactly within its capacity', () => {
    const counter = new TopCounter<'a' | 'b'>(10);
    for (const key of ['x', 'y', 'x', 'z', 'x', 'y']) counter.add(key, key === 'x' ? 'a' : 'b');
    assert.deepEqual(counter.top(2), [
      { key: 'x', total: 3, byKind: { a: 3 } },
      { key: 'y', total: 2, byKind: { b: 2 } },
    ]);
    assert.equal(counter.dropped, 0);
  });

  it('keeps every count within `dropped` of the truth, for a key dropped again and again', () => {
    const counter = new TopCounter<'k'>(2);
    const truth = new Map<string, number>();
    const add = (key: string) => {
      counter.add(key, 'k');
      truth.set(key, (truth.get(key) ?? 0) + 1);
    };
    // `slow` gets one event in each round, and is among the least active every time it is pruned.
    for (let round = 0; round < 50; round += 1) {
      add('slow');
      for (const key of ['busy-1', 'busy-2', 'busy-1', 'busy-2']) add(key);
      add(`once-${round}`);
      add(`twice-${round}`);
      add(`twice-${round}`);
    }
    const counted = new Map(
      counter.top(Number.MAX_SAFE_INTEGER).map((entry) => [entry.key, entry.total]),
    );
    assert.ok(counter.dropped > 0);
    for (const [key, total] of truth) {
      const seen = counted.get(key) ?? 0;
      assert.ok(seen <= total, `${key}: counted ${seen} of ${total}`);
      assert.ok(
        total - seen <= counter.dropped,
        `${key}: short by ${total - seen}, bound ${counter.dropped}`,
      );
    }
    assert.deepEqual(
      counter.top(2).map((entry) => [entry.key, entry.total]),
      [
        ['busy-1', 100],
        ['busy-2', 100],
      ],
    );
  });
});
