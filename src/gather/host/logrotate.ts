import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defineGatherer } from '../../core/registry.js';
import { type LogrotateRule, parseLogrotate } from '../../host/logrotate.js';
import { hostRoot, onHost } from './host-root.js';

declare module '../../core/types.js' {
  interface Artifacts {
    logrotateRules: LogrotateRules;
  }
}

export interface LogrotateRules {
  rules: LogrotateRule[];
  /** Host paths of the configuration files read. */
  filesRead: string[];
}

/** logrotate skips files with these endings in an included folder. */
const SKIPPED =
  /(?:\.dpkg-(?:old|dist|new|bak|del)|\.rpm(?:orig|save|new)|\.disabled|\.ucf-(?:old|dist|new)|~|\.swp|\.bak|\.orig)$/;
/** A bound on includes, against a folder of thousands of files or an include loop. */
const MAX_FILES = 500;

export default defineGatherer({
  artifact: 'logrotateRules',
  kind: 'static',
  async gather(context) {
    return readLogrotateRules(hostRoot(context.config));
  },
});

export async function readLogrotateRules(root: string): Promise<LogrotateRules> {
  const queue = ['/etc/logrotate.conf', '/etc/logrotate.d'];
  const seen = new Set<string>();
  const rules: LogrotateRule[] = [];
  const filesRead: string[] = [];
  while (queue.length > 0 && filesRead.length < MAX_FILES) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const info = await stat(onHost(root, path)).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = await readdir(onHost(root, path)).catch(() => [] as string[]);
      queue.push(
        ...names
          .filter((name) => !SKIPPED.test(name) && !name.startsWith('.'))
          .sort()
          .map((name) => join(path, name)),
      );
      continue;
    }
    const text = info?.isFile()
      ? await readFile(onHost(root, path), 'utf8').catch(() => undefined)
      : undefined;
    if (text === undefined) continue;
    filesRead.push(path);
    const parsed = parseLogrotate(text, path);
    rules.push(...parsed.rules);
    queue.push(...parsed.includes);
  }
  return { rules, filesRead };
}
