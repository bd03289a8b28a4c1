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
  lastSegment,
  lazy,
  lineOf,
  looksLikeSql,
  scopeOf,
  shortCode,
} from '../syntax.js';
import {
  interpolations,
  keywordArgs,
  PY_FUNCTIONS,
  positionalArgs,
  stringValue,
} from './values.js';

/** Calls that run their argument as SQL whatever it looks like. */
const SQL_RUNNERS = new Set([
  'execute',
  'executemany',
  'executescript',
  'exec_driver_sql',
  'mogrify',
]);
/** Calls that take SQL among other things: their argument must look like SQL. */
const SQL_MAYBE = new Set([
  'text',
  'raw',
  'read_sql',
  'read_sql_query',
  'fetch',
  'fetchrow',
  'fetchval',
]);

/** Variables followed back through at most this many assignments. */
const MAX_DEPTH = 3;

export function findPythonRawSql(scan: FileScan, calls: SgNode[]): void {
  for (const call of calls) {
    const callee = calleeOf(call);
    const name = lastSegment(callee);
    const strict = SQL_RUNNERS.has(name);
    if (!strict && !SQL_MAYBE.has(name)) continue;
    const argument = positionalArgs(call)[0] ?? sqlKeyword(call);
    if (argument === undefined) continue;

    const piece = classify(
      argument,
      newLookup(lazy(() => scopeOf(call, PY_FUNCTIONS))),
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

function sqlKeyword(call: SgNode): SgNode | undefined {
  const keywords = keywordArgs(call);
  return keywords.get('sql') ?? keywords.get('statement') ?? keywords.get('query');
}

/** What a string expression is: a constant, text built from values, or something else. */
export function classify(node: SgNode, lookup: Lookup, depth: number, before: number): Piece {
  switch (node.kind()) {
    case 'string':
    case 'concatenated_string':
      return classifyString(node);
    case 'parenthesized_expression': {
      const inner = node.namedChildren()[0];
      return inner ? classify(inner, lookup, depth, before) : OTHER;
    }
    case 'binary_operator':
      return classifyOperator(node, lookup, depth, before);
    case 'call':
      return classifyFormat(node, lookup, depth, before);
    case 'identifier':
      return depth < MAX_DEPTH ? variablePiece(node.text(), lookup, depth + 1, before) : OTHER;
    default:
      return OTHER;
  }
}

function classifyString(node: SgNode): Piece {
  const text = stringValue(node);
  if (text !== undefined) return { kind: 'static', text };
  const strings = node.kind() === 'string' ? [node] : node.namedChildren();
  const names = strings.flatMap((part) => interpolations(part).map((value) => value.text()));
  const fragments = node.findAll({ rule: { kind: 'string_content' } }).map((part) => part.text());
  if (names.length === 0) return { kind: 'static', text: fragments.join('') };
  return {
    kind: 'built',
    building: 'f-string',
    names: distinctNames(names),
    text: fragments.join(''),
  };
}

function classifyOperator(node: SgNode, lookup: Lookup, depth: number, before: number): Piece {
  const operator = node.field('operator')?.text();
  if (operator === '%') {
    const left = node.field('left');
    const right = node.field('right');
    const format = left ? classify(left, lookup, depth, before) : OTHER;
    if (format.kind === 'other' || !right) return OTHER;
    return {
      kind: 'built',
      building: '%-formatting',
      names: distinctNames(operandNames(right)),
      text: format.text,
    };
  }
  if (operator !== '+') return OTHER;
  const operands = plusOperands(node, isPlus);
  return joinPieces(operands, (operand) => classify(operand, lookup, depth, before));
}

function isPlus(node: SgNode): boolean {
  return node.kind() === 'binary_operator' && node.field('operator')?.text() === '+';
}

function classifyFormat(node: SgNode, lookup: Lookup, depth: number, before: number): Piece {
  const callee = node.field('function');
  if (callee?.kind() !== 'attribute' || callee.field('attribute')?.text() !== 'format')
    return OTHER;
  const object = callee.field('object');
  const format = object ? classify(object, lookup, depth, before) : OTHER;
  if (format.kind === 'other') return OTHER;
  const args = node.field('arguments')?.namedChildren() ?? [];
  const names = args.map((arg) => (arg.field('value') ?? arg).text());
  if (names.length === 0) return format;
  return { kind: 'built', building: '.format()', names: distinctNames(names), text: format.text };
}

/** The values a `%` operand puts in: the items of a tuple or dict, or the value itself. */
function operandNames(node: SgNode): string[] {
  if (node.kind() === 'tuple') return node.namedChildren().map((item) => item.text());
  if (node.kind() === 'dictionary') {
    return node.namedChildren().map((pair) => (pair.field('value') ?? pair).text());
  }
  return [node.text()];
}

function variablePiece(name: string, lookup: Lookup, depth: number, before: number): Piece {
  return lookUp(lookup, name, before, () => resolveVariable(name, lookup, depth, before));
}

/** What a variable holds at a line: built if any assignment before the line built it. */
function resolveVariable(name: string, lookup: Lookup, depth: number, before: number): Piece {
  const assignments = lookup
    .scope()
    .findAll({
      rule: {
        any: [{ kind: 'assignment' }, { kind: 'augmented_assignment' }],
        has: { field: 'left', regex: exactName(name) },
      },
    })
    .filter((assignment) => lineOf(assignment) < before);
  if (assignments.length === 0) return OTHER;

  const pieces = assignments.map((assignment) => {
    const value = assignment.field('right');
    const appends = assignment.kind() === 'augmented_assignment';
    let piece = value ? classify(value, lookup, depth, lineOf(assignment)) : OTHER;
    if (appends && piece.kind === 'other' && value) {
      piece = {
        kind: 'built',
        building: 'concatenation',
        names: [shortCode(value.text())],
        text: '',
      };
    }
    return { line: lineOf(assignment), piece, appends };
  });
  return latestPiece(pieces, name);
}
