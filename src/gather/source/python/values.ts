import type { SgNode } from '@ast-grep/napi';
import { kindOf, lineOf } from '../syntax.js';
import type { OptionValue } from '../types.js';

export const PY_FUNCTIONS: ReadonlySet<string> = new Set(['function_definition', 'lambda']);

/** The positional arguments of a call. */
export function positionalArgs(call: SgNode): SgNode[] {
  const list = call.field('arguments');
  if (list === null || list.kind() !== 'argument_list') return [];
  return list
    .namedChildren()
    .filter(
      (arg) => !/^(?:keyword_argument|dictionary_splat|list_splat|comment)$/.test(kindOf(arg)),
    );
}

/** The keyword arguments of a call, by name. */
export function keywordArgs(call: SgNode): Map<string, SgNode> {
  const found = new Map<string, SgNode>();
  const list = call.field('arguments');
  for (const arg of list?.namedChildren() ?? []) {
    if (arg.kind() !== 'keyword_argument') continue;
    const name = arg.field('name')?.text();
    const value = arg.field('value');
    if (name && value) found.set(name, value);
  }
  return found;
}

export function hasSplat(call: SgNode): boolean {
  return (call.field('arguments')?.namedChildren() ?? []).some(
    (arg) => arg.kind() === 'dictionary_splat',
  );
}

/** The text of a string without interpolations, or undefined. */
export function stringValue(node: SgNode): string | undefined {
  if (node.kind() === 'concatenated_string') {
    const parts = node.namedChildren().map(stringValue);
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  if (node.kind() !== 'string') return undefined;
  const children = node.namedChildren();
  if (children.some((child) => child.kind() === 'interpolation')) return undefined;
  return children
    .filter((child) => child.kind() === 'string_content' || child.kind() === 'escape_sequence')
    .map((child) => child.text())
    .join('');
}

/** The expressions inside an f-string's braces. */
export function interpolations(node: SgNode): SgNode[] {
  return node
    .namedChildren()
    .filter((child) => child.kind() === 'interpolation')
    .map((child) => child.namedChildren()[0])
    .filter((child) => child !== undefined);
}

/** The kind of a literal value, with the value for numbers and plain strings. */
export function optionValue(node: SgNode): OptionValue {
  const line = lineOf(node);
  const kind = kindOf(node);
  if (kind === 'true' || kind === 'false' || kind === 'none') return { line, kind };
  if (kind === 'integer' || kind === 'float') return { line, kind: 'number', value: node.text() };
  const text = stringValue(node);
  if (text !== undefined) return { line, kind: 'string', value: text };
  return { line, kind: 'expression' };
}

/** A dict literal or `dict(...)` call as key and value nodes, else null. */
export function dictEntries(node: SgNode): Array<[string, SgNode]> | null {
  if (node.kind() === 'dictionary') {
    const entries: Array<[string, SgNode]> = [];
    for (const pair of node.namedChildren()) {
      const key = pair.field('key');
      const value = pair.field('value');
      const name = key ? stringValue(key) : undefined;
      if (pair.kind() === 'pair' && name !== undefined && value) entries.push([name, value]);
    }
    return entries;
  }
  if (node.kind() === 'call' && node.field('function')?.text() === 'dict') {
    return [...keywordArgs(node)];
  }
  return null;
}

/**
 * Option names of a call, lower case, with values: its keywords and every key of the dicts
 * nested in them (`connect_args={"sslmode": ...}` gives `sslmode`).
 */
export function flattenOptions(call: SgNode): Map<string, SgNode> {
  const found = new Map<string, SgNode>();
  const pending: Array<[string, SgNode]> = [...keywordArgs(call)];
  for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
    const [name, value] = item;
    if (found.size > 200) break;
    found.set(name.toLowerCase(), value);
    const nested = dictEntries(value);
    if (nested) pending.push(...nested);
  }
  return found;
}

/** The name a value is read from the environment under: `os.environ["X"]`, `settings.X` ... */
export function envKeyOf(node: SgNode): string | undefined {
  const text = node.text().replace(/\s+/g, '');
  const quoted = /(?:environ(?:\.get)?|getenv)\(?\[?["']([A-Za-z_]\w*)["']/.exec(text);
  if (quoted) return quoted[1];
  const setting =
    /^(?:str\()?(?:self\.)?(?:settings|config|conf|cfg|env)\.([A-Za-z_]\w*)\)?$/i.exec(text);
  return setting?.[1]?.toUpperCase();
}
