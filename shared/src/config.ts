/**
 * Configuration fails fast (docs/architecture.md#code-rules): handlers read their environment once, at module
 * scope, so a missing variable fails the cold start with its name instead of the first
 * request with `undefined`. Deployed and local runs differ only by these values.
 */
import { ConfigError } from './errors.ts';

/** The environment to read; `process.env` unless a test passes its own. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The value of `name`, or a {@link ConfigError} naming it when it is missing or empty. */
export function requireEnv(name: string, env: Environment = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(name);
  return value;
}

/** A required whole number (a timeout, a grace period), or a {@link ConfigError} naming the variable. */
export function requireIntegerEnv(name: string, env: Environment = process.env): number {
  const raw = requireEnv(name, env);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    throw new ConfigError(name, `Environment variable ${name} must be a whole number, got "${raw}"`);
  }
  return value;
}
