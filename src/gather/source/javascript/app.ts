import type { SgNode } from '@ast-grep/napi';
import type { FileScan } from '../scan.js';
import { calleeOf, ENVIRONMENT_WORDS, kindOf, lastSegment, lineOf, shortCode } from '../syntax.js';
import type { Framework } from '../types.js';
import { argumentsOf, stringValue } from './values.js';

export const JS_APP_CALLEES =
  /(?:^|\.)(?:express|[Ff]astify|create|use|register|setup|set|setErrorHandler|useGlobalFilters|get)$/;

const DOCS_WORDS = /swagger|redoc|openapi|api-?docs|scalar/i;
const CONDITIONS = new Set([
  'if_statement',
  'ternary_expression',
  'binary_expression',
  'switch_case',
]);

/** Application objects, docs routes and debug settings of a JavaScript or TypeScript file. */
export function findJsApps(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    const framework = appFramework(callee);
    if (framework) scan.facts.apps.push({ file: scan.file, line: lineOf(call), framework });
    if (isDocsMount(call, callee)) {
      scan.facts.docsMounts.push({
        file: scan.file,
        line: lineOf(call),
        what: shortCode(call.text(), 100),
        conditional: isEnvironmentConditional(call),
      });
    }
    if (
      lastSegment(callee) === 'set' &&
      /^\s*\(\s*['"]env['"]\s*,\s*['"]development['"]/.test(call.field('arguments')?.text() ?? '')
    ) {
      scan.facts.debugSwitches.push({
        file: scan.file,
        line: lineOf(call),
        setting: "app.set('env', 'development')",
      });
    }
  }
  findNodeEnvAssignments(scan);
}

function appFramework(callee: string): Framework | undefined {
  if (callee === 'express') return 'express';
  if (/^(?:[Ff]astify|require\(['"]fastify['"]\))$/.test(callee)) return 'fastify';
  if (/^NestFactory\.create$/.test(callee)) return 'nestjs';
  return undefined;
}

/** `app.use('/docs', swaggerUi.serve, ...)`, `fastify.register(swagger)`, `SwaggerModule.setup()`. */
function isDocsMount(call: SgNode, callee: string): boolean {
  if (/^(?:SwaggerModule|RedocModule)\.setup$/.test(callee)) return true;
  if (!/(?:^|\.)(?:use|get|register)$/.test(callee)) return false;
  const args = argumentsOf(call);
  return args.some((arg) => DOCS_WORDS.test(arg.text().slice(0, 200)));
}

/** Inside an `if`, `?:` or `&&` whose condition names the environment or production. */
export function isEnvironmentConditional(node: SgNode): boolean {
  let current = node.parent();
  while (current !== null) {
    if (CONDITIONS.has(kindOf(current))) {
      const condition =
        current.field('condition') ?? current.field('left') ?? current.field('value');
      if (condition && ENVIRONMENT_WORDS.test(condition.text().slice(0, 300))) return true;
    }
    current = current.parent();
  }
  return false;
}

/** `process.env.NODE_ENV = 'development'` in the code itself. */
function findNodeEnvAssignments(scan: FileScan): void {
  if (!scan.text.includes('NODE_ENV')) return;
  const assignments = scan.root.findAll({
    rule: { kind: 'assignment_expression', has: { field: 'left', regex: 'NODE_ENV' } },
  });
  for (const assignment of assignments) {
    const value = assignment.field('right');
    const text = value ? stringValue(value) : undefined;
    if (text === undefined || /^prod/i.test(text)) continue;
    scan.facts.debugSwitches.push({
      file: scan.file,
      line: lineOf(assignment),
      setting: `NODE_ENV set to ${environmentName(text)} in code`,
    });
  }
}

/** An environment's name as shown: the usual ones by name, anything else by its length only. */
function environmentName(text: string): string {
  if (/^(?:dev(?:elopment)?|test(?:ing)?|stag(?:e|ing)|local|debug|qa|ci|preview)$/i.test(text)) {
    return `'${text}'`;
  }
  return `a value of ${[...text].length} characters`;
}
