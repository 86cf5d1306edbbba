/**
 * Structured JSON logs (Powertools Logger) that carry the order's correlation id, so one id
 * finds every log line of one order across all services (centralized tracing,
 * docs/architecture.md#consumers): search `correlationId = "<id>"` in CloudWatch Logs Insights, or in the local
 * cloud's trace.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';

export { Logger };

/**
 * A Powertools Logger for one function. The service name comes from
 * `POWERTOOLS_SERVICE_NAME` and the level from `POWERTOOLS_LOG_LEVEL`, both set per stack in
 * `serverless.yml`; build it once at module scope and pass it to `injectLambdaContext`.
 */
export function createLogger(options: ConstructorOptions = {}): Logger {
  return new Logger(options);
}

/** The keys {@link withCorrelation} appends: remove them when the unit of work ends. */
export const CORRELATION_KEYS = ['correlationId', 'eventId', 'orderId'] as const;

/** What ties a log line to a flow: an event's metadata satisfies it. */
export interface CorrelationSource {
  readonly correlationId: string;
  readonly eventId?: string;
  readonly orderId?: string;
}

/**
 * Appends `correlationId`, `eventId` and (when known) `orderId` to every following log line
 * of `logger`, until they are removed (`logger.removeKeys([...CORRELATION_KEYS])`) or the
 * invocation ends (`injectLambdaContext(logger, { clearState: true })` resets them).
 *
 * @param orderId - the order, when the metadata does not say it (it is in an event's `data`)
 */
export function withCorrelation(logger: Logger, metadata: CorrelationSource, orderId?: string): Logger {
  const keys: Record<string, string> = { correlationId: metadata.correlationId };
  if (metadata.eventId !== undefined) keys.eventId = metadata.eventId;
  const order = orderId ?? metadata.orderId;
  if (order !== undefined) keys.orderId = order;
  logger.appendKeys(keys);
  return logger;
}

/**
 * Runs one unit of work (a record, an item) with the correlation keys on every line the logger
 * writes, and removes them when it ends, whatever happens, so the next unit never inherits them.
 */
export async function inCorrelation<T>(
  logger: Logger,
  source: CorrelationSource,
  orderId: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  withCorrelation(logger, source, orderId);
  try {
    return await work();
  } finally {
    logger.removeKeys([...CORRELATION_KEYS]);
  }
}
