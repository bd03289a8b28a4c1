import type { SgNode } from '@ast-grep/napi';
import { kindOf, lineOf } from '../syntax.js';
import type { OptionValue } from '../types.js';

export const JS_FUNCTIONS: ReadonlySet<string> = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
]);

/** The arguments of a call or `new`, without a tagged template's text. */
export function argumentsOf(call: SgNode): SgNode[] {
  const list = call.field('arguments');
  if (list === null || list.kind() !== 'arguments') return [];
  return list.namedChildren().filter((arg) => arg.kind() !== 'comment');
}

/** The text of a plain string or a template without substitutions, or undefined. */
export function stringValue(node: SgNode): string | undefined {
  const kind = node.kind();
  if (kind !== 'string' && kind !== 'template_string') return undefined;
  const children = node.namedChildren();
  if (children.some((child) => child.kind() === 'template_substitution')) return undefined;
  return children
    .filter((child) => child.kind() === 'string_fragment' || child.kind() === 'escape_sequence')
    .map((child) => child.text())
    .join('');
}

/** The key of an object property as a name: `max`, `'max'`, `"pool-size"`. */
export function propertyName(key: SgNode): string | undefined {
  if (key.kind() === 'property_identifier' || key.kind() === 'identifier') return key.text();
  return stringValue(key);
}

/** The properties of an object literal, shorthand ones with their own identifier as value. */
export function objectEntries(node: SgNode): Array<[string, SgNode]> {
  if (node.kind() !== 'object') return [];
  const entries: Array<[string, SgNode]> = [];
  for (const property of node.namedChildren()) {
    if (property.kind() === 'shorthand_property_identifier') {
      entries.push([property.text(), property]);
      continue;
    }
    const key = property.field('key');
    const value = property.field('value');
    const name = key ? propertyName(key) : undefined;
    if (property.kind() === 'pair' && name !== undefined && value) entries.push([name, value]);
  }
  return entries;
}

/** Every property of the object arguments, nested ones too, by lower-case name. */
export function flattenOptions(call: SgNode): Map<string, SgNode> {
  const found = new Map<string, SgNode>();
  const pending: Array<[string, SgNode]> = argumentsOf(call).flatMap(objectEntries);
  for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
    const [name, value] = item;
    if (found.size > 200) break;
    if (!found.has(name.toLowerCase())) found.set(name.toLowerCase(), value);
    pending.push(...objectEntries(value));
  }
  return found;
}

export function optionValue(node: SgNode): OptionValue {
  const line = lineOf(node);
  const kind = kindOf(node);
  if (kind === 'true' || kind === 'false') return { line, kind };
  if (kind === 'null' || kind === 'undefined') return { line, kind: 'none' };
  if (kind === 'number') return { line, kind: 'number', value: node.text() };
  const text = stringValue(node);
  if (text !== undefined) return { line, kind: 'string', value: text };
  return { line, kind: 'expression' };
}

/** `process.env.DATABASE_URL`, `process.env['X']`, `config.get('X')`, `env.X`. */
export function envKeyOf(node: SgNode): string | undefined {
  const text = node.text().replace(/\s+/g, '');
  const match =
    /process\.env(?:\.([A-Za-z_]\w*)|\[['"`]([A-Za-z_]\w*)['"`]\])/.exec(text) ??
    /(?:configService|config|env)\.get(?:<[^>]*>)?\(['"`]([A-Za-z_]\w*)['"`]/.exec(text);
  return match?.slice(1).find((group) => group !== undefined);
}
