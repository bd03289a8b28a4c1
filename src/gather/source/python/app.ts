import type { SgNode } from '@ast-grep/napi';
import type { FileScan } from '../scan.js';
import { calleeOf, ENVIRONMENT_WORDS, exactName, lastSegment, lineOf } from '../syntax.js';
import type { DocsSetting, Framework } from '../types.js';
import { hasSplat, keywordArgs } from './values.js';

const APP_CLASSES: Record<string, Framework> = {
  FastAPI: 'fastapi',
  Starlette: 'starlette',
  Flask: 'flask',
};

export const PY_APP_CALLEES = /(?:^|\.)(?:FastAPI|Starlette|Flask|run)$/;

/** Application objects, FastAPI's docs settings and debug switches given to constructors. */
export function findPythonApps(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    const name = lastSegment(callee);
    const framework = APP_CLASSES[name];
    const debug = keywordArgs(call).get('debug');
    if (debug?.kind() === 'true' && (framework || name === 'run')) {
      const setting = framework ? `${name}(debug=True)` : `${callee}(debug=True)`;
      scan.facts.debugSwitches.push({ file: scan.file, line: lineOf(debug), setting });
    }
    if (!framework) continue;
    scan.facts.apps.push({ file: scan.file, line: lineOf(call), framework });
    if (framework === 'fastapi') scan.facts.fastApiDocs.push(readDocs(scan, call));
  }
  findDebugAssignments(scan);
}

function readDocs(scan: FileScan, call: SgNode) {
  const keywords = keywordArgs(call);
  const setting = (name: string) => docsSetting(scan.root, keywords.get(name));
  return {
    file: scan.file,
    line: lineOf(call),
    docsUrl: setting('docs_url'),
    redocUrl: setting('redoc_url'),
    openapiUrl: setting('openapi_url'),
    spread: hasSplat(call),
  };
}

/** What a docs keyword is set to, following a module-level variable once. */
function docsSetting(root: SgNode, value: SgNode | undefined, follow = true): DocsSetting {
  if (value === undefined) return 'default';
  switch (value.kind()) {
    case 'none':
      return 'none';
    case 'string':
    case 'concatenated_string':
      return 'path';
    case 'conditional_expression':
      return conditionalSetting(value);
    case 'identifier':
      return follow ? variableSetting(root, value.text()) : 'unknown';
    default:
      return 'unknown';
  }
}

/** `"/docs" if settings.ENVIRONMENT != "production" else None` and the like. */
function conditionalSetting(value: SgNode): DocsSetting {
  const branches = value.namedChildren();
  const hasNone = branches.some((branch) => branch.kind() === 'none');
  if (!hasNone) return 'unknown';
  return ENVIRONMENT_WORDS.test(value.text()) ? 'production-only' : 'unknown';
}

function variableSetting(root: SgNode, name: string): DocsSetting {
  const assignment = root.find({
    rule: { kind: 'assignment', has: { field: 'left', regex: exactName(name) } },
  });
  const right = assignment?.field('right') ?? undefined;
  return right ? docsSetting(root, right, false) : 'unknown';
}

/** `DEBUG = True` at module or class level, and `app.debug = True`. */
function findDebugAssignments(scan: FileScan): void {
  if (!/\bdebug\b/i.test(scan.text)) return;
  const assignments = scan.root.findAll({
    rule: {
      kind: 'assignment',
      has: { field: 'left', regex: '^(?:DEBUG|\\w+\\.debug|\\w+\\.config\\[.DEBUG.\\])$' },
    },
  });
  for (const assignment of assignments) {
    const right = assignment.field('right');
    if (right?.kind() !== 'true') continue;
    const left = assignment.field('left')?.text() ?? 'DEBUG';
    scan.facts.debugSwitches.push({
      file: scan.file,
      line: lineOf(assignment),
      setting: `${left} = True`,
    });
  }
}
