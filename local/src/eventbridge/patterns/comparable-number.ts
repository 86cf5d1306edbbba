/**
 * How EventBridge compares numbers.
 *
 * A number in a pattern takes part in numeric comparisons only when its decimal text is exactly the
 * double it parses to: AWS rejects `{"numeric": ["=", 9007199254740993]}` (2^53 + 1),
 * `1.0000000000000001`, `1e309` and `1e-400` with "Cannot compare number : <text>", but accepts
 * `1e100`, `-0` and `5000000001` (the docs' ±5e9 limit is no longer enforced). An exact-match literal
 * that cannot be compared numerically still matches an event number with the same digits
 * (`[9007199254740993]` matches `9007199254740993` and not `9007199254740992`).
 */

interface Decimal {
  readonly negative: boolean;
  /** Significant digits without leading or trailing zeros; empty for zero. */
  readonly digits: string;
  /** Value = 0.digits × 10^exponent. */
  readonly exponent: number;
}

const NUMBER_LEXEME = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

function toDecimal(text: string): Decimal | undefined {
  const match = NUMBER_LEXEME.exec(text);
  if (!match) return undefined;
  const integer = match[2] ?? '';
  const fraction = match[3] ?? '';
  let digits = integer + fraction;
  let exponent = integer.length + Number(match[4] ?? '0');
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading);
  exponent -= leading;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return { negative: false, digits: '', exponent: 0 };
  return { negative: match[1] === '-', digits, exponent };
}

/**
 * The double a number lexeme stands for, when EventBridge can compare it: finite, and exactly the
 * decimal value written (`undefined` otherwise).
 */
export function comparableValue(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const written = toDecimal(text);
  const parsed = toDecimal(numberToDecimalText(value));
  if (!written || !parsed) return undefined;
  const same =
    written.digits === parsed.digits &&
    written.exponent === parsed.exponent &&
    (written.digits === '' || written.negative === parsed.negative);
  return same ? value : undefined;
}

function numberToDecimalText(value: number): string {
  return String(value).replace('e+', 'e');
}

/**
 * The sortable hexadecimal form of a number, 16 digits.
 *
 * EventBridge matches CIDR ranges as ranges over hexadecimal digit strings and numbers take part
 * through their comparable encoding: AWS answers true for `{"cidr": "10.0.0.1/0"}` and
 * `{"cidr": "2001:db8::/0"}` against the number `1`, and false for `{"cidr": "10.0.0.0/24"}`. The
 * sign-flipped IEEE-754 bit pattern reproduces those answers.
 */
export function numberToHex(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value === 0 ? 0 : value);
  const bits = view.getBigUint64(0);
  const sign = 0x8000000000000000n;
  const sortable = bits & sign ? ~bits & 0xffffffffffffffffn : bits | sign;
  return sortable.toString(16).toUpperCase().padStart(16, '0');
}
