import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { UsageError } from '../../src/core/errors.js';
import {
  DEFAULT_DATABASE,
  databasePath,
  HistoryStore,
  SCHEMA_VERSION,
} from '../../src/monitor/store.js';
import { sampleReport } from '../support/reports.js';

const folder = () => mkdtempSync(join(tmpdir(), 'shipshape-store-'));

describe('HistoryStore', () => {
  it('writes reports, lists them and reads them back whole, also after reopening', () => {
    const file = join(folder(), 'nested', 'deeper', 'history.db');
    const first = sampleReport();
    const second = { ...sampleReport(), startedAt: '2025-06-02T12:00:00.000Z' };
    const other = {
      ...sampleReport(),
      target: { project: '/srv/other', url: null },
      startedAt: '2025-06-03T12:00:00.000Z',
    };

    const store = HistoryStore.open(file);
    assert.equal(store.save(first), 1);
    assert.equal(store.save(other), 2);
    assert.equal(store.save(second), 3);
    store.close();

    const reopened = HistoryStore.open(file);
    const list = reopened.list();
    assert.deepEqual(
      list.map((entry) => [entry.id, entry.startedAt, entry.target]),
      [
        [1, '2025-06-01T12:00:00.000Z', 'https://app.example.test/'],
        [2, '2025-06-03T12:00:00.000Z', '/srv/other'],
        [3, '2025-06-02T12:00:00.000Z', 'https://app.example.test/'],
      ],
    );
    assert.deepEqual(list[0]!.counts, first.stats.items);
    assert.deepEqual(reopened.get(1)?.report, first);
    assert.equal(reopened.get(99), undefined);
    // The previous scan of the same target skips the other target's scan in between.
    assert.equal(reopened.previous(second, 3)?.id, 1);
    assert.equal(reopened.previous(first, 1), undefined);
    assert.equal(reopened.previous(other, 2), undefined);
    assert.equal(reopened.save(second), 4);
    reopened.close();

    const readOnly = HistoryStore.openExisting(file)!;
    assert.equal(readOnly.list().length, 4);
    readOnly.close();
  });

  it('records its schema version', () => {
    const file = join(folder(), 'history.db');
    HistoryStore.open(file).close();
    const db = new Database(file, { readonly: true });
    assert.deepEqual(db.prepare('SELECT version FROM schema_version').all(), [
      { version: SCHEMA_VERSION },
    ]);
    db.close();
  });

  it('returns null for a history that does not exist yet, without creating it', () => {
    const dir = folder();
    assert.equal(HistoryStore.openExisting(join(dir, 'none.db')), null);
    assert.equal(HistoryStore.openExisting(join(dir, 'none.db')), null);
  });

  it('refuses, in one usage error, a path it cannot open and a file of another kind', () => {
    const dir = folder();
    const notADb = join(dir, 'notes.txt');
    writeFileSync(notADb, 'these are notes, not a database\n'.repeat(40));
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    for (const file of [notADb, join(blocker, 'history.db'), dir]) {
      assert.throws(
        () => HistoryStore.open(file),
        (error: unknown) =>
          error instanceof UsageError &&
          error.message.startsWith('--database: cannot open') &&
          !error.message.includes('\n'),
      );
    }
    assert.throws(() => HistoryStore.openExisting(notADb), UsageError);
  });

  it('refuses a history written by a newer version instead of changing it', () => {
    const file = join(folder(), 'history.db');
    const db = new Database(file);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    db.prepare('INSERT INTO schema_version VALUES (?)').run(SCHEMA_VERSION + 1);
    db.close();
    assert.throws(() => HistoryStore.open(file), /written by a newer shipshape/);
  });

  it('places the default file in the project folder, and a flag relative to the current one', () => {
    assert.equal(
      databasePath(undefined, undefined, '/srv/app'),
      join('/srv/app', DEFAULT_DATABASE),
    );
    assert.equal(databasePath(undefined, 'var/h.db', '/srv/app'), '/srv/app/var/h.db');
    assert.equal(databasePath('h.db', 'var/h.db', '/srv/app'), join(process.cwd(), 'h.db'));
  });
});
