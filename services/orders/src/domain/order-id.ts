/**
 * Order identifiers: `ord_` followed by a ULID (Crockford base32, 26 characters).
 *
 * A ULID starts with its creation time, so ids sort by placement time in listings and logs,
 * and it carries 80 random bits, so two Lambda instances never need to coordinate to mint one.
 * The generator is pure: the caller supplies the clock and the random bytes (the composition root
 * passes `crypto.randomBytes`), which keeps ids reproducible in tests.
 *
 * @see https://github.com/ulid/spec
 */

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARACTERS = 10;
const RANDOM_CHARACTERS = 16;
const RANDOM_BYTES = 10;
const MAX_ULID_TIME = 2 ** 48 - 1;

const ULID_ORDER_ID = /^ord_[0-9A-HJKMNP-TV-Z]{26}$/;
const UUID_ORDER_ID = /^ord_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Encodes a ULID from a millisecond timestamp and exactly 10 random bytes. */
export function encodeUlid(timeMs: number, randomBytes: Uint8Array): string {
  if (!Number.isInteger(timeMs) || timeMs < 0 || timeMs > MAX_ULID_TIME) {
    throw new RangeError(`ULID time must be an integer between 0 and ${MAX_ULID_TIME}, got ${timeMs}`);
  }
  if (randomBytes.length !== RANDOM_BYTES) {
    throw new RangeError(`ULID randomness must be ${RANDOM_BYTES} bytes, got ${randomBytes.length}`);
  }
  let time = '';
  let remainingTime = timeMs;
  for (let index = 0; index < TIME_CHARACTERS; index += 1) {
    time = CROCKFORD_BASE32.charAt(remainingTime % 32) + time;
    remainingTime = Math.floor(remainingTime / 32);
  }
  let bits = 0n;
  for (const byte of randomBytes) {
    bits = (bits << 8n) | BigInt(byte);
  }
  let randomness = '';
  for (let index = 0; index < RANDOM_CHARACTERS; index += 1) {
    randomness = CROCKFORD_BASE32.charAt(Number(bits & 31n)) + randomness;
    bits >>= 5n;
  }
  return time + randomness;
}

/** Mints a new order id for an order placed at `now`. */
export function createOrderId(now: Date, randomBytes: Uint8Array): string {
  return `ord_${encodeUlid(now.getTime(), randomBytes)}`;
}

/**
 * True for the shapes an order id can have: `ord_` + ULID (what this service mints) or
 * `ord_` + lower-case UUID (accepted so ids minted by an import or a test tool stay readable).
 */
export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && (ULID_ORDER_ID.test(value) || UUID_ORDER_ID.test(value));
}
