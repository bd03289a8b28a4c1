import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import python from '@ast-grep/lang-python';
import { Lang, parse, registerDynamicLanguage } from '@ast-grep/napi';
import { extractJavaScript, JAVASCRIPT_WORDS } from './javascript/index.js';
import { extractPython, PYTHON_WORDS } from './python/index.js';
import { emptyFacts, type FileScan } from './scan.js';
import type { FileFacts, SourceLanguage } from './types.js';

const PARSERS: Record<string, { language: SourceLanguage; parser: string }> = {
  py: { language: 'python', parser: 'python' },
  js: { language: 'javascript', parser: Lang.JavaScript },
  mjs: { language: 'javascript', parser: Lang.JavaScript },
  cjs: { language: 'javascript', parser: Lang.JavaScript },
  jsx: { language: 'javascript', parser: Lang.JavaScript },
  ts: { language: 'javascript', parser: Lang.TypeScript },
  mts: { language: 'javascript', parser: Lang.TypeScript },
  cts: { language: 'javascript', parser: Lang.TypeScript },
  tsx: { language: 'javascript', parser: Lang.Tsx },
};

/** A minified bundle has no line break this early: nothing in it is the project's own code. */
const MINIFIED_PREFIX = 5000;

let pythonRegistered = false;

function registerPython(): void {
  if (pythonRegistered) return;
  registerDynamicLanguage({ python });
  pythonRegistered = true;
}

/** The language family of a source file by its name, or null for other files. */
export function sourceLanguage(path: string): SourceLanguage | null {
  if (/\.d\.[mc]?ts$|\.min\.js$|\.bundle\.js$/.test(path)) return null;
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return PARSERS[extension]?.language ?? null;
}

/** Reads, parses and searches one file. Never throws: problems are part of the facts. */
export function extractFile(root: string, path: string): FileFacts {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const target = PARSERS[extension]!;
  try {
    return readAndSearch(root, path, target);
  } catch {
    const facts = emptyFacts(path, target.language);
    facts.problems.push({ file: path, problem: 'analysis' });
    return facts;
  }
}

function readAndSearch(root: string, path: string, target: (typeof PARSERS)[string]): FileFacts {
  const facts = emptyFacts(path, target.language);

  let bytes: Buffer;
  try {
    bytes = readFileSync(join(root, path));
  } catch {
    facts.problems.push({ file: path, problem: 'unreadable' });
    return facts;
  }
  const text = decode(bytes, facts);
  facts.lines = countLines(text);
  const words = target.language === 'python' ? PYTHON_WORDS : JAVASCRIPT_WORDS;
  if (!words.test(text) || isMinified(text)) return facts;

  if (target.language === 'python') registerPython();
  const tree = parse(target.parser, text).root();
  facts.parsed = true;
  const error = tree.find({ rule: { kind: 'ERROR' } });
  if (error !== null)
    facts.problems.push({ file: path, line: error.range().start.line + 1, problem: 'syntax' });

  const scan: FileScan = { file: path, root: tree, facts, text };
  if (target.language === 'python') extractPython(scan);
  else extractJavaScript(scan);
  return facts;
}

/** UTF-8 text; invalid bytes are replaced, and the file is noted as not valid UTF-8. */
function decode(bytes: Buffer, facts: FileFacts): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    facts.problems.push({ file: facts.file, problem: 'encoding' });
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function countLines(text: string): number {
  let lines = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

function isMinified(text: string): boolean {
  return text.length > MINIFIED_PREFIX && !text.slice(0, MINIFIED_PREFIX).includes('\n');
}
