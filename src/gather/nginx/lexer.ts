import type { TextSpan } from './types.js';

export interface Token {
  value: string;
  line: number;
  /** As written, quotes included. */
  span: TextSpan;
}

/**
 * What one read returns, as nginx's own reader does: a directive ended by `;`, a block opened
 * by `{` (its tokens are the block directive), a `}`, or the end of the file.
 */
export interface Statement {
  kind: 'directive' | 'block' | 'close' | 'eof';
  tokens: Token[];
  /** Offset just past the `;` or `{`. */
  end: number;
}

export interface LexError {
  line: number;
  message: string;
}

const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** nginx turns these escapes into characters; any other backslash is kept (regexes need it). */
function applyEscapes(text: string): string {
  return text.replace(/\\(["'\\tnr])/g, (_match, ch: string) => {
    if (ch === 't') return '\t';
    if (ch === 'n') return '\n';
    if (ch === 'r') return '\r';
    return ch;
  });
}

interface WordState {
  lastSpace: boolean;
  needSpace: boolean;
  comment: boolean;
  escaped: boolean;
  variable: boolean;
  quote: '"' | "'" | '';
  start: number;
  startLine: number;
}

const freshState = (): WordState => ({
  lastSpace: true,
  needSpace: false,
  comment: false,
  escaped: false,
  variable: false,
  quote: '',
  start: 0,
  startLine: 1,
});

/**
 * A port of nginx's ngx_conf_read_token: the same rules for quotes, escapes, comments and
 * `${var}`, and the same errors at the same lines. Where nginx stops at an error, this reader
 * records it and recovers, so that the rest of the file is still read.
 */
export class StatementReader {
  readonly #text: string;
  readonly #errors: LexError[];
  #pos = 0;
  #line = 1;
  #endReported = false;

  constructor(text: string, errors: LexError[]) {
    this.#text = text;
    this.#errors = errors;
  }

  get line(): number {
    return this.#line;
  }

  error(message: string, line = this.#line): void {
    // nginx stops at the end of the file once: one error there, not one per open block.
    const atEnd = message.startsWith('unexpected end of file');
    if (atEnd && this.#endReported) return;
    this.#endReported ||= atEnd;
    this.#errors.push({ line, message });
  }

  read(): Statement {
    const tokens: Token[] = [];
    const state = freshState();

    for (;;) {
      if (this.#pos >= this.#text.length) return this.#endOfFile(tokens, state);
      const ch = this.#text[this.#pos++]!;
      if (ch === '\n') {
        this.#line += 1;
        state.comment = false;
      }
      if (state.comment) continue;
      if (state.escaped) {
        state.escaped = false;
        continue;
      }

      if (state.needSpace) {
        const after = this.#afterQuote(ch, tokens, state);
        if (after === 'continue') continue;
        if (after) return after;
      }
      const done = state.lastSpace
        ? this.#betweenWords(ch, tokens, state)
        : this.#inWord(ch, tokens, state);
      if (done) return done;
    }
  }

  /** After a closing quote nginx wants a space, `;`, `{` or `)`. */
  #afterQuote(ch: string, tokens: Token[], state: WordState): Statement | 'continue' | undefined {
    if (isSpace(ch)) {
      state.lastSpace = true;
      state.needSpace = false;
      return 'continue';
    }
    if (ch === ';') return this.#statement('directive', tokens);
    if (ch === '{') return this.#statement('block', tokens);
    if (ch !== ')') this.error(`unexpected "${ch}"`);
    // `)` (as in `if ($a = "b")`) and, after an error, any other character start a new word.
    state.lastSpace = true;
    state.needSpace = false;
    return undefined;
  }

  #betweenWords(ch: string, tokens: Token[], state: WordState): Statement | undefined {
    state.start = this.#pos - 1;
    state.startLine = this.#line;
    if (isSpace(ch)) return undefined;

    switch (ch) {
      case ';':
      case '{':
        if (tokens.length === 0) {
          this.error(`unexpected "${ch}"`);
          // A stray `;` is dropped; a stray `{` opens a block that the parser reads and drops.
          return ch === '{' ? this.#statement('block', tokens) : undefined;
        }
        return this.#statement(ch === '{' ? 'block' : 'directive', tokens);
      case '}':
        if (tokens.length > 0) {
          this.error('unexpected "}"');
          // Read as if the `;` were there; the `}` is read again as the block's end.
          this.#pos -= 1;
          return this.#statement('directive', tokens);
        }
        return this.#statement('close', tokens);
      case '#':
        state.comment = true;
        return undefined;
      case '\\':
        state.escaped = true;
        break;
      case '"':
      case "'":
        state.start += 1;
        state.quote = ch;
        break;
      case '$':
        state.variable = true;
        break;
    }
    state.lastSpace = false;
    return undefined;
  }

  #inWord(ch: string, tokens: Token[], state: WordState): Statement | undefined {
    if (ch === '{' && state.variable) return undefined;
    state.variable = false;
    if (ch === '\\') {
      state.escaped = true;
      return undefined;
    }
    if (ch === '$') {
      state.variable = true;
      return undefined;
    }

    let found = false;
    if (state.quote) {
      if (ch === state.quote) {
        state.needSpace = true;
        found = true;
      }
    } else if (isSpace(ch) || ch === ';' || ch === '{') {
      state.lastSpace = true;
      found = true;
    }
    if (!found) return undefined;

    this.#pushWord(tokens, state, this.#pos - 1);
    state.quote = '';
    if (ch === ';') return this.#statement('directive', tokens);
    if (ch === '{') return this.#statement('block', tokens);
    return undefined;
  }

  #pushWord(tokens: Token[], state: WordState, end: number): void {
    const quoted = state.quote !== '';
    tokens.push({
      value: applyEscapes(this.#text.slice(state.start, end)),
      line: state.startLine,
      span: quoted
        ? { start: state.start - 1, end: Math.min(end + 1, this.#text.length) }
        : { start: state.start, end },
    });
  }

  #endOfFile(tokens: Token[], state: WordState): Statement {
    if (tokens.length === 0 && state.lastSpace) return this.#statement('eof', tokens);
    this.error('unexpected end of file, expecting ";" or "}"');
    // A quoted string the file leaves open is no word: nginx drops it with the error.
    if (!state.lastSpace && !state.needSpace && state.quote === '') {
      this.#pushWord(tokens, state, this.#text.length);
    }
    return this.#statement('directive', tokens);
  }

  #statement(kind: Statement['kind'], tokens: Token[]): Statement {
    return { kind, tokens, end: this.#pos };
  }

  /**
   * The body of an OpenResty `*_by_lua_block`, up to its matching `}`: Lua code, read with
   * Lua's strings and comments, as OpenResty's own reader does. The opening `{` is already read.
   */
  readLuaBlock(): string {
    const start = this.#pos;
    let depth = 1;
    while (this.#pos < this.#text.length) {
      const ch = this.#text[this.#pos]!;
      if (ch === '-' && this.#text.startsWith('--', this.#pos)) this.#skipLuaComment();
      else if (ch === '"' || ch === "'") this.#skipLuaString(ch);
      else if (ch === '[' && /^\[=*\[/.test(this.#text.slice(this.#pos, this.#pos + 64))) {
        this.#skipLongBracket();
      } else {
        this.#advance();
        if (ch === '{') depth += 1;
        if (ch === '}' && --depth === 0) return this.#text.slice(start, this.#pos - 1);
      }
    }
    this.error('unexpected end of file, expecting "}"');
    return this.#text.slice(start);
  }

  #advance(): void {
    if (this.#text[this.#pos] === '\n') this.#line += 1;
    this.#pos += 1;
  }

  #skipLuaComment(): void {
    this.#pos += 2;
    if (/^\[=*\[/.test(this.#text.slice(this.#pos, this.#pos + 64))) {
      this.#skipLongBracket();
      return;
    }
    while (this.#pos < this.#text.length && this.#text[this.#pos] !== '\n') this.#pos += 1;
  }

  #skipLuaString(quote: string): void {
    this.#pos += 1;
    while (this.#pos < this.#text.length) {
      const ch = this.#text[this.#pos]!;
      if (ch === '\\') this.#advance();
      else if (ch === quote || ch === '\n') break;
      this.#advance();
    }
    if (this.#text[this.#pos] === quote) this.#pos += 1;
  }

  #skipLongBracket(): void {
    const level = /^\[(=*)\[/.exec(this.#text.slice(this.#pos, this.#pos + 64))![1]!.length;
    const close = `]${'='.repeat(level)}]`;
    const end = this.#text.indexOf(close, this.#pos);
    const stop = end === -1 ? this.#text.length : end + close.length;
    while (this.#pos < stop) this.#advance();
  }
}
