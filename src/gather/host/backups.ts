import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import { hostRoot, onHost } from './host-root.js';

declare module '../../core/types.js' {
  interface Artifacts {
    backupFolder: BackupFolder;
  }
}

export interface BackupFile {
  /** Relative to the folder. */
  name: string;
  size: number;
  modifiedAt: string;
}

export interface BackupFolder {
  /** The folder as configured. */
  folder: string;
  state: 'present' | 'missing' | 'unreadable' | 'not-a-folder';
  /** Why the folder could not be examined: an error code (EACCES), or what the path is. */
  reason?: string;
  newest?: BackupFile;
  /** Subfolders and files inside that could not be listed or examined, with the error code. */
  unread: string[];
  files: number;
  /** More entries than MAX_ENTRIES: the newest is among those seen. */
  truncated: boolean;
  observedAt: string;
}

/** Backup folders hold a file a day or so; this bounds one that holds far more. */
const MAX_ENTRIES = 20_000;
/** Dated subfolders (2024/06/...) are common; deeper trees are not backup folders. */
const MAX_DEPTH = 3;

export default defineGatherer({
  artifact: 'backupFolder',
  kind: 'static',
  async gather(context) {
    const root = hostRoot(context.config);
    const folder = context.config.host.backupFolder;
    if (folder === undefined) {
      throw new NotGivenError(
        'no backup folder is configured (host.backupFolder in shipshape.yaml)',
      );
    }
    return readBackupFolder(root, folder, new Date());
  },
});

/** The file system calls the walk makes, so that tests can meet errors root never meets. */
export interface FolderReader {
  list(path: string): Promise<Dirent[]>;
  stat(path: string): Promise<Stats>;
}

const fileSystem: FolderReader = {
  list: (path) => readdir(path, { withFileTypes: true }),
  stat: (path) => stat(path),
};

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unreadable';
}

export async function readBackupFolder(
  root: string,
  folder: string,
  now: Date,
  reader: FolderReader = fileSystem,
): Promise<BackupFolder> {
  const base = { folder, files: 0, truncated: false, unread: [], observedAt: now.toISOString() };
  const path = onHost(root, folder);
  const info = await reader.stat(path).catch((error: unknown) => codeOf(error));
  if (typeof info === 'string') {
    if (info === 'ENOENT' || info === 'ENOTDIR') return { ...base, state: 'missing' };
    return { ...base, state: 'unreadable', reason: info };
  }
  if (!info.isDirectory())
    return {
      ...base,
      state: 'not-a-folder',
      reason: info.isFile() ? 'a file' : 'not a file either',
    };
  const entries = await reader.list(path).catch((error: unknown) => codeOf(error));
  if (typeof entries === 'string') return { ...base, state: 'unreadable', reason: entries };

  const walk: Walk = { files: 0, entries: 0, newest: undefined, unread: [], reader };
  await walkEntries(path, entries, '', 0, walk);
  return {
    ...base,
    state: 'present',
    files: walk.files,
    truncated: walk.entries >= MAX_ENTRIES,
    unread: walk.unread,
    ...(walk.newest ? { newest: walk.newest } : {}),
  };
}

interface Walk {
  files: number;
  entries: number;
  newest: BackupFile | undefined;
  unread: string[];
  reader: FolderReader;
}

async function walkEntries(
  path: string,
  entries: Dirent[],
  relative: string,
  depth: number,
  walk: Walk,
): Promise<void> {
  for (const entry of entries) {
    if (walk.entries >= MAX_ENTRIES) return;
    walk.entries += 1;
    const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory() && depth < MAX_DEPTH) {
      const inner = await walk.reader
        .list(join(path, entry.name))
        .catch((error: unknown) => codeOf(error));
      if (typeof inner === 'string') walk.unread.push(`${name}/ (${inner})`);
      else await walkEntries(join(path, entry.name), inner, name, depth + 1, walk);
    }
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const info = await walk.reader
      .stat(join(path, entry.name))
      .catch((error: unknown) => codeOf(error));
    if (typeof info === 'string') {
      walk.unread.push(`${name} (${info})`);
      continue;
    }
    walk.files += 1;
    if (!walk.newest || info.mtimeMs > Date.parse(walk.newest.modifiedAt)) {
      walk.newest = { name, size: info.size, modifiedAt: info.mtime.toISOString() };
    }
  }
}
