import { type LexError, type Statement, StatementReader } from './lexer.js';
import type { NginxDirective, NginxFile } from './types.js';

/** Deeper nesting than any real configuration; it keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 64;

/**
 * Parses one nginx file into directives with their file and line. A syntax error is recorded
 * with its line, where nginx would report it, and reading goes on with the rest of the file.
 * `include` is kept as a directive here; see load.ts for following it.
 */
export function parseNginx(text: string, file: string): NginxFile {
  const errors: LexError[] = [];
  const reader = new StatementReader(text, errors);
  const directives = parseBlock(reader, file, 0);
  return {
    path: file,
    directives,
    errors: errors.map((error) => ({ file, line: error.line, message: error.message })),
  };
}

function parseBlock(reader: StatementReader, file: string, depth: number): NginxDirective[] {
  const directives: NginxDirective[] = [];
  for (;;) {
    const statement = reader.read();
    if (statement.kind === 'eof') {
      if (depth > 0) reader.error('unexpected end of file, expecting "}"');
      return directives;
    }
    if (statement.kind === 'close') {
      if (depth > 0) return directives;
      reader.error('unexpected "}"');
      continue;
    }

    const directive = toDirective(statement, file);
    if (statement.kind === 'block') readBlock(reader, file, depth, directive);
    if (directive) directives.push(directive);
  }
}

function readBlock(
  reader: StatementReader,
  file: string,
  depth: number,
  directive: NginxDirective | undefined,
): void {
  if (directive && isLuaBlock(directive.name)) {
    directive.block = [];
    directive.raw = reader.readLuaBlock();
    return;
  }
  if (depth + 1 >= MAX_DEPTH) {
    reader.error(`blocks nested more than ${MAX_DEPTH} deep`);
    skipBlock(reader);
    if (directive) directive.block = [];
    return;
  }
  const block = parseBlock(reader, file, depth + 1);
  if (directive) directive.block = block;
}

function skipBlock(reader: StatementReader): void {
  let open = 1;
  while (open > 0) {
    const { kind } = reader.read();
    if (kind === 'eof') return;
    if (kind === 'block') open += 1;
    if (kind === 'close') open -= 1;
  }
}

/** OpenResty hands these blocks' text to Lua; nginx's own tokenizer never reads it. */
function isLuaBlock(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

function toDirective(statement: Statement, file: string): NginxDirective | undefined {
  const [first, ...rest] = statement.tokens;
  if (!first) return undefined;
  return {
    name: first.value,
    args: rest.map((token) => token.value),
    file,
    line: first.line,
    span: { start: first.span.start, end: statement.end },
    argSpans: rest.map((token) => token.span),
  };
}
