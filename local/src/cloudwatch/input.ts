import { invalidParameterValue, missingParameter } from './errors.ts';
import { canonicalDimensions, type Dimension } from './store.ts';

/** Readers for CloudWatch request members, with AWS's errors for what they refuse. */

export type Input = Readonly<Record<string, unknown>>;

export const UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

const MAX_DIMENSIONS = 30;

export function readString(
  input: Input,
  name: string,
  options: { required?: boolean; min?: number; max?: number; label?: string } = {},
): string | undefined {
  const label = options.label ?? name;
  const value = input[name];
  if (value === undefined || value === null) {
    if (options.required) throw missingParameter(label);
    return undefined;
  }
  if (typeof value !== 'string') throw invalidParameterValue(`The value for parameter ${label} must be a string.`);
  const min = options.min ?? (options.required ? 1 : 0);
  if (value.length < min || (options.max !== undefined && value.length > options.max)) {
    throw invalidParameterValue(
      `The value ${value.slice(0, 64)} for parameter ${label} is invalid: its length must be between ${min} and ${options.max ?? 'any'}.`,
    );
  }
  return value;
}

export function requireString(input: Input, name: string, max: number, label = name): string {
  return readString(input, name, { required: true, max, label }) as string;
}

export function readNumber(input: Input, name: string, label = name): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number))
    throw invalidParameterValue(`The value ${String(value)} for parameter ${label} is invalid.`);
  return number;
}

export function readInteger(input: Input, name: string, range: { min: number; max: number }, label = name) {
  const value = readNumber(input, name, label);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalidParameterValue(
      `The value ${value} for parameter ${label} is invalid: it must be an integer from ${range.min} to ${range.max}.`,
    );
  }
  return value;
}

export function readBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidParameterValue(`The value ${String(value)} for parameter ${name} is invalid: it must be a boolean.`);
}

/** A timestamp member: epoch seconds (JSON and CBOR protocols) or an ISO 8601 string; epoch ms out. */
export function readTimestamp(input: Input, name: string, label = name): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const ms =
    typeof value === 'number'
      ? value * 1000
      : typeof value === 'string'
        ? Date.parse(value)
        : value instanceof Date
          ? value.getTime()
          : Number.NaN;
  if (!Number.isFinite(ms))
    throw invalidParameterValue(`The value ${String(value)} for parameter ${label} is invalid.`);
  return ms;
}

export function readList(input: Input, name: string, max: number, label = name): unknown[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameterValue(`The value for parameter ${label} must be a list.`);
  if (value.length > max) {
    throw invalidParameterValue(`The collection ${label} must not have a size greater than ${max}.`);
  }
  return value;
}

export function readStringList(input: Input, name: string, max: number, label = name): string[] | undefined {
  const list = readList(input, name, max, label);
  if (!list) return undefined;
  return list.map((item, index) => {
    if (typeof item !== 'string')
      throw invalidParameterValue(`The value of ${label}.member.${index + 1} must be a string.`);
    return item;
  });
}

export function readStructure(value: unknown, label: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameterValue(`The value for parameter ${label} must be a structure.`);
  }
  return value as Input;
}

export function readUnit(input: Input, name = 'Unit', label = name): string | undefined {
  const unit = readString(input, name, { label });
  if (unit !== undefined && !(UNITS as readonly string[]).includes(unit)) {
    throw invalidParameterValue(`The value ${unit} for parameter ${label} is not a valid unit.`);
  }
  return unit;
}

/** A metric's dimensions (at most 30, names unique), in canonical order. */
export function readDimensions(input: Input, name: string, label = name, valueRequired = true): Dimension[] {
  const list = readList(input, name, MAX_DIMENSIONS, label) ?? [];
  const dimensions = list.map((item, index) => {
    const where = `${label}.member.${index + 1}`;
    const entry = readStructure(item, where);
    const dimensionName = requireString(entry, 'Name', 255, `${where}.Name`);
    const value = readString(entry, 'Value', { required: valueRequired, max: 1024, label: `${where}.Value` });
    return { Name: dimensionName, Value: value ?? '' };
  });
  const names = new Set(dimensions.map((dimension) => dimension.Name));
  if (names.size !== dimensions.length) {
    throw invalidParameterValue(`No metric may have duplicate dimension names (${label}).`);
  }
  return canonicalDimensions(dimensions);
}

/** Opaque paging token: the offset of the next page. */
export function pageOf<T>(items: readonly T[], nextToken: unknown, pageSize: number, invalid: () => Error) {
  let offset = 0;
  if (nextToken !== undefined && nextToken !== null) {
    const decoded =
      typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0 || decoded > items.length) throw invalid();
    offset = decoded;
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? Buffer.from(String(offset + pageSize)).toString('base64') : undefined;
  return { page, nextToken: next };
}
