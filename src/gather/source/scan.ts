import type { SgNode } from '@ast-grep/napi';
import type { FileFacts, SourceLanguage } from './types.js';

/** One parsed file, as the extractors see it: they append what they find to `facts`. */
export interface FileScan {
  /** Relative to the project folder, with `/` separators. */
  file: string;
  root: SgNode;
  facts: FileFacts;
  /** The whole text, for cheap word tests before a costlier tree search. */
  text: string;
}

export function emptyFacts(file: string, language: SourceLanguage): FileFacts {
  return {
    file,
    language,
    parsed: false,
    lines: 0,
    rawSql: [],
    apps: [],
    handlers: [],
    handlerCandidates: [],
    handlerReferences: [],
    debugSwitches: [],
    fastApiDocs: [],
    docsMounts: [],
    databaseClients: [],
    databaseUrls: [],
    timeoutSettings: [],
    payments: [],
    clientAmounts: [],
    botScreens: [],
    loggers: [],
    logFiles: [],
    alertHooks: [],
    schemaCreations: [],
    problems: [],
    secrets: [],
  };
}

/** Migration scripts connect once, with settings of their own (Alembic's env.py uses NullPool). */
export function isMigrationPath(file: string): boolean {
  return /(?:^|\/)(?:alembic|migrations?|migrate)(?:\/|$)/i.test(file);
}
