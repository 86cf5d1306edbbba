/**
 * IP addresses and CIDR blocks as EventBridge reads them.
 *
 * Follows event-ruler's `CIDR.java` (https://github.com/aws/event-ruler), which EventBridge runs:
 * an address is recognised only if it looks like `d.d.d.d` or hex digits and colons, then parsed
 * with Java's `InetAddress` rules (decimal IPv4 parts, so `010.0.0.0` is `10.0.0.0`; an IPv4-mapped
 * IPv6 address becomes its IPv4 address). Addresses and blocks are compared as upper-case hex
 * strings (8 digits for IPv4, 32 for IPv6). A block's range runs from the address as written (not
 * masked: `10.0.0.1/24` starts at `10.0.0.1`) to the address with the host bits set.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-ip-matching
 */

const IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** A range over hex digit strings; see `matchesHexRange`. */
export interface HexRange {
  readonly bottom: string;
  readonly bottomOpen: boolean;
  readonly top: string;
  readonly topOpen: boolean;
}

type Parsed = { readonly bytes: Uint8Array } | { readonly problem: 'invalid' | 'nonstandard' };

function parseAddress(text: string): Parsed {
  if (IPV4.test(text)) {
    const bytes = parseIpv4(text);
    return bytes ? { bytes } : { problem: 'invalid' };
  }
  if (IPV6.test(text)) {
    const bytes = parseIpv6(text);
    if (!bytes) return { problem: 'invalid' };
    return { bytes: unmapIpv4(bytes) };
  }
  return { problem: 'nonstandard' };
}

function parseIpv4(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(4);
  const parts = text.split('.');
  for (let i = 0; i < 4; i++) {
    const value = Number(parts[i]);
    if (!Number.isInteger(value) || value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const out: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const compressed = halves.length === 2;
  const count = head.length + tail.length;
  if (compressed ? count > 7 : count !== 8) return undefined;
  const all = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Java's `InetAddress` turns `::ffff:a.b.c.d` into the IPv4 address. */
function unmapIpv4(bytes: Uint8Array): Uint8Array {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return bytes;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return bytes;
  return bytes.slice(12);
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).toUpperCase().padStart(2, '0');
  return out;
}

/** The hex form of an IP address literal, or `undefined` if the text is not one. */
export function ipToHex(text: string): string | undefined {
  const parsed = parseAddress(text);
  return 'bytes' in parsed ? toHex(parsed.bytes) : undefined;
}

/**
 * The range an exact-match pattern string covers when it is an IP address (`["10.0.0.1"]` matches
 * any spelling of that address), or `undefined` if it is an ordinary string.
 */
export function ipLiteralRange(text: string): HexRange | undefined {
  const hex = ipToHex(text);
  if (hex === undefined) return undefined;
  const last = hex.charAt(hex.length - 1);
  const head = hex.slice(0, -1);
  if (last === 'F') return { bottom: `${head}E`, bottomOpen: true, top: hex, topOpen: false };
  const next = last === '9' ? 'A' : String.fromCharCode(last.charCodeAt(0) + 1);
  return { bottom: hex, bottomOpen: false, top: `${head}${next}`, topOpen: true };
}

/** Why a CIDR block is rejected, in AWS's words, or its range. */
export function parseCidr(cidr: string): HexRange | { readonly error: string } {
  const parts = javaSplit(cidr, '/');
  if (parts.length !== 2) return { error: "Malformed CIDR, one '/' required" };
  const [address = '', maskText = ''] = parts;
  if (!/^[+-]?\d+$/.test(maskText) || Math.abs(Number(maskText)) > 2147483647) {
    return { error: 'Malformed CIDR, mask bits must be an integer' };
  }
  const maskBits = Number(maskText);
  if (maskBits < 0) return { error: 'Malformed CIDR, mask bits must not be negative' };
  const parsed = parseAddress(address);
  if ('problem' in parsed) {
    return {
      error: parsed.problem === 'invalid' ? `Invalid IP address: ${address}` : `Nonstandard IP address: ${address}`,
    };
  }
  const bytes = parsed.bytes;
  if (bytes.length === 4 && maskBits > 31) return { error: 'IPv4 mask bits must be < 32' };
  if (bytes.length === 16 && maskBits > 127) return { error: 'IPv6 mask bits must be < 128' };
  const top = new Uint8Array(bytes);
  let hostBits = bytes.length * 8 - maskBits;
  for (let i = bytes.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    top[i] = (top[i] ?? 0) | (hostBits >= 8 ? 0xff : (1 << hostBits) - 1);
  }
  return { bottom: toHex(bytes), bottomOpen: false, top: toHex(top), topOpen: false };
}

/** Java's `String.split`: trailing empty strings are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Whether a hex string falls in a range, the way event-ruler's byte machine decides it: digit by
 * digit against both bounds, accepting as soon as the value is strictly inside on both sides. So
 * the comparison is over the range's length only — an IPv6 address whose first 8 digits fall in an
 * IPv4 block matches it (AWS: `10.0.0.0/8` matches `a00::1`), and a `/0` block matches everything
 * made of hex digits, numbers included.
 */
export function matchesHexRange(value: string, range: HexRange): boolean {
  let onBottom = true;
  let onTop = true;
  for (let i = 0; i < range.bottom.length; i++) {
    if (!onBottom && !onTop) return true;
    const c = value.charCodeAt(i);
    if (!isHexDigit(c)) return false;
    const bottom = range.bottom.charCodeAt(i);
    const top = range.top.charCodeAt(i);
    if (onBottom && c < bottom) return false;
    if (onTop && c > top) return false;
    onBottom = onBottom && c === bottom;
    onTop = onTop && c === top;
  }
  return !(onBottom && range.bottomOpen) && !(onTop && range.topOpen);
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46);
}
