import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { envFileKindAt } from '../gather/env.js';
import { indexProject } from '../gather/files.js';
import { findNginxCandidates } from '../gather/nginx/find.js';

/** A fact found in the project, with the file (and line) it was found in. */
export interface Found<T = string> {
  value: T;
  file: string;
  line?: number;
}

export interface ProjectFacts {
  frameworks: Found[];
  envFiles: string[];
  envExamples: string[];
  nginxFiles: string[];
  apiPrefix: Found | null;
  healthPath: Found | null;
  logPaths: Found[];
  backupPaths: Found[];
}

/** Project files bigger than this are data or bundles, not settings or source worth reading. */
const MAX_READ_BYTES = 256 * 1024;
/** A starter file needs a look, not an audit: this bounds the walk of a large tree. */
const MAX_ENTRIES = 20_000;

const SOURCE_FILE =
  /\.(py|js|mjs|cjs|ts|json|toml|cfg|ini|conf|ya?ml|sh|txt|service|timer)$|(^|\/)(crontab|Dockerfile|Procfile)$|(^|\/)logrotate\.d\//;
const FRAMEWORKS: { name: string; file: RegExp; text: RegExp }[] = [
  {
    name: 'FastAPI',
    file: /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|Pipfile|setup\.cfg)$/,
    text: /^\s*["']?fastapi\b/im,
  },
  { name: 'FastAPI', file: /\.py$/, text: /^\s*from\s+fastapi\s+import\b/m },
  { name: 'Express', file: /(^|\/)package\.json$/, text: /"express"\s*:/ },
  {
    name: 'Flask',
    file: /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|Pipfile)$/,
    text: /^\s*["']?flask\b/im,
  },
  {
    name: 'Django',
    file: /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|Pipfile)$/,
    text: /^\s*["']?django\b/im,
  },
];
const API_PREFIX = /(?:prefix\s*=\s*|\.use\(\s*)["'](\/api(?:\/v\d+)?)\b[^"']*["']/;
const HEALTH_ROUTE = /\.(?:get|route|api_route|head)\(\s*["'](\/[\w/-]*health[\w-]*)["']/;
const LOG_PATH = /["'\s=(](\/var\/log\/[\w.@/-]+\.log)\b/;
const BACKUP_PATH =
  /\bpg_dump(?:all)?\b[^\n>]*>\s*["']?([\w./$(){}%-]+)|\bpg_dump\b[^\n]*?(?:-f|--file[= ])\s*["']?([\w./$(){}%-]+)/;

/** Looks over the project for what a starter configuration can fill in or suggest. */
export async function detectProject(root: string): Promise<ProjectFacts> {
  const index = await indexProject(root, new AbortController().signal, MAX_ENTRIES);
  const texts = new Map<string, string>();
  for (const file of index.files) {
    if (file.size > MAX_READ_BYTES || !SOURCE_FILE.test(file.path)) continue;
    const text = await readFile(join(index.root, file.path), 'utf8').catch(() => undefined);
    if (text !== undefined) texts.set(file.path, text);
  }
  const paths = index.files.map((file) => file.path);
  const nginxTexts = new Map<string, string>();
  for (const path of paths.filter((entry) =>
    /(^|\/)(nginx|sites-\w+|conf\.d)(\/|\.|$)|\.conf$/.test(entry),
  )) {
    const text =
      texts.get(path) ?? (await readFile(join(index.root, path), 'utf8').catch(() => undefined));
    if (text !== undefined) nginxTexts.set(path, text);
  }

  return {
    frameworks: findFrameworks(texts),
    envFiles: paths.filter((path) => envFileKindAt(path) === 'deployment'),
    envExamples: paths.filter((path) => envFileKindAt(path) === 'template'),
    nginxFiles: mainNginxFiles(findNginxCandidates(paths, (path) => nginxTexts.get(path))),
    apiPrefix: findFirst(texts, API_PREFIX),
    healthPath: findFirst(texts, HEALTH_ROUTE),
    logPaths: findAll(texts, LOG_PATH),
    backupPaths: findAll(texts, BACKUP_PATH),
  };
}

function findFrameworks(texts: ReadonlyMap<string, string>): Found[] {
  const found: Found[] = [];
  for (const framework of FRAMEWORKS) {
    if (found.some((entry) => entry.value === framework.name)) continue;
    for (const [file, text] of texts) {
      if (framework.file.test(file) && framework.text.test(text)) {
        found.push({ value: framework.name, file });
        break;
      }
    }
  }
  return found;
}

/** An nginx.conf includes the rest: when there is one, it is the file to audit. */
function mainNginxFiles(candidates: readonly string[]): string[] {
  const main = candidates.filter((path) => posix.basename(path) === 'nginx.conf');
  return main.length > 0 ? main : [...candidates];
}

function findFirst(texts: ReadonlyMap<string, string>, pattern: RegExp): Found | null {
  return findAll(texts, pattern)[0] ?? null;
}

/** Each distinct value the pattern's first matching group captures, where it was first seen. */
function findAll(texts: ReadonlyMap<string, string>, pattern: RegExp): Found[] {
  const found = new Map<string, Found>();
  for (const [file, text] of texts) {
    text.split('\n').forEach((line, index) => {
      const match = pattern.exec(line);
      const value = match?.slice(1).find((group) => group !== undefined);
      if (value !== undefined && !found.has(value))
        found.set(value, { value, file, line: index + 1 });
    });
  }
  return [...found.values()];
}
