import type { SgNode } from '@ast-grep/napi';
import {
  joinPieces,
  type Lookup,
  latestPiece,
  lookUp,
  newLookup,
  OTHER,
  type Piece,
  plusOperands,
} from '../pieces.js';
import type { FileScan } from '../scan.js';
import {
  calleeOf,
  distinctNames,
  exactName,
  kindOf,
  lastSegment,
  lazy,
  lineOf,
  looksLikeSql,
  scopeOf,
  shortCode,
} from '../syntax.js';
import { argumentsOf, JS_FUNCTIONS, stringValue } from './values.js';

/** Calls that exist to run unescaped SQL: whatever they are given is a finding when built. */
const SQL_RUNNERS = /^(?:\$queryRawUnsafe|\$executeRawUnsafe|unsafe|\w+Raw)$/;
/** Calls that run SQL among other things: their text must look like SQL. */
const SQL_MAYBE =
  /(?:^|\.)(?:query|raw|execute|prepare|exec)$|(?:^|\.)(?:db|database|sqlite|conn|connection|client|pool|trx|tx)\.(?:run|all|get)$/;
export const JS_SQL_CALLEES = new RegExp(`${SQL_RUNNERS.source.slice(1, -1)}$|${SQL_MAYBE.source}`);

const MAX_DEPTH = 3;
const UNWRAPPED = new Set([
  'parenthesized_expression',
  'as_expression',
  'non_null_expression',
  'satisfies_expression',
  'await_expression',
]);

export function findJsRawSql(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    if (call.kind() !== 'call_expression') continue;
    const callee = calleeOf(call);
    const name = lastSegment(callee);
    const strict = SQL_RUNNERS.test(name);
    if (!strict && !SQL_MAYBE.test(callee)) continue;
    // A tagged template (sql`...`, prisma.$queryRaw`...`) binds its values as parameters.
    const argument = argumentsOf(call)[0];
    if (argument === undefined) continue;

    const piece = classify(
      argument,
      newLookup(lazy(() => scopeOf(call, JS_FUNCTIONS))),
      0,
      lineOf(call),
    );
    if (piece.kind !== 'built' || (!strict && !looksLikeSql(piece.text))) continue;
    scan.facts.rawSql.push({
      file: scan.file,
      line: lineOf(call),
      call: shortCode(callee),
      building: piece.building,
      names: piece.names,
      ...(piece.via ? { via: piece.via } : {}),
    });
  }
}

function classify(node: SgNode, lookup: Lookup, depth: number, before: number): Piece {
  const kind = kindOf(node);
  if (UNWRAPPED.has(kind)) {
    const inner = node.namedChildren()[0];
    return inner ? classify(inner, lookup, depth, before) : OTHER;
  }
  if (kind === 'string' || kind === 'template_string') return classifyString(node);
  if (kind === 'binary_expression' && isPlus(node)) {
    const operands = plusOperands(node, isPlus);
    return joinPieces(operands, (operand) => classify(operand, lookup, depth, before));
  }
  if (kind === 'identifier' && depth < MAX_DEPTH) {
    return variablePiece(node.text(), lookup, depth + 1, before);
  }
  return OTHER;
}

function isPlus(node: SgNode): boolean {
  return node.kind() === 'binary_expression' && node.field('operator')?.text() === '+';
}

function classifyString(node: SgNode): Piece {
  const text = stringValue(node);
  if (text !== undefined) return { kind: 'static', text };
  const children = node.namedChildren();
  const names = children
    .filter((child) => child.kind() === 'template_substitution')
    .map((child) => child.namedChildren()[0]?.text() ?? '');
  const fragments = children.filter((child) => child.kind() === 'string_fragment');
  const constant = fragments.map((child) => child.text()).join('');
  return {
    kind: 'built',
    building: 'template literal',
    names: distinctNames(names),
    text: constant,
  };
}

function variablePiece(name: string, lookup: Lookup, depth: number, before: number): Piece {
  return lookUp(lookup, name, before, () => resolveVariable(name, lookup, depth, before));
}

/** What a variable holds at a line: `const q = ...`, `q = ...`, `q += ...` before it. */
function resolveVariable(name: string, lookup: Lookup, depth: number, before: number): Piece {
  const pattern = exactName(name);
  const writes = lookup
    .scope()
    .findAll({
      rule: {
        any: [
          { kind: 'variable_declarator', has: { field: 'name', regex: pattern } },
          { kind: 'assignment_expression', has: { field: 'left', regex: pattern } },
          { kind: 'augmented_assignment_expression', has: { field: 'left', regex: pattern } },
        ],
      },
    })
    .filter(
      (write) =>
        lineOf(write) < before ||
        (lineOf(write) === before && write.kind() === 'variable_declarator'),
    );

  const pieces = writes.map((write) => {
    const value = write.field('value') ?? write.field('right');
    const appends = write.kind() === 'augmented_assignment_expression';
    let piece = value ? classify(value, lookup, depth, lineOf(write)) : OTHER;
    if (appends && piece.kind === 'other' && value) {
      piece = {
        kind: 'built',
        building: 'concatenation',
        names: [shortCode(value.text())],
        text: '',
      };
    }
    return { line: lineOf(write), piece, appends };
  });
  return latestPiece(pieces, name);
}
