import type { SgNode } from '@ast-grep/napi';
import type { FileScan } from '../scan.js';
import { calleeOf, errorLeak, kindOf, lastSegment, lineOf, nativeRegex } from '../syntax.js';
import type { Framework, HandlerBody } from '../types.js';
import { argumentsOf, JS_FUNCTIONS } from './values.js';

/** A logger or error-tracker call: `logger.error(...)`, `this.logger.error(...)`, `Sentry.captureException(...)`. */
const JS_LOG_CALL = nativeRegex(
  '(?:^|\\.)(?:log|logger|_logger|console|winston|pino|\\w+Logger|\\w+_logger|audit\\w*)\\.(?:error|warn|fatal|critical|info|log|exception)$|captureException$|(?:^|\\.)notify$',
);
const RESPONSE_CALL = '\\.(?:send|json|jsonp|end|write|render)$';
const ERROR_FIRST = /^\(\s*(?:err|error|e|ex|exception|er)\b/;

export function findJsHandlers(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const name = lastSegment(calleeOf(call));
    if (name === 'use') expressUse(scan, call);
    else if (name === 'setErrorHandler') fastifyHandler(scan, call);
    else if (name === 'useGlobalFilters') nestFilters(scan, call);
  }
  findFourArgumentFunctions(scan);
  findNestFilters(scan);
}

/** `app.use((err, req, res, next) => ...)` inline, or `app.use(errorHandler)` by name. */
function expressUse(scan: FileScan, call: SgNode) {
  for (const arg of argumentsOf(call)) {
    if (JS_FUNCTIONS.has(kindOf(arg))) {
      if (parameterNames(arg).length !== 4 || !isErrorFirst(arg)) continue;
      addHandler(scan, arg, 'express', 'error middleware (err, req, res, next)');
    } else if (arg.kind() === 'identifier' || arg.kind() === 'member_expression') {
      addReference(scan, arg, 'express', 'app.use(...) of an error middleware');
    }
  }
}

function fastifyHandler(scan: FileScan, call: SgNode) {
  const [handler] = argumentsOf(call);
  if (!handler) return;
  if (JS_FUNCTIONS.has(kindOf(handler))) addHandler(scan, handler, 'fastify', 'setErrorHandler()');
  else addReference(scan, handler, 'fastify', 'setErrorHandler()');
}

/** `app.useGlobalFilters(new AllExceptionsFilter())`. */
function nestFilters(scan: FileScan, call: SgNode) {
  for (const arg of argumentsOf(call)) {
    const filterClass = arg.kind() === 'new_expression' ? arg.field('constructor') : arg;
    if (filterClass) addReference(scan, filterClass, 'nestjs', 'useGlobalFilters()');
  }
}

function addHandler(scan: FileScan, fn: SgNode, framework: Framework, registration: string) {
  scan.facts.handlers.push({
    file: scan.file,
    line: lineOf(fn),
    framework,
    registration,
    catchesAll: true,
    bodyKnown: true,
    ...handlerBody(fn, parameterNames(fn)[0] ?? ''),
  });
}

function addReference(scan: FileScan, node: SgNode, framework: Framework, registration: string) {
  const name = lastSegment(node.text());
  if (!/^\w+$/.test(name)) return;
  scan.facts.handlerReferences.push({
    file: scan.file,
    line: lineOf(node),
    name,
    framework,
    registration,
    catchesAll: true,
  });
}

/** Named four-argument functions that take the error first: Express error middleware. */
function findFourArgumentFunctions(scan: FileScan) {
  if (!/\(\s*(?:err|error|e|ex|exception|er)\b\s*[:,]/.test(scan.text)) return;
  const lists = scan.root.findAll({
    rule: { kind: 'formal_parameters', regex: nativeRegex(ERROR_FIRST) },
  });
  for (const list of lists) {
    const fn = list.parent();
    if (!fn || list.namedChildren().length !== 4) continue;
    const name = functionName(fn);
    if (name) addCandidate(scan, fn, name, parameterNames(fn)[0] ?? '');
  }
  // Fastify handlers take three: (error, request, reply).
  for (const list of lists) {
    const fn = list.parent();
    const names = fn ? parameterNames(fn) : [];
    if (fn && names.length === 3 && /^(?:req|request)/.test(names[1] ?? '')) {
      const name = functionName(fn);
      if (name) addCandidate(scan, fn, name, names[0] ?? '');
    }
  }
}

/** `@Catch()` with no arguments: a NestJS filter for every exception. */
function findNestFilters(scan: FileScan) {
  if (!scan.text.includes('@Catch()')) return;
  const classes = scan.root.findAll({ rule: { kind: 'class_declaration' } });
  for (const declaration of classes) {
    const decorators = (declaration.parent()?.text() ?? declaration.text()).slice(0, 300);
    if (!/@Catch\(\s*\)/.test(decorators)) continue;
    const method = declaration.find({
      rule: { kind: 'method_definition', has: { field: 'name', regex: '^catch$' } },
    });
    const name = declaration.field('name')?.text();
    if (method && name) addCandidate(scan, method, name, parameterNames(method)[0] ?? '');
  }
}

function addCandidate(scan: FileScan, fn: SgNode, name: string, errorName: string) {
  scan.facts.handlerCandidates.push({
    file: scan.file,
    line: lineOf(fn),
    name,
    ...handlerBody(fn, errorName),
  });
}

/** The name a function goes by: its own, its variable's, or its property's. */
function functionName(fn: SgNode): string | undefined {
  const own = fn.field('name')?.text();
  if (own) return own;
  const holder = fn.parent();
  if (holder?.kind() === 'variable_declarator') return holder.field('name')?.text();
  if (holder?.kind() === 'pair') return holder.field('key')?.text();
  if (holder?.kind() === 'assignment_expression')
    return lastSegment(holder.field('left')?.text() ?? '');
  return undefined;
}

function parameterNames(fn: SgNode): string[] {
  const list = fn.field('parameters') ?? fn.field('parameter');
  if (!list) return [];
  if (list.kind() === 'identifier') return [list.text()];
  return list.namedChildren().map((parameter) => {
    const pattern = parameter.field('pattern') ?? parameter;
    return pattern.kind() === 'identifier' ? pattern.text() : '';
  });
}

function isErrorFirst(fn: SgNode): boolean {
  return ERROR_FIRST.test(fn.field('parameters')?.text() ?? '');
}

export function handlerBody(fn: SgNode, errorName: string): HandlerBody {
  const logs =
    fn.find({
      rule: { kind: 'call_expression', has: { field: 'function', regex: JS_LOG_CALL } },
    }) !== null;
  const leak = errorLeak(errorName);
  const responses = fn.findAll({
    rule: { kind: 'call_expression', has: { field: 'function', regex: RESPONSE_CALL } },
  });
  const echo = responses.find((response) =>
    argumentsOf(response).some((arg) => leak.test(arg.text())),
  );
  return echo ? { logs, echoLine: lineOf(echo) } : { logs };
}
