import { defineGatherer } from '../core/registry.js';
import type { FileIndex } from './files.js';
import { sourceLanguage } from './source/extract.js';
import { extractFiles } from './source/pool.js';
import type {
  ErrorHandler,
  FileFacts,
  HandlerCandidate,
  HandlerReference,
  SourceFacts,
} from './source/types.js';

export type * from './source/types.js';

declare module '../core/types.js' {
  interface Artifacts {
    sourceFacts: SourceFacts;
  }
}

/** Tests, fixtures and mocks never run in production: their SQL and settings are not findings. */
const TEST_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|e2e|cypress|playwright|__mocks__|fixtures?|testdata)\/|(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?)$/i;

/** Registrations that are error handlers whatever their target is (unlike Express's `use`). */
const UNAMBIGUOUS = new Set(['fastapi', 'starlette', 'flask', 'fastify', 'nestjs']);

export const sourceFactsGatherer = defineGatherer({
  artifact: 'sourceFacts',
  kind: 'static',
  async gather(context) {
    const index = await context.get('files');
    const { sources, tests } = selectSources(index);
    const files = await extractFiles(index.root, sources, { signal: context.signal });
    for (const facts of files) for (const secret of facts.secrets) context.secrets.add(secret);
    return mergeFacts(files, { tooLarge: index.skipped.large, tests });
  },
});

export default sourceFactsGatherer;

export function selectSources(index: FileIndex) {
  const sources = index.files.filter((file) => sourceLanguage(file.path) !== null);
  const kept = sources.filter((file) => !TEST_PATH.test(file.path));
  return { sources: kept, tests: sources.length - kept.length };
}

type ListKey = {
  [K in keyof FileFacts]: FileFacts[K] extends unknown[] ? K : never;
}[keyof FileFacts];

/** One project's facts from its files' facts, with handlers registered by name resolved. */
export function mergeFacts(
  files: FileFacts[],
  counts: { tooLarge: number; tests: number },
): SourceFacts {
  const all = <K extends ListKey>(key: K) =>
    files.flatMap((facts) => facts[key] as unknown[]) as FileFacts[K];
  const languages = { python: 0, javascript: 0 };
  for (const facts of files) languages[facts.language] += 1;

  return {
    filesScanned: files.length,
    filesParsed: files.filter((facts) => facts.parsed).length,
    linesScanned: files.reduce((sum, facts) => sum + facts.lines, 0),
    filesTooLarge: counts.tooLarge,
    testFilesSkipped: counts.tests,
    languages,
    rawSql: all('rawSql'),
    apps: all('apps'),
    handlers: [
      ...all('handlers'),
      ...resolveReferences(all('handlerReferences'), all('handlerCandidates')),
    ],
    debugSwitches: all('debugSwitches'),
    fastApiDocs: all('fastApiDocs'),
    docsMounts: all('docsMounts'),
    databaseClients: all('databaseClients'),
    databaseUrls: all('databaseUrls'),
    timeoutSettings: all('timeoutSettings'),
    payments: all('payments'),
    clientAmounts: all('clientAmounts'),
    botScreens: all('botScreens'),
    loggers: all('loggers'),
    logFiles: all('logFiles'),
    alertHooks: all('alertHooks'),
    schemaCreations: all('schemaCreations'),
    problems: all('problems'),
  };
}

/**
 * A registration by name is matched with a function of that name, in the same file first.
 * Known leniency: imports are not followed, so two functions of one name can be confused.
 */
function resolveReferences(
  references: HandlerReference[],
  candidates: HandlerCandidate[],
): ErrorHandler[] {
  const handlers: ErrorHandler[] = [];
  const seen = new Set<string>();
  for (const reference of references) {
    const named = candidates.filter((candidate) => candidate.name === reference.name);
    const candidate = named.find((c) => c.file === reference.file) ?? named[0];
    const { name: _name, ...registration } = reference;
    if (candidate) {
      const { name: _candidateName, ...body } = candidate;
      const key = `${body.file}:${body.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      handlers.push({ ...registration, ...body, bodyKnown: true });
    } else if (UNAMBIGUOUS.has(reference.framework)) {
      handlers.push({ ...registration, logs: false, bodyKnown: false });
    }
  }
  return handlers;
}
