/**
 * The shop's shared kernel: what every service needs to publish and consume events the same
 * way. Small and stable on purpose; business logic never lives here.
 */
export * from './config.ts';
export * from './envelope.ts';
export * from './errors.ts';
export * from './http.ts';
export * from './idempotency.ts';
export * from './logger.ts';
export * from './metrics.ts';
export * from './publisher.ts';
export * from './read-interface-client.ts';
export * from './sqs-event-consumer.ts';
export * from './validate-event.ts';
