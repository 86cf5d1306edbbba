/**
 * Typed errors, decided at the edge (docs/architecture.md#code-rules): the domain throws what went wrong, and
 * only the adapter of a trigger decides what that means for it (an HTTP status, a batch
 * item failure, a DLQ).
 *
 * Every class sets `name` explicitly: esbuild minifies class names in the bundles, and a log
 * line saying `Error "t"` helps nobody.
 */

/** Options every shop error accepts. */
export interface ShopErrorOptions {
  /** Overrides the class's default machine-readable code (e.g. `ORDER_ALREADY_SHIPPED`). */
  readonly code?: string;
  readonly cause?: unknown;
}

/**
 * Base of the business-rule failures a use case may throw. Abstract: throw one of its
 * subclasses (or your own subclass) so the edge can map it.
 */
export abstract class DomainError extends Error {
  /** Machine-readable, stable across releases: clients branch on it, never on `message`. */
  readonly code: string;
  /** Whether trying again may succeed: read by {@link isRetryable}, the one place that decides. */
  abstract readonly retryable: boolean;

  protected constructor(message: string, defaultCode: string, options: ShopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? defaultCode;
  }
}

function listIssues(issues: readonly string[]): string {
  return issues.length === 0 ? 'invalid input' : issues.join('; ');
}

/** Input that breaks the rules (an HTTP 400): `issues` says every problem found, not just the first. */
export class ValidationError extends DomainError {
  override readonly name: string = 'ValidationError';
  readonly retryable = false;
  readonly issues: readonly string[];

  constructor(issues: string | readonly string[], options?: ShopErrorOptions) {
    const list = typeof issues === 'string' ? [issues] : [...issues];
    super(`Validation failed: ${listIssues(list)}`, 'ValidationError', options);
    this.issues = list;
  }
}

/** The thing asked about does not exist (an HTTP 404). */
export class NotFoundError extends DomainError {
  override readonly name: string = 'NotFoundError';
  readonly retryable = false;

  constructor(message: string, options?: ShopErrorOptions) {
    super(message, 'NotFoundError', options);
  }
}

/** The request contradicts the current state, such as cancelling a shipped order (an HTTP 409). */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
  readonly retryable = false;

  constructor(message: string, options?: ShopErrorOptions) {
    super(message, 'ConflictError', options);
  }
}

/** A required setting is missing: thrown at cold start so a misconfigured function never serves. */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  readonly code: string = 'ConfigError';
  readonly retryable = false;
  readonly variable: string;

  constructor(variable: string, message = `Environment variable ${variable} is required and must not be empty`) {
    super(message);
    this.variable = variable;
  }
}

/**
 * An event does not match its catalog schema. Not retryable: the same bytes fail the same
 * way on every delivery, so consumers park it in a DLQ instead of retrying (no retry storm),
 * and producers must not publish it at all.
 */
export class EventValidationError extends Error {
  override readonly name: string = 'EventValidationError';
  readonly code: string = 'EventValidationError';
  readonly retryable = false;
  /** The event name (`detail-type`) that was checked, when known. */
  readonly eventName: string | undefined;
  readonly issues: readonly string[];

  constructor(eventName: string | undefined, issues: readonly string[]) {
    super(`${eventName ?? 'Event'} is invalid: ${listIssues(issues)}`);
    this.eventName = eventName;
    this.issues = [...issues];
  }
}

/** One entry PutEvents did not accept, as EventBridge reported it. */
export interface FailedPublishEntry {
  readonly eventName: string;
  readonly eventId: string;
  /** EventBridge's `ErrorCode` (e.g. `InternalFailure`, `ThrottlingException`) or the SDK error name. */
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * Some events were not accepted by EventBridge. PutEvents is not all-or-nothing: it answers
 * 200 with per-entry failures (`FailedEntryCount`), so they must be checked and retried.
 * Retryable: the caller (an outbox relay, an SQS retry) publishes again; consumers are
 * idempotent, so re-publishing the entries that did succeed is harmless.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html
 */
export class PublishError extends Error {
  override readonly name: string = 'PublishError';
  readonly code: string = 'PublishError';
  readonly retryable = true;
  readonly failedEntries: readonly FailedPublishEntry[];

  constructor(failedEntries: readonly FailedPublishEntry[], options?: { cause?: unknown }) {
    const summary = failedEntries
      .map((entry) => `${entry.eventName} ${entry.eventId}: ${entry.errorCode} ${entry.errorMessage}`)
      .join('; ');
    super(
      `${failedEntries.length} event(s) were not published: ${summary}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.failedEntries = [...failedEntries];
  }
}

/**
 * Another service's published read interface (such as `orders-read`) gave no usable answer:
 * the invoked function failed, or it answered outside the interface's response schema.
 * Retryable: the failure is on the owner's side (a throttled table, a deploy in flight), so
 * the caller's trigger (an SQS redelivery, a pipe's retry) asks again later.
 */
export class ReadInterfaceError extends Error {
  override readonly name: string = 'ReadInterfaceError';
  readonly code: string = 'ReadInterfaceError';
  readonly retryable = true;
  /** The interface asked, such as `orders-read`. */
  readonly interfaceName: string;
  /** Lambda's `FunctionError` (`Unhandled`, `Handled`) when the invoked function failed. */
  readonly functionError: string | undefined;

  constructor(interfaceName: string, message: string, options?: { functionError?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.interfaceName = interfaceName;
    this.functionError = options?.functionError;
  }
}

/** True for every business-rule failure (validation, not found, conflict, and your subclasses). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError;
}

export function isNotFoundError(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError;
}

export function isConflictError(error: unknown): error is ConflictError {
  return error instanceof ConflictError;
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

export function isEventValidationError(error: unknown): error is EventValidationError {
  return error instanceof EventValidationError;
}

export function isPublishError(error: unknown): error is PublishError {
  return error instanceof PublishError;
}

export function isReadInterfaceError(error: unknown): error is ReadInterfaceError {
  return error instanceof ReadInterfaceError;
}

/**
 * Whether a failure is worth another attempt: the one place every trigger asks (the queue
 * consumers park what is not, the pipe's enrichment parks it, the saga task says so). A shop
 * error answers by its `retryable`; anything else (an SDK call that failed, a bug) is retried,
 * and the queue's redrive policy or the state machine's retry budget ends it. The state
 * machine's `Retry` blocks list the saga's non-retryable errors by name, because Step Functions
 * decides its retries itself; a test checks those lists against this function.
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('retryable' in error)) return true;
  return error.retryable !== false;
}

/** A message for logs from anything thrown (JavaScript can throw non-Errors). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
