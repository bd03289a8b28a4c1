import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../core/errors.js';
import { type Report, STATUSES, type StatusCounts } from '../core/types.js';

/** Raised with each change to the tables below, and migrated from in `migrate`. */
export const SCHEMA_VERSION = 1;

export const DEFAULT_DATABASE = join('.shipshape', 'history.db');

/** One stored scan, as `shipshape history` lists it. */
export interface ScanSummary {
  id: number;
  startedAt: string;
  /** The URL probed, else the project folder: what a person recognises the scan by. */
  target: string;
  counts: StatusCounts;
}

export interface StoredScan extends ScanSummary {
  report: Report;
}

interface ScanRow {
  id: number;
  started_at: string;
  target: string;
  pass: number;
  fail: number;
  warn: number;
  manual: number;
  skip: number;
  error: number;
}

/** The URL and the project together: two folders scanned against one URL are two targets. */
export function targetKey(report: Report): string {
  return JSON.stringify([report.target.url, report.target.project]);
}

export function targetLabel(report: Report): string {
  return report.target.url ?? report.target.project ?? '(no target)';
}

/** The history file: the flag, else the configuration's, else the default; both relative to the project. */
export function databasePath(
  flag: string | undefined,
  configured: string | undefined,
  project: string,
): string {
  if (flag !== undefined) return resolve(flag);
  return resolve(project, configured ?? DEFAULT_DATABASE);
}

/** The scan history in one SQLite file; every report is stored whole, as its JSON. */
export class HistoryStore {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  /** Creates the file and its folder when missing; a path that cannot be used is a UsageError. */
  static open(file: string): HistoryStore {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw cannotOpen(file, error);
    }
    return HistoryStore.connect(file, false);
  }

  /** Opens an existing file read-only, or returns null when there is none yet. */
  static openExisting(file: string): HistoryStore | null {
    if (!existsSync(file)) return null;
    return HistoryStore.connect(file, true);
  }

  private static connect(file: string, readonly: boolean): HistoryStore {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly, fileMustExist: readonly });
      // `history` may read while a monitor writes: wait for the other's lock instead of failing.
      db.pragma('busy_timeout = 5000');
      migrate(db, file, readonly);
      return new HistoryStore(db, file);
    } catch (error) {
      db?.close();
      if (error instanceof UsageError) throw error;
      throw cannotOpen(file, error);
    }
  }

  /** Stores a report and returns its scan id. */
  save(report: Report): number {
    const counts = report.stats.items;
    const result = this.db
      .prepare(
        `INSERT INTO scans (started_at, target_key, target, pass, fail, warn, manual, skip, error, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        report.startedAt,
        targetKey(report),
        targetLabel(report),
        counts.pass,
        counts.fail,
        counts.warn,
        counts.manual,
        counts.skip,
        counts.error,
        JSON.stringify(report),
      );
    return Number(result.lastInsertRowid);
  }

  /** Every scan, oldest first. */
  list(): ScanSummary[] {
    const rows = this.db
      .prepare(
        'SELECT id, started_at, target, pass, fail, warn, manual, skip, error FROM scans ORDER BY id',
      )
      .all() as ScanRow[];
    return rows.map(summaryOf);
  }

  get(id: number): StoredScan | undefined {
    const row = this.db.prepare('SELECT * FROM scans WHERE id = ?').get(id) as
      | (ScanRow & { report: string })
      | undefined;
    return row && { ...summaryOf(row), report: JSON.parse(row.report) as Report };
  }

  /** The newest scan of the same target stored before scan `id`. */
  previous(report: Report, id: number): StoredScan | undefined {
    const row = this.db
      .prepare('SELECT id FROM scans WHERE target_key = ? AND id < ? ORDER BY id DESC LIMIT 1')
      .get(targetKey(report), id) as { id: number } | undefined;
    return row && this.get(row.id);
  }

  close(): void {
    this.db.close();
  }
}

function summaryOf(row: ScanRow): ScanSummary {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, row[status]]));
  return {
    id: row.id,
    startedAt: row.started_at,
    target: row.target,
    counts: counts as StatusCounts,
  };
}

function migrate(db: Database.Database, file: string, readonly: boolean): void {
  const hasVersionTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get();
  const version = hasVersionTable
    ? ((db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined)
        ?.version ?? 0)
    : 0;
  if (version > SCHEMA_VERSION) {
    throw new UsageError(
      `--database: ${file} was written by a newer shipshape (history version ${version}); upgrade shipshape or give another file`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    throw new UsageError(
      `--database: ${file} is not a shipshape history file; give the file shipshape monitor writes`,
    );
  }
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        target_key TEXT NOT NULL,
        target TEXT NOT NULL,
        pass INTEGER NOT NULL,
        fail INTEGER NOT NULL,
        warn INTEGER NOT NULL,
        manual INTEGER NOT NULL,
        skip INTEGER NOT NULL,
        error INTEGER NOT NULL,
        report TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS scans_by_target ON scans (target_key, id);
      DELETE FROM schema_version;
    `);
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
  })();
}

function cannotOpen(file: string, error: unknown): UsageError {
  const code = (error as { code?: string }).code ?? 'error';
  return new UsageError(
    `--database: cannot open ${file} as a history database (${code}); give a writable file path`,
  );
}
