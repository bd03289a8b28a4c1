/**
 * A tiny SQL evaluator for the careless test application: enough of Postgres's grammar for
 * `SELECT ... FROM items WHERE <condition>` built by string concatenation to behave as a real
 * database would under the classic payloads (tautologies answer every row, a stray quote is a
 * syntax error, pg_sleep sleeps, UNION needs matching columns, comments cut the rest).
 */

export interface Row {
  id: number;
  name: string;
}

type Token =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'word'; value: string }
  | { type: 'symbol'; value: string };

/** The error a Postgres driver raises, with the message psycopg and node-postgres show. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

function syntaxError(near: string): DatabaseError {
  return new DatabaseError(`syntax error at or near "${near}"`);
}

function readString(sql: string, start: number): [string, number] {
  let value = '';
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === "'" && sql[index + 1] === "'") {
      value += "'";
      index += 2;
    } else if (sql[index] === "'") {
      return [value, index + 1];
    } else {
      value += sql[index];
      index += 1;
    }
  }
  throw new DatabaseError(
    `unterminated quoted string at or near "${sql.slice(start, start + 20)}"`,
  );
}

function skipComment(sql: string, index: number): number | undefined {
  if (sql.startsWith('--', index)) {
    const end = sql.indexOf('\n', index);
    return end === -1 ? sql.length : end;
  }
  if (sql.startsWith('/*', index)) {
    const end = sql.indexOf('*/', index + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return undefined;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < sql.length) {
    const char = sql[index]!;
    const afterComment = skipComment(sql, index);
    if (afterComment !== undefined) {
      index = afterComment;
    } else if (/\s/.test(char)) {
      index += 1;
    } else if (char === "'") {
      const [value, next] = readString(sql, index);
      tokens.push({ type: 'string', value });
      index = next;
    } else if (/\d/.test(char)) {
      const digits = /^\d+/.exec(sql.slice(index))![0];
      tokens.push({ type: 'number', value: Number(digits) });
      index += digits.length;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^\w+/.exec(sql.slice(index))![0];
      tokens.push({ type: 'word', value: word.toUpperCase() });
      index += word.length;
    } else {
      const symbol = sql.startsWith('||', index) ? '||' : char;
      tokens.push({ type: 'symbol', value: symbol });
      index += symbol.length;
    }
  }
  return tokens;
}

type Value = string | number | boolean | null;

/** A recursive-descent reader of one WHERE condition, evaluated for one row. */
class Condition {
  index = 0;
  sleptSeconds = 0;

  constructor(
    readonly tokens: Token[],
    readonly row: Row,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  isWord(value: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.value === value;
  }

  isSymbol(value: string): boolean {
    const token = this.peek();
    return token?.type === 'symbol' && token.value === value;
  }

  expect(type: Token['type'], value?: string | number): Token {
    const token = this.peek();
    if (!token || token.type !== type || (value !== undefined && token.value !== value)) {
      throw syntaxError(token ? String(token.value) : 'end of input');
    }
    this.index += 1;
    return token;
  }

  or(): Value {
    let value = this.and();
    while (this.isWord('OR')) {
      this.index += 1;
      const right = this.and();
      value = Boolean(value) || Boolean(right);
    }
    return value;
  }

  and(): Value {
    let value = this.compare();
    while (this.isWord('AND')) {
      this.index += 1;
      const right = this.compare();
      value = Boolean(value) && Boolean(right);
    }
    return value;
  }

  compare(): Value {
    const left = this.concat();
    if (!this.isSymbol('=')) return left;
    this.index += 1;
    return String(left) === String(this.concat());
  }

  concat(): Value {
    let value = this.primary();
    while (this.isSymbol('||')) {
      this.index += 1;
      value = `${value ?? ''}${this.primary() ?? ''}`;
    }
    return value;
  }

  primary(): Value {
    const token = this.peek();
    if (!token) throw syntaxError('end of input');
    if (token.type === 'string' || token.type === 'number') {
      this.index += 1;
      return token.value;
    }
    if (token.type === 'word' && (token.value === 'NAME' || token.value === 'ID')) {
      this.index += 1;
      return token.value === 'NAME' ? this.row.name : this.row.id;
    }
    if (token.type === 'word' && token.value === 'NULL') {
      this.index += 1;
      return null;
    }
    if (this.isSymbol('(')) return this.subquery();
    throw syntaxError(String(token.value));
  }

  /** `(SELECT <value> FROM pg_sleep(<seconds>))`, the only subquery the payloads use. */
  subquery(): Value {
    this.expect('symbol', '(');
    this.expect('word', 'SELECT');
    const value = this.primary();
    this.expect('word', 'FROM');
    this.expect('word', 'PG_SLEEP');
    this.expect('symbol', '(');
    this.sleptSeconds = Math.max(this.sleptSeconds, Number(this.expect('number').value));
    this.expect('symbol', ')');
    this.expect('symbol', ')');
    return value;
  }
}

export interface QueryResult {
  rows: Row[];
  /** What pg_sleep asked for, once per query as Postgres evaluates an uncorrelated subquery. */
  sleepSeconds: number;
}

function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.type === 'symbol' && token.value === ';') statements.push([]);
    else statements.at(-1)!.push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}

/** The condition's tokens: after WHERE, up to UNION; UNION must select as many columns (two). */
function whereClause(statement: Token[]): Token[] {
  const where = statement.findIndex((token) => token.type === 'word' && token.value === 'WHERE');
  const union = statement.findIndex((token) => token.type === 'word' && token.value === 'UNION');
  if (union !== -1) {
    const columns = statement
      .slice(union + 2)
      .filter((t) => t.type === 'symbol' && t.value === ',');
    if (columns.length !== 1) {
      throw new DatabaseError('each UNION query must have the same number of columns');
    }
  }
  return statement.slice(where + 1, union === -1 ? undefined : union);
}

/** Runs `SELECT ... FROM items WHERE ...` over the rows; later statements may only sleep. */
export function runQuery(sql: string, rows: readonly Row[]): QueryResult {
  const [first = [], ...rest] = splitStatements(tokenize(sql));
  const condition = whereClause(first);
  let sleepSeconds = 0;
  const matched = rows.filter((row) => {
    const reader = new Condition(condition, row);
    const value = reader.or();
    if (reader.index !== condition.length)
      throw syntaxError(String(condition[reader.index]!.value));
    sleepSeconds = Math.max(sleepSeconds, reader.sleptSeconds);
    return Boolean(value);
  });
  for (const statement of rest) {
    const sleep = statement.findIndex(
      (token) => token.type === 'word' && token.value === 'PG_SLEEP',
    );
    const seconds = statement[sleep + 2];
    if (sleep !== -1 && seconds?.type === 'number') sleepSeconds += seconds.value;
  }
  return { rows: matched, sleepSeconds };
}
