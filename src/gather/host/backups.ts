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
  newest?: BackupFile;
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

export async function readBackupFolder(
  root: string,
  folder: string,
  now: Date,
): Promise<BackupFolder> {
  const base = { folder, files: 0, truncated: false, observedAt: now.toISOString() };
  const path = onHost(root, folder);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error)
    return { ...base, state: info.code === 'ENOENT' ? 'missing' : 'unreadable' };
  if (!info.isDirectory()) return { ...base, state: 'not-a-folder' };

  const walk = { files: 0, entries: 0, newest: undefined as BackupFile | undefined };
  await walkFolder(path, '', 0, walk);
  return {
    ...base,
    state: 'present',
    files: walk.files,
    truncated: walk.entries >= MAX_ENTRIES,
    ...(walk.newest ? { newest: walk.newest } : {}),
  };
}

interface Walk {
  files: number;
  entries: number;
  newest: BackupFile | undefined;
}

async function walkFolder(
  path: string,
  relative: string,
  depth: number,
  walk: Walk,
): Promise<void> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (walk.entries >= MAX_ENTRIES) return;
    walk.entries += 1;
    const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory() && depth < MAX_DEPTH)
      await walkFolder(join(path, entry.name), name, depth + 1, walk);
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const info = await stat(join(path, entry.name)).catch(() => undefined);
    if (!info) continue;
    walk.files += 1;
    if (!walk.newest || info.mtimeMs > Date.parse(walk.newest.modifiedAt)) {
      walk.newest = { name, size: info.size, modifiedAt: info.mtime.toISOString() };
    }
  }
}
