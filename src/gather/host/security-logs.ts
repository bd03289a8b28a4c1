import { stat } from 'node:fs/promises';
import { defineGatherer } from '../../core/registry.js';
import { hostRoot, onHost } from './host-root.js';

declare module '../../core/types.js' {
  interface Artifacts {
    securityLogs: SecurityLogs;
  }
}

export interface SecurityLogFile {
  /** The path as configured (a host path). */
  path: string;
  state: 'present' | 'missing' | 'not-a-file' | 'unreadable';
  size?: number;
  modifiedAt?: string;
  reason?: string;
}

export interface SecurityLogs {
  logs: SecurityLogFile[];
  /** When the files were looked at: the checks' "now". */
  observedAt: string;
}

export default defineGatherer({
  artifact: 'securityLogs',
  kind: 'static',
  async gather(context) {
    const root = hostRoot(context.config);
    return readSecurityLogs(root, context.config.host.securityLogs, new Date());
  },
});

export async function readSecurityLogs(
  root: string,
  paths: readonly string[],
  now: Date,
): Promise<SecurityLogs> {
  const logs = await Promise.all(paths.map((path) => describeLog(root, path)));
  return { logs, observedAt: now.toISOString() };
}

async function describeLog(root: string, path: string): Promise<SecurityLogFile> {
  try {
    const info = await stat(onHost(root, path));
    if (!info.isFile()) return { path, state: 'not-a-file' };
    return { path, state: 'present', size: info.size, modifiedAt: info.mtime.toISOString() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, state: 'missing' };
    return { path, state: 'unreadable', reason: code ?? 'unreadable' };
  }
}
