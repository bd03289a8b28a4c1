import type { SgNode } from '@ast-grep/napi';
import {
  AMOUNT_KEYS,
  PASSTHROUGH_CALLS,
  PAYMENT_CALLEE,
  REQUEST_NAMES,
  strongest,
} from '../payment.js';
import type { FileScan } from '../scan.js';
import { calleeOf, enclosing, exactName, lastSegment, lineOf, shortCode } from '../syntax.js';
import type { AmountSource, PaymentCall } from '../types.js';
import { stringValue } from './values.js';

const FUNCTIONS = new Set(['function_definition']);
const ROUTE_DECORATOR = /\.(?:post|put|patch|get|delete|route|api_route)\(/;
const MAX_DEPTH = 3;

export function findPythonPayments(scan: FileScan, calls: SgNode[]): void {
  if (!/stripe|braintree|paypal/i.test(scan.text)) return;
  for (const call of calls) {
    const callee = calleeOf(call);
    if (PAYMENT_CALLEE.test(callee)) scan.facts.payments.push(readPayment(scan, call, callee));
  }
}

function readPayment(scan: FileScan, call: SgNode, callee: string): PaymentCall {
  const handler = enclosing(call, FUNCTIONS);
  const reader = new AmountReader(handler);
  const amounts = amountNodes(call).map(([key, value]) => ({
    line: lineOf(value),
    key,
    source: reader.source(value, 0),
    expression: shortCode(value.text()),
  }));
  const catalogPrice = call.find({
    rule: { kind: 'pair', has: { field: 'key', regex: '^["\']price["\']$' } },
  });
  return {
    file: scan.file,
    line: lineOf(call),
    call: shortCode(callee),
    amounts,
    catalogPrice: catalogPrice !== null,
  };
}

/** `amount=...` keywords and `"amount": ...` pairs anywhere in the call's arguments. */
function amountNodes(call: SgNode): Array<[string, SgNode]> {
  const found: Array<[string, SgNode]> = [];
  const nodes = call.findAll({ rule: { any: [{ kind: 'keyword_argument' }, { kind: 'pair' }] } });
  for (const node of nodes) {
    const keyNode = node.field('name') ?? node.field('key');
    const key = keyNode ? (stringValue(keyNode) ?? keyNode.text()) : '';
    const value = node.field('value');
    if (AMOUNT_KEYS.test(key) && value) found.push([key, value]);
  }
  return found;
}

/** Follows an amount back to the request, a computation or a constant, within its function. */
class AmountReader {
  readonly #handler: SgNode | null;
  readonly #requestParameters: Set<string>;

  constructor(handler: SgNode | null) {
    this.#handler = handler;
    this.#requestParameters = handler && isRoute(handler) ? requestParameters(handler) : new Set();
  }

  source(node: SgNode, depth: number): AmountSource {
    const kind = node.kind();
    if (kind === 'integer' || kind === 'float' || kind === 'string') return 'constant';
    if (kind === 'identifier') return this.#nameSource(node.text(), lineOf(node), depth);
    if (kind === 'attribute' || kind === 'subscript') {
      const object = node.field('object') ?? node.field('value');
      return object ? this.source(object, depth) : 'unknown';
    }
    if (kind === 'call') return this.#callSource(node, depth);
    if (kind === 'conditional_expression') {
      const [body, , alternative] = node.namedChildren();
      return strongest(
        [body, alternative].filter((n) => n !== undefined).map((n) => this.source(n, depth)),
      );
    }
    const parts = node.namedChildren();
    if (parts.length === 0) return 'unknown';
    return strongest(parts.map((part) => this.source(part, depth)));
  }

  #callSource(node: SgNode, depth: number): AmountSource {
    const callee = node.field('function');
    const name = callee ? lastSegment(callee.text()) : '';
    if (!PASSTHROUGH_CALLS.test(name)) return 'computed';
    const object = callee?.kind() === 'attribute' ? callee.field('object') : null;
    const args = node.field('arguments')?.namedChildren() ?? [];
    const parts = object ? [object] : args;
    return strongest(parts.map((part) => this.source(part, depth)));
  }

  #nameSource(name: string, line: number, depth: number): AmountSource {
    if (REQUEST_NAMES.test(name) || this.#requestParameters.has(name)) return 'request';
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) return 'constant';
    if (this.#handler === null || depth >= MAX_DEPTH) return 'unknown';
    const assignments = this.#handler
      .findAll({ rule: { kind: 'assignment', has: { field: 'left', regex: exactName(name) } } })
      .filter((assignment) => lineOf(assignment) <= line);
    const values = assignments
      .map((assignment) => assignment.field('right'))
      .filter((v) => v !== null);
    if (values.length === 0) return 'unknown';
    return strongest(values.map((value) => this.source(value, depth + 1)));
  }
}

function isRoute(definition: SgNode): boolean {
  const decorated = definition.parent();
  return (
    decorated?.kind() === 'decorated_definition' &&
    ROUTE_DECORATOR.test(decorated.text().split('def ')[0] ?? '')
  );
}

/** A route's parameters come from the request, except those FastAPI injects. */
function requestParameters(definition: SgNode): Set<string> {
  const names = new Set<string>();
  for (const parameter of definition.field('parameters')?.namedChildren() ?? []) {
    if (/Depends\(|Security\(/.test(parameter.text())) continue;
    const name =
      parameter.kind() === 'identifier' ? parameter.text() : parameter.namedChildren()[0]?.text();
    if (name && !/^(?:self|cls|db|session)$/.test(name)) names.add(name);
  }
  return names;
}
