import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotGivenError } from '../core/errors.js';
import { defineGatherer } from '../core/registry.js';

declare module '../core/types.js' {
  interface Artifacts {
    alembicRevisions: AlembicRevisions;
  }
}

export interface AlembicRevision {
  id: string;
  /** The revisions it follows: none for the first, two or more for a merge. */
  down: string[];
  file: string;
  line: number;
}

export interface AlembicFolder {
  /** The script folder: the one that holds env.py and versions/. */
  path: string;
  revisions: AlembicRevision[];
  /** Revisions no other revision follows. */
  heads: string[];
  /** Files in versions/ with no readable `revision =` line. */
  unreadable: string[];
}

export interface AlembicRevisions {
  folders: AlembicFolder[];
}

const VERSION_FILE = /^(.*)\/versions\/[^/]+\.py$/;
const REVISION_LINE = /^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]/m;
const DOWN_REVISION = /^down_revision\s*(?::[^=]*)?=\s*/m;
const QUOTED = /['"]([^'"]+)['"]/g;

export default defineGatherer({
  artifact: 'alembicRevisions',
  kind: 'static',
  async gather(context) {
    const index = await context.get('files');
    const present = new Set(index.files.map((file) => file.path));
    const byFolder = new Map<string, string[]>();
    for (const file of index.files) {
      const folder = VERSION_FILE.exec(`/${file.path}`)?.[1]?.slice(1);
      if (folder === undefined || !present.has(folder === '' ? 'env.py' : `${folder}/env.py`))
        continue;
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), file.path]);
    }
    if (byFolder.size === 0) {
      throw new NotGivenError(
        'no Alembic folder (env.py beside versions/*.py) was found in the project',
      );
    }

    const folders: AlembicFolder[] = [];
    for (const [path, files] of byFolder) {
      const texts = await Promise.all(
        files.map((file) => readFile(join(index.root, file), 'utf8')),
      );
      folders.push(readFolder(path || '.', files, texts));
    }
    return { folders };
  },
});

export function readFolder(path: string, files: string[], texts: string[]): AlembicFolder {
  const revisions: AlembicRevision[] = [];
  const unreadable: string[] = [];
  files.forEach((file, i) => {
    const revision = parseRevisionFile(file, texts[i]!);
    if (revision) revisions.push(revision);
    else unreadable.push(file);
  });
  const followed = new Set(revisions.flatMap((revision) => revision.down));
  const heads = revisions
    .map((revision) => revision.id)
    .filter((id) => !followed.has(id))
    .sort();
  return { path, revisions, heads, unreadable };
}

/** Reads `revision` and `down_revision` as Alembic's templates write them, annotated or not. */
export function parseRevisionFile(file: string, text: string): AlembicRevision | null {
  const revision = REVISION_LINE.exec(text);
  if (!revision) return null;
  const line = text.slice(0, revision.index).split('\n').length;

  const down = DOWN_REVISION.exec(text);
  let value = '';
  if (down) {
    const rest = text.slice(down.index + down[0].length);
    // A tuple of merged revisions may span lines up to its closing parenthesis.
    value = rest.startsWith('(') ? rest.slice(0, rest.indexOf(')') + 1) : rest.split('\n')[0]!;
  }
  const downIds = [...value.matchAll(QUOTED)].map((match) => match[1]!);
  return { id: revision[1]!, down: downIds, file, line };
}
