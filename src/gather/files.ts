import type { Dirent } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BudgetError, NotGivenError } from '../core/errors.js';
import { defineGatherer } from '../core/registry.js';

export interface ProjectFile {
  /** Relative to the project folder, with `/` separators. */
  path: string;
  size: number;
}

/** The text files of the project that other gatherers read, found once per scan. */
export interface FileIndex {
  /** The project folder, absolute, symlinks resolved. */
  root: string;
  /** Sorted by path. */
  files: ProjectFile[];
  /** The walk stopped at MAX_ENTRIES: files past that point are not listed. */
  truncated: boolean;
  skipped: { large: number; binary: number; unreadable: number };
}

declare module '../core/types.js' {
  interface Artifacts {
    files: FileIndex;
  }
}

/** Bounds the walk, so that a vendored tree or a home folder given by mistake stays cheap. */
export const MAX_ENTRIES = 50_000;
/** Configuration and source files are far smaller; bigger files are data or bundles. */
export const MAX_FILE_BYTES = 1024 * 1024;
const SNIFF_BYTES = 8192;
const MAX_DEPTH = 40;
const SNIFF_CONCURRENCY = 16;

/** Folders of dependencies, tool caches and build output: nothing in them is the project's own. */
// biome-ignore format: a packed word list reads better than one word a line
const SKIPPED_FOLDERS = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.git', '.hg', '.svn', '.venv', 'venv',
  '__pycache__', 'site-packages', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache',
  'dist', 'build', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache', '.cache', 'coverage',
  '.terraform',
  // shipshape's own history (monitor): a database of past reports, not the project's code.
  '.shipshape',
]);

/** A Python virtual environment has this file at its top, whatever the folder is called. */
const VENV_MARKER = 'pyvenv.cfg';

interface Walk {
  root: string;
  signal: AbortSignal;
  maxEntries: number;
  examined: number;
  index: FileIndex;
}

export default defineGatherer({
  artifact: 'files',
  kind: 'static',
  async gather(context) {
    const project = context.config.project;
    if (project === undefined) throw new NotGivenError('no project folder was given (--project)');

    return indexProject(project, context.signal);
  },
});

export async function indexProject(
  project: string,
  signal: AbortSignal,
  maxEntries = MAX_ENTRIES,
): Promise<FileIndex> {
  const root = await realpath(project);
  const index: FileIndex = {
    root,
    files: [],
    truncated: false,
    skipped: { large: 0, binary: 0, unreadable: 0 },
  };

  await walkFolder({ root, signal, maxEntries, examined: 0, index }, '', 0);
  index.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return index;
}

async function walkFolder(walk: Walk, relative: string, depth: number): Promise<void> {
  if (walk.signal.aborted) throw new BudgetError('the scan time budget ran out');
  if (walk.index.truncated || depth > MAX_DEPTH) return;

  const entries = await readFolder(join(walk.root, relative));
  if (entries === null) {
    walk.index.skipped.unreadable += 1;
    return;
  }
  if (depth > 0 && entries.some((entry) => entry.name === VENV_MARKER)) return;

  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (walk.examined >= walk.maxEntries) {
      walk.index.truncated = true;
      break;
    }
    walk.examined += 1;
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const kind = await entryKind(walk.root, path, entry);
    if (kind === 'folder' && !SKIPPED_FOLDERS.has(entry.name)) folders.push(path);
    if (kind === 'file') files.push(path);
  }

  await indexFiles(walk, files);
  for (const folder of folders) await walkFolder(walk, folder, depth + 1);
}

async function readFolder(path: string): Promise<Dirent[] | null> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch {
    return null;
  }
}

/** Symlinks to files count as files; symlinks to folders are not followed (no loops). */
async function entryKind(
  root: string,
  path: string,
  entry: Dirent,
): Promise<'file' | 'folder' | null> {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return null;
  try {
    return (await stat(join(root, path))).isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

async function indexFiles(walk: Walk, paths: string[]): Promise<void> {
  for (let start = 0; start < paths.length; start += SNIFF_CONCURRENCY) {
    const batch = paths.slice(start, start + SNIFF_CONCURRENCY);
    const sizes = await Promise.all(batch.map((path) => textFileSize(join(walk.root, path))));
    batch.forEach((path, i) => {
      const size = sizes[i]!;
      if (typeof size === 'number') walk.index.files.push({ path, size });
      else walk.index.skipped[size] += 1;
    });
  }
}

/** The size of a small text file, or why it is left out. */
async function textFileSize(path: string): Promise<number | 'large' | 'binary' | 'unreadable'> {
  try {
    const { size } = await stat(path);
    if (size > MAX_FILE_BYTES) return 'large';
    return (await startsWithNul(path, size)) ? 'binary' : size;
  } catch {
    return 'unreadable';
  }
}

/** Git's rule for binary content: a NUL byte in the first 8 KiB. */
async function startsWithNul(path: string, size: number): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}
