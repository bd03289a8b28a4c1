import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/**
 * Refuses a path to write to before the scan, so that no probe is sent for a result that cannot
 * be written. The file is opened for append, which changes nothing in an existing file, and a
 * file made by the test is removed again.
 */
export function requireWritable(file: string, flag: string): void {
  const folder = dirname(resolve(file));
  const kind = kindOf(folder);
  if (kind === null) {
    throw new UsageError(
      `${flag}: ${file}: the folder ${folder} does not exist; create it or give a path in another folder`,
    );
  }
  if (kind === 'other') {
    throw new UsageError(`${flag}: ${file}: ${folder} is not a folder; give a path in a folder`);
  }
  const existing = kindOf(file);
  if (existing === 'folder') {
    throw new UsageError(
      `${flag}: ${file} is a folder; give a file path such as ${resolve(file, 'report.json')}`,
    );
  }
  try {
    closeSync(openSync(file, 'a'));
    if (existing === null) unlinkSync(file);
  } catch (error) {
    throw new UsageError(
      `${flag}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a path in a folder you can write to`,
    );
  }
}

function kindOf(path: string): 'folder' | 'other' | null {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch {
    return null;
  }
}
