import type { SgNode } from '@ast-grep/napi';
import { distinctNames } from './syntax.js';
import type { StringBuilding } from './types.js';

/** What a string expression is: a constant, text built from values, or something else. */
export type Piece =
  | { kind: 'static'; text: string }
  | {
      kind: 'built';
      building: StringBuilding;
      names: string[];
      /** The constant parts, to tell SQL from other text. */
      text: string;
      via?: { variable: string; line: number };
    }
  | { kind: 'other' };

export const OTHER: Piece = { kind: 'other' };

/** Variables followed back per call at most: a generated chain of 20 000 terms stays linear. */
const MAX_LOOKUPS = 50;

/** Where variables of one call are looked up, with answers kept and a limit on lookups. */
export interface Lookup {
  scope: () => SgNode;
  known: Map<string, Piece>;
  left: number;
}

export function newLookup(scope: () => SgNode): Lookup {
  return { scope, known: new Map(), left: MAX_LOOKUPS };
}

/** A variable's piece, remembered; past the limit an unknown variable counts as a value. */
export function lookUp(lookup: Lookup, name: string, before: number, resolve: () => Piece): Piece {
  const key = `${name}@${before}`;
  const known = lookup.known.get(key);
  if (known) return known;
  if (lookup.left <= 0) return OTHER;
  lookup.left -= 1;
  const piece = resolve();
  lookup.known.set(key, piece);
  return piece;
}

/** Joins the operands of a concatenation: built when strings meet values. */
export function joinPieces(operands: SgNode[], read: (operand: SgNode) => Piece): Piece {
  const names: string[] = [];
  let text = '';
  let strings = 0;
  let values = 0;
  for (const operand of operands) {
    const piece = read(operand);
    if (piece.kind !== 'other') {
      strings += 1;
      text += piece.text;
    }
    if (piece.kind === 'built') names.push(...piece.names);
    if (piece.kind === 'other') names.push(operand.text());
    if (piece.kind !== 'static') values += 1;
  }
  if (strings === 0) return OTHER;
  if (values === 0) return { kind: 'static', text };
  return { kind: 'built', building: 'concatenation', names: distinctNames(names), text };
}

/**
 * The operands of a chain of binary `+`, left to right, without recursion: a generated file
 * can hold a chain thousands of terms long.
 */
export function plusOperands(node: SgNode, isPlus: (node: SgNode) => boolean): SgNode[] {
  const operands: SgNode[] = [];
  const pending: SgNode[] = [node];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (!isPlus(item)) {
      operands.push(item);
      continue;
    }
    const right = item.field('right');
    const left = item.field('left');
    if (right) pending.push(right);
    if (left) pending.push(left);
  }
  return operands;
}

/**
 * What a variable holds at its use, from its assignments before it in order: built when any
 * of them built it (knowingly lenient: a later plain assignment does not clear it). Appends
 * (`+=`) keep the text before them, so that `q = "SELECT ..."; q += f"{x}"` reads as SQL.
 */
export function latestPiece(
  assignments: Array<{ line: number; piece: Piece; appends: boolean }>,
  variable: string,
): Piece {
  let last: Piece = OTHER;
  let text = '';
  for (const { line, piece, appends } of assignments) {
    const pieceText = piece.kind === 'other' ? '' : piece.text;
    text = appends ? text + pieceText : pieceText;
    if (piece.kind === 'built') {
      return { ...piece, text, via: piece.via ?? { variable, line } };
    }
    if (!appends || last.kind === 'other') last = piece;
  }
  return last.kind === 'other' ? last : { ...last, text };
}
