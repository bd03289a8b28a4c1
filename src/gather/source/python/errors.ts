import type { SgNode } from '@ast-grep/napi';
import type { FileScan } from '../scan.js';
import { calleeOf, errorLeak, lastSegment, lineOf, nativeRegex, shortCode } from '../syntax.js';
import type { Framework, HandlerBody } from '../types.js';
import { keywordArgs, positionalArgs } from './values.js';

export const PY_HANDLER_CALLEES =
  /(?:^|\.)(?:exception_handler|add_exception_handler|errorhandler|register_error_handler|middleware|FastAPI|Starlette)$/;

/** Exception classes and status codes whose handler sees every unhandled error. */
const CATCH_ALL = /^(?:Exception|BaseException|500|(?:status\.)?HTTP_500_INTERNAL_SERVER_ERROR)$/;

/**
 * A logger or error-tracker call: `logger.exception(...)`, `logging.getLogger(__name__).error(...)`,
 * `sentry_sdk.capture_exception(...)`.
 */
export const PY_LOG_CALL = nativeRegex(
  '(?:^|\\.)(?:log|logger|_logger|_log|logging|LOGGER|LOG|\\w+_logger|\\w+_log|audit\\w*)\\.(?:exception|error|critical|fatal|warning|warn|info|log)$|(?:^|\\.)(?:getLogger|get_logger)\\([^)]*\\)\\.(?:exception|error|critical|fatal|warning|warn|info|log)$|(?:^|\\.)capture_(?:exception|message)$|report_exc_info$|print_exc$',
);

/** Names an error parameter goes by. */
const ERROR_PARAMETER = /^(?:exc|exception|e|err|error|ex|exc_value)$/;

export function findPythonHandlers(scan: FileScan, calls: SgNode[]): void {
  const framework: Framework = /\bflask\b/i.test(scan.text) ? 'flask' : 'fastapi';
  for (const call of calls) {
    const name = lastSegment(calleeOf(call));
    if (name === 'exception_handler' || name === 'errorhandler') {
      decoratedHandler(scan, call, framework, `${name}(${firstArgument(call)})`);
    } else if (name === 'add_exception_handler' || name === 'register_error_handler') {
      handlerByArguments(scan, call, framework, name);
    } else if (name === 'middleware') {
      catchingMiddleware(scan, call);
    } else if (name === 'FastAPI' || name === 'Starlette') {
      constructorHandlers(scan, call, name === 'FastAPI' ? 'fastapi' : 'starlette');
    }
  }
  findDispatchMiddleware(scan);
  findCandidates(scan);
}

function firstArgument(call: SgNode): string {
  return positionalArgs(call)[0]?.text() ?? '';
}

/** `@app.exception_handler(Exception)` over a function. */
function decoratedHandler(
  scan: FileScan,
  call: SgNode,
  framework: Framework,
  registration: string,
) {
  const definition = decoratedFunction(call);
  if (definition === null) return;
  scan.facts.handlers.push({
    file: scan.file,
    line: lineOf(definition),
    framework,
    registration,
    catchesAll: CATCH_ALL.test(firstArgument(call)),
    bodyKnown: true,
    ...handlerBody(definition, errorParameter(definition)),
  });
}

function decoratedFunction(call: SgNode): SgNode | null {
  const decorator = call.parent();
  const decorated = decorator?.kind() === 'decorator' ? decorator.parent() : null;
  const definition = decorated?.field('definition') ?? null;
  return definition?.kind() === 'function_definition' ? definition : null;
}

/** `app.add_exception_handler(Exception, handler)`: the handler may live in another file. */
function handlerByArguments(scan: FileScan, call: SgNode, framework: Framework, name: string) {
  const [kind, handler] = positionalArgs(call);
  if (!kind || !handler) return;
  addReference(
    scan,
    handler,
    framework,
    `${name}(${shortCode(kind.text())}, ...)`,
    CATCH_ALL.test(kind.text()),
  );
}

/** `FastAPI(exception_handlers={Exception: handler})`. */
function constructorHandlers(scan: FileScan, call: SgNode, framework: Framework) {
  const handlers = keywordArgs(call).get('exception_handlers');
  if (handlers?.kind() !== 'dictionary') return;
  for (const pair of handlers.namedChildren()) {
    const key = pair.field('key');
    const value = pair.field('value');
    if (pair.kind() !== 'pair' || !key || !value) continue;
    const registration = `exception_handlers={${shortCode(key.text())}: ...}`;
    addReference(scan, value, framework, registration, CATCH_ALL.test(key.text()));
  }
}

function addReference(
  scan: FileScan,
  handler: SgNode,
  framework: Framework,
  registration: string,
  catchesAll: boolean,
) {
  const place = { file: scan.file, line: lineOf(handler), framework, registration, catchesAll };
  if (handler.kind() === 'lambda') {
    const body = handlerBody(handler, errorParameter(handler));
    scan.facts.handlers.push({ ...place, bodyKnown: true, ...body });
    return;
  }
  const name = handler.text().split('.').pop() ?? handler.text();
  scan.facts.handlerReferences.push({ ...place, name });
}

/** `@app.middleware("http")` whose body catches Exception around `call_next`. */
function catchingMiddleware(scan: FileScan, call: SgNode) {
  const definition = decoratedFunction(call);
  if (definition === null) return;
  addCatchingBlocks(scan, definition, 'middleware("http") catching Exception');
}

/** `BaseHTTPMiddleware.dispatch` that catches Exception. */
function findDispatchMiddleware(scan: FileScan) {
  if (!scan.text.includes('def dispatch')) return;
  const methods = scan.root.findAll({
    rule: { kind: 'function_definition', has: { field: 'name', regex: '^dispatch$' } },
  });
  for (const method of methods)
    addCatchingBlocks(scan, method, 'middleware dispatch catching Exception');
}

function addCatchingBlocks(scan: FileScan, definition: SgNode, registration: string) {
  const clauses = definition.findAll({ rule: { kind: 'except_clause' } });
  for (const clause of clauses) {
    const caught = catchAllName(clause);
    if (caught === null) continue;
    scan.facts.handlers.push({
      file: scan.file,
      line: lineOf(clause),
      framework: 'fastapi',
      registration,
      catchesAll: true,
      bodyKnown: true,
      ...handlerBody(clause, caught),
    });
  }
}

/** The name an `except Exception as e:` binds ('' when none), or null when it is narrower. */
function catchAllName(clause: SgNode): string | null {
  const header = clause.text().split(':')[0] ?? '';
  const match = /^except\s*(?:\(?\s*(?:Exception|BaseException)\s*\)?)?\s*(?:as\s+(\w+))?\s*$/.exec(
    header.trim(),
  );
  return match ? (match[1] ?? '') : null;
}

/** Functions shaped like `handler(request, exc)`, kept to resolve registrations by name. */
function findCandidates(scan: FileScan) {
  if (!/def \w+\([^)]*,\s*(?:exc|exception|e|err|error|ex)\b/.test(scan.text)) return;
  const definitions = scan.root.findAll({
    rule: {
      kind: 'function_definition',
      has: {
        field: 'parameters',
        regex: nativeRegex('^\\(\\s*\\w+[^,]*,\\s*(?:exc|exception|e|err|error|ex)\\b'),
      },
    },
  });
  for (const definition of definitions) {
    const name = definition.field('name')?.text();
    if (!name) continue;
    scan.facts.handlerCandidates.push({
      file: scan.file,
      line: lineOf(definition),
      name,
      ...handlerBody(definition, errorParameter(definition)),
    });
  }
}

/** The parameter that receives the error: the first with an error's name, else the second. */
function errorParameter(definition: SgNode): string {
  const names = (definition.field('parameters')?.namedChildren() ?? []).map(
    (parameter) =>
      (parameter.kind() === 'identifier' ? parameter : parameter.namedChildren()[0])?.text() ?? '',
  );
  return names.find((name) => ERROR_PARAMETER.test(name)) ?? names[1] ?? '';
}

/** Whether a handler's body logs, and where it puts the error into the response. */
export function handlerBody(body: SgNode, errorName: string): HandlerBody {
  const logs =
    body.find({ rule: { kind: 'call', has: { field: 'function', regex: PY_LOG_CALL } } }) !== null;
  const echo = findEcho(body, errorName);
  return echo === undefined ? { logs } : { logs, echoLine: echo };
}

function findEcho(body: SgNode, errorName: string): number | undefined {
  const responses = body.findAll({
    rule: {
      any: [
        { kind: 'return_statement' },
        {
          kind: 'call',
          has: { field: 'function', regex: '(?:Response|jsonify|make_response|abort)$' },
        },
      ],
    },
  });
  const leak = errorLeak(errorName);
  const echo = responses.find((response) => leak.test(response.text()));
  return echo ? lineOf(echo) : undefined;
}
