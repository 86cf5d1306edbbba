/**
 * A streaming JSON reader that reports positions and errors the way EventBridge does.
 *
 * EventBridge validates event patterns with the open-source event-ruler library
 * (https://github.com/aws/event-ruler, `JsonRuleCompiler`), which walks the pattern with a Jackson
 * streaming parser and reports every problem as
 * `<reason>\n at [Source: (String)"<pattern>"; line: L, column: C]`. The column is wherever the
 * parser happens to stand, which depends on Jackson's lookahead: after a field name it has already
 * consumed the colon and the first character of the value (a whole number or literal, only the
 * opening quote of a string), and a string is read to its closing quote only when its text is asked
 * for. This reader reproduces that so our messages match AWS's character for character; the
 * observed AWS responses it was checked against are in `fixtures/aws-observed.json`.
 *
 * It keeps what `JSON.parse` throws away and event patterns depend on: duplicate keys (the last one
 * wins, but every one is validated) and the exact lexeme of each number.
 */

export type JsonToken =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'VALUE_STRING'
  | 'VALUE_NUMBER_INT'
  | 'VALUE_NUMBER_FLOAT'
  | 'VALUE_TRUE'
  | 'VALUE_FALSE'
  | 'VALUE_NULL';

/** A syntax or validation error at a position, formatted the way Jackson formats it. */
export class JsonLocatedError extends Error {
  /** The reason alone, without the location suffix. */
  readonly reason: string;

  constructor(reason: string, location: string) {
    super(`${reason}\n at ${location}`);
    this.name = 'JsonLocatedError';
    this.reason = reason;
  }
}

interface Context {
  readonly kind: 'root' | 'object' | 'array';
  entries: number;
  /** Where the `{` or `[` stood, for "expected close marker" messages. */
  readonly startLocation: string;
}

const MAX_CONTENT_SNIPPET = 500;
const VALID_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

export class JsonReader {
  readonly #text: string;
  #ptr = 0;
  #row = 1;
  #rowStart = 0;
  readonly #contexts: Context[] = [];
  #current: JsonToken | undefined;
  #pending: JsonToken | undefined;
  #currentName = '';
  /** The position just after the opening quote of a string whose text has not been read yet. */
  #incompleteString: number | undefined;
  #stringText = '';
  #numberText = '';

  constructor(text: string) {
    this.#text = text;
    this.#contexts.push({ kind: 'root', entries: 0, startLocation: '' });
  }

  /** The next token, or `undefined` at the end of the input (only possible at the root). */
  nextToken(): JsonToken | undefined {
    if (this.#current === 'FIELD_NAME' && this.#pending !== undefined) {
      const token = this.#pending;
      this.#pending = undefined;
      this.#enter(token, this.#ptr - 1);
      this.#current = token;
      return token;
    }
    if (this.#incompleteString !== undefined) this.#finishString();
    let c = this.#skipWhitespace();
    const context = this.#context();
    if (c === undefined) {
      if (context.kind !== 'root') {
        const marker = context.kind === 'object' ? 'OBJECT' : 'ARRAY';
        throw this.#error(
          `Unexpected end-of-input: expected close marker for ${marker} (start marker at ${context.startLocation})`,
        );
      }
      this.#current = undefined;
      return undefined;
    }
    if (c === '}' || c === ']') {
      this.#ptr++;
      const expected = c === '}' ? 'object' : 'array';
      if (context.kind !== expected) {
        if (context.kind === 'root') {
          throw this.#unexpectedChar(c, 'expected a value');
        }
        const wanted = context.kind === 'object' ? '}' : ']';
        const what = context.kind === 'object' ? 'Object' : 'Array';
        throw this.#error(
          `Unexpected close marker '${c}': expected '${wanted}' (for ${what} starting at ${context.startLocation})`,
        );
      }
      this.#contexts.pop();
      this.#current = c === '}' ? 'END_OBJECT' : 'END_ARRAY';
      return this.#current;
    }
    if (context.entries > 0 && context.kind !== 'root') {
      this.#ptr++;
      if (c !== ',') {
        const what = context.kind === 'object' ? 'Object' : 'Array';
        throw this.#unexpectedChar(c, `was expecting comma to separate ${what} entries`);
      }
      c = this.#skipWhitespace();
      if (c === undefined) {
        const what = context.kind === 'object' ? 'Object entries' : 'Array entries';
        throw this.#error(`Unexpected end-of-input within/between ${what}`);
      }
    }
    context.entries++;
    if (context.kind === 'object') {
      this.#ptr++;
      if (c !== '"') throw this.#unexpectedChar(c, 'was expecting double-quote to start field name');
      this.#currentName = this.#readStringBody();
      let next = this.#skipWhitespace();
      if (next !== ':') {
        if (next === undefined) throw this.#error('Unexpected end-of-input within/between Object entries');
        this.#ptr++;
        throw this.#unexpectedChar(next, 'was expecting a colon to separate field name and value');
      }
      this.#ptr++;
      next = this.#skipWhitespace();
      if (next === undefined) throw this.#error('Unexpected end-of-input within/between Object entries');
      this.#ptr++;
      this.#pending = this.#valueStartingWith(next);
      this.#current = 'FIELD_NAME';
      return 'FIELD_NAME';
    }
    this.#ptr++;
    const token = this.#valueStartingWith(c);
    this.#enter(token, this.#ptr - 1);
    this.#current = token;
    return token;
  }

  /** The name of the field the reader is in (valid after `FIELD_NAME`). */
  currentName(): string {
    return this.#currentName;
  }

  /** The text of the current token; reading a string's text moves past its closing quote. */
  text(): string {
    switch (this.#current) {
      case 'VALUE_STRING':
        if (this.#incompleteString !== undefined) this.#finishString();
        return this.#stringText;
      case 'FIELD_NAME':
        return this.#currentName;
      case 'VALUE_NUMBER_INT':
      case 'VALUE_NUMBER_FLOAT':
        return this.#numberText;
      case 'VALUE_TRUE':
        return 'true';
      case 'VALUE_FALSE':
        return 'false';
      case 'VALUE_NULL':
        return 'null';
      case 'START_OBJECT':
        return '{';
      case 'END_OBJECT':
        return '}';
      case 'START_ARRAY':
        return '[';
      case 'END_ARRAY':
        return ']';
      default:
        return '';
    }
  }

  /** An error at the reader's current position, formatted as event-ruler's `barf` does. */
  error(reason: string): JsonLocatedError {
    return this.#error(reason);
  }

  #context(): Context {
    const context = this.#contexts[this.#contexts.length - 1];
    if (context === undefined) throw new Error('JsonReader: no context');
    return context;
  }

  #enter(token: JsonToken, at: number): void {
    if (token === 'START_OBJECT') {
      this.#contexts.push({ kind: 'object', entries: 0, startLocation: this.#locationAt(at) });
    } else if (token === 'START_ARRAY') {
      this.#contexts.push({ kind: 'array', entries: 0, startLocation: this.#locationAt(at) });
    }
  }

  /** Reads a value whose first character `c` has been consumed; strings stay unread. */
  #valueStartingWith(c: string): JsonToken {
    switch (c) {
      case '"':
        this.#incompleteString = this.#ptr;
        return 'VALUE_STRING';
      case '{':
        return 'START_OBJECT';
      case '[':
        return 'START_ARRAY';
      case 't':
        this.#matchLiteral('true');
        return 'VALUE_TRUE';
      case 'f':
        this.#matchLiteral('false');
        return 'VALUE_FALSE';
      case 'n':
        this.#matchLiteral('null');
        return 'VALUE_NULL';
      case '-':
        return this.#readNumber(true);
      case ']':
      case '}':
        throw this.#unexpectedChar(c, 'expected a value');
      default:
        if (c >= '0' && c <= '9') return this.#readNumber(false);
        if (c === 'N' || c === 'I') this.#nonStandardToken(c === 'N' ? 'NaN' : 'Infinity');
        if (isIdentifierStart(c)) throw this.#invalidToken(this.#ptr - 1);
        throw this.#unexpectedChar(c, `expected a valid value ${VALID_VALUES}`);
    }
  }

  #nonStandardToken(token: string): void {
    if (this.#text.startsWith(token.slice(1), this.#ptr)) {
      this.#ptr += token.length - 1;
      throw this.#error(`Non-standard token '${token}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow`);
    }
  }

  #matchLiteral(literal: string): void {
    const start = this.#ptr - 1;
    for (let i = 1; i < literal.length; i++) {
      if (this.#text[this.#ptr] !== literal[i]) throw this.#invalidToken(start);
      this.#ptr++;
    }
    const after = this.#text[this.#ptr];
    if (after !== undefined && isIdentifierPart(after)) throw this.#invalidToken(start);
  }

  /** "Unrecognized token": Jackson reads on over identifier characters to name the token. */
  #invalidToken(start: number): JsonLocatedError {
    let end = this.#ptr;
    while (end < this.#text.length && end - start < 256 && isIdentifierPart(this.#text.charAt(end))) end++;
    this.#ptr = end;
    return this.#error(`Unrecognized token '${this.#text.slice(start, end)}': was expecting ${VALID_VALUES}`);
  }

  #readNumber(negative: boolean): JsonToken {
    const start = this.#ptr - 1;
    const text = this.#text;
    let i = this.#ptr;
    if (negative) {
      const first = text[i];
      if (first === undefined || first < '0' || first > '9') {
        this.#ptr = i + 1;
        if (first === 'I') this.#nonStandardToken('-Infinity');
        throw this.#unexpectedNumberChar(first, 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
      i++;
    }
    const firstDigit = text[i - 1];
    if (firstDigit === '0' && isDigit(text[i])) {
      this.#ptr = i;
      throw this.#error('Invalid numeric value: Leading zeroes not allowed');
    }
    while (isDigit(text[i])) i++;
    let float = false;
    if (text[i] === '.') {
      float = true;
      i++;
      if (!isDigit(text[i])) {
        this.#ptr = i + 1;
        throw this.#unexpectedNumberChar(text[i], 'Decimal point not followed by a digit');
      }
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      float = true;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit(text[i])) {
        this.#ptr = i + 1;
        throw this.#unexpectedNumberChar(text[i], 'Exponent indicator not followed by a digit');
      }
      while (isDigit(text[i])) i++;
    }
    this.#ptr = i;
    this.#numberText = text.slice(start, i);
    return float ? 'VALUE_NUMBER_FLOAT' : 'VALUE_NUMBER_INT';
  }

  #finishString(): void {
    this.#stringText = this.#readStringBody();
    this.#incompleteString = undefined;
  }

  /** Reads a string body from just after its opening quote through its closing quote. */
  #readStringBody(): string {
    const text = this.#text;
    let out = '';
    let segmentStart = this.#ptr;
    for (;;) {
      const code = text.charCodeAt(this.#ptr);
      if (Number.isNaN(code)) {
        throw this.#error('Unexpected end-of-input: was expecting closing quote for a string value');
      }
      if (code === 0x22) {
        out += text.slice(segmentStart, this.#ptr);
        this.#ptr++;
        return out;
      }
      if (code === 0x5c) {
        out += text.slice(segmentStart, this.#ptr);
        this.#ptr++;
        out += this.#readEscape();
        segmentStart = this.#ptr;
        continue;
      }
      if (code < 0x20) {
        this.#ptr++;
        throw this.#error(
          `Illegal unquoted character ((CTRL-CHAR, code ${code})): has to be escaped using backslash to be included in string value`,
        );
      }
      this.#ptr++;
    }
  }

  #readEscape(): string {
    const c = this.#text[this.#ptr];
    if (c === undefined) throw this.#error('Unexpected end-of-input in character escape sequence');
    this.#ptr++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        let value = 0;
        for (let i = 0; i < 4; i++) {
          const h = this.#text[this.#ptr];
          if (h === undefined) throw this.#error('Unexpected end-of-input in character escape sequence');
          this.#ptr++;
          const digit = Number.parseInt(h, 16);
          if (Number.isNaN(digit)) {
            throw this.#unexpectedChar(h, 'expected a hex-digit for character escape sequence');
          }
          value = value * 16 + digit;
        }
        return String.fromCharCode(value);
      }
      default:
        throw this.#error(`Unrecognized character escape ${describeChar(c)}`);
    }
  }

  /** Skips whitespace (counting lines as Jackson does) and returns the next character unread. */
  #skipWhitespace(): string | undefined {
    const text = this.#text;
    while (this.#ptr < text.length) {
      const c = text.charAt(this.#ptr);
      if (c === ' ' || c === '\t') {
        this.#ptr++;
      } else if (c === '\n') {
        this.#ptr++;
        this.#row++;
        this.#rowStart = this.#ptr;
      } else if (c === '\r') {
        this.#ptr++;
        if (text.charAt(this.#ptr) === '\n') this.#ptr++;
        this.#row++;
        this.#rowStart = this.#ptr;
      } else if (c === '/' || c === '#') {
        this.#ptr++;
        throw this.#unexpectedChar(
          c,
          "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
        );
      } else {
        return c;
      }
    }
    return undefined;
  }

  /** Jackson reports an unexpected character at the character itself, one before the pointer. */
  #unexpectedChar(c: string, expectation: string): JsonLocatedError {
    return new JsonLocatedError(
      `Unexpected character (${describeChar(c)}): ${expectation}`,
      this.#locationAt(this.#ptr - 1),
    );
  }

  #unexpectedNumberChar(c: string | undefined, expectation: string): JsonLocatedError {
    if (c === undefined) return this.#error(`Unexpected end-of-input in a Number value`);
    return new JsonLocatedError(
      `Unexpected character (${describeChar(c)}) in numeric value: ${expectation}`,
      this.#locationAt(this.#ptr - 1),
    );
  }

  #error(reason: string): JsonLocatedError {
    return new JsonLocatedError(reason, this.#locationAt(this.#ptr));
  }

  #locationAt(ptr: number): string {
    const rowStart = ptr >= this.#rowStart ? this.#rowStart : 0;
    return `[Source: ${sourceSnippet(this.#text)}; line: ${this.#row}, column: ${ptr - rowStart + 1}]`;
  }
}

/** Jackson quotes at most 500 characters of the source and says how many it left out. */
function sourceSnippet(text: string): string {
  if (text.length <= MAX_CONTENT_SNIPPET) return `(String)"${text}"`;
  return `(String)"${text.slice(0, MAX_CONTENT_SNIPPET)}"[truncated ${text.length - MAX_CONTENT_SNIPPET} chars]`;
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return `(CTRL-CHAR, code ${code})`;
  return `'${c}' (code ${code}${code > 0x7f ? ` / 0x${code.toString(16)}` : ''})`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

const IDENTIFIER_START = /[\p{L}\p{Nl}$_\p{Sc}\p{Pc}]/u;
const IDENTIFIER_PART = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Sc}\p{Pc}$_]/u;

function isIdentifierStart(c: string): boolean {
  return IDENTIFIER_START.test(c);
}

function isIdentifierPart(c: string): boolean {
  return IDENTIFIER_PART.test(c);
}
