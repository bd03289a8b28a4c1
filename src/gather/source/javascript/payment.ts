import type { SgNode } from '@ast-grep/napi';
import {
  AMOUNT_KEYS,
  PASSTHROUGH_CALLS,
  PAYMENT_CALLEE,
  REQUEST_NAMES,
  strongest,
} from '../payment.js';
import type { FileScan } from '../scan.js';
import {
  calleeOf,
  enclosing,
  exactName,
  kindOf,
  lastSegment,
  lineOf,
  nativeRegex,
  shortCode,
} from '../syntax.js';
import type { AmountSource, PaymentCall } from '../types.js';
import { argumentsOf, JS_FUNCTIONS, propertyName, stringValue } from './values.js';

export const JS_CLIENT_CALLEES = /(?:^|\.)(?:fetch|\$fetch|post|put|patch|request)$/;
const PAYMENT_PATH = /pay|checkout|charge|stripe|intent|order|purchase|billing|subscri/i;
const CLIENT_AMOUNT_KEYS =
  /^(?:amount|total|totalAmount|total_amount|price|totalPrice|total_price|unit_amount|amount_cents|amountCents|sum)$/;
const MAX_DEPTH = 3;

export function findJsPayments(scan: FileScan, calls: SgNode[]): void {
  const server = /stripe|braintree|paypal/i.test(scan.text);
  for (const call of calls) {
    const callee = calleeOf(call);
    if (server && PAYMENT_CALLEE.test(callee))
      scan.facts.payments.push(readPayment(scan, call, callee));
    else if (JS_CLIENT_CALLEES.test(callee)) clientAmount(scan, call, callee);
  }
}

function readPayment(scan: FileScan, call: SgNode, callee: string): PaymentCall {
  const reader = new AmountReader(enclosing(call, JS_FUNCTIONS));
  const amounts = properties(call)
    .filter(([key]) => AMOUNT_KEYS.test(key))
    .map(([key, value]) => ({
      line: lineOf(value),
      key,
      source: reader.source(value, 0),
      expression: shortCode(value.text()),
    }));
  const catalogPrice = properties(call).some(([key]) => key === 'price');
  return { file: scan.file, line: lineOf(call), call: shortCode(callee), amounts, catalogPrice };
}

/** Every property of the objects in a call, nested ones too, shorthand ones as themselves. */
function properties(call: SgNode): Array<[string, SgNode]> {
  const found: Array<[string, SgNode]> = [];
  const nodes = call.findAll({
    rule: { any: [{ kind: 'pair' }, { kind: 'shorthand_property_identifier' }] },
  });
  for (const node of nodes) {
    if (node.kind() === 'shorthand_property_identifier') {
      found.push([node.text(), node]);
      continue;
    }
    const key = node.field('key');
    const value = node.field('value');
    const name = key ? propertyName(key) : undefined;
    if (name !== undefined && value) found.push([name, value]);
  }
  return found;
}

/** `fetch('/api/checkout', { body: JSON.stringify({ amount: total }) })` and the like. */
function clientAmount(scan: FileScan, call: SgNode, callee: string) {
  const [target, ...rest] = argumentsOf(call);
  // A function among the arguments makes it a route of the server, not a request to one.
  if (!target || rest.some((arg) => JS_FUNCTIONS.has(kindOf(arg)))) return;
  const endpoint = stringValue(target) ?? target.text();
  if (!PAYMENT_PATH.test(endpoint) || /^['"`]?https?:\/\/(?!localhost)/.test(endpoint)) return;
  const amount = properties(call).find(([key]) => CLIENT_AMOUNT_KEYS.test(key));
  if (!amount) return;
  scan.facts.clientAmounts.push({
    file: scan.file,
    line: lineOf(amount[1]),
    call: shortCode(callee),
    endpoint: shortCode(withoutQuery(endpoint), 60),
    key: amount[0],
  });
}

/** A path as shown: a query string or fragment may carry a token, so only that one is there. */
function withoutQuery(endpoint: string): string {
  const cut = endpoint.search(/[?#]/);
  return cut === -1 ? endpoint : `${endpoint.slice(0, cut)}${endpoint[cut]}…`;
}

/** Follows an amount back to the request, a computation or a constant, within its function. */
class AmountReader {
  readonly #handler: SgNode | null;
  readonly #requestParameters: Set<string>;

  constructor(handler: SgNode | null) {
    this.#handler = handler;
    this.#requestParameters = handler ? requestParameters(handler) : new Set();
  }

  source(node: SgNode, depth: number): AmountSource {
    const kind = node.kind();
    if (kind === 'number' || kind === 'string') return 'constant';
    if (kind === 'identifier' || kind === 'shorthand_property_identifier') {
      return this.#nameSource(node.text(), lineOf(node), depth);
    }
    if (kind === 'member_expression' || kind === 'subscript_expression') {
      const object = node.field('object');
      return object ? this.source(object, depth) : 'unknown';
    }
    if (kind === 'call_expression') return this.#callSource(node, depth);
    const parts = node.namedChildren().filter((part) => part.kind() !== 'comment');
    if (parts.length === 0) return 'unknown';
    return strongest(parts.map((part) => this.source(part, depth)));
  }

  #callSource(node: SgNode, depth: number): AmountSource {
    const callee = node.field('function');
    const name = callee ? lastSegment(callee.text()) : '';
    if (!PASSTHROUGH_CALLS.test(name) && !PASSTHROUGH_CALLS.test(callee?.text() ?? ''))
      return 'computed';
    const object =
      callee?.kind() === 'member_expression' && !/^Math\./.test(callee.text())
        ? callee.field('object')
        : null;
    const parts = object ? [object] : argumentsOf(node);
    return strongest(parts.map((part) => this.source(part, depth)));
  }

  #nameSource(name: string, line: number, depth: number): AmountSource {
    if (REQUEST_NAMES.test(name) || this.#requestParameters.has(name)) return 'request';
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) return 'constant';
    if (this.#handler === null || depth >= MAX_DEPTH) return 'unknown';
    const declarators = this.#handler
      .findAll({
        rule: {
          kind: 'variable_declarator',
          has: { field: 'name', regex: nativeRegex(`\\b${exactName(name).slice(1, -1)}\\b`) },
        },
      })
      .filter((declarator) => lineOf(declarator) <= line);
    const values = declarators
      .map((declarator) => declarator.field('value'))
      .filter((value) => value !== null);
    if (values.length === 0) return 'unknown';
    return strongest(values.map((value) => this.source(value, depth + 1)));
  }
}

/** NestJS parameters bound to the request: `@Body() dto`, `@Query('amount') amount`. */
function requestParameters(fn: SgNode): Set<string> {
  const names = new Set<string>();
  for (const parameter of fn.field('parameters')?.namedChildren() ?? []) {
    if (!/@(?:Body|Query|Param|Req)\(/.test(parameter.text())) continue;
    const pattern = parameter.field('pattern');
    if (pattern?.kind() === 'identifier') names.add(pattern.text());
  }
  return names;
}
