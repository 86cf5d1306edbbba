import { describe, expect, it } from 'vitest';
import { CORRELATION_KEYS, createLogger, withCorrelation } from './logger.ts';

function captureLines(run: (logger: ReturnType<typeof createLogger>) => void): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ serviceName: 'inventory', logLevel: 'INFO' });
  // Powertools writes one JSON document per line through its own console; capture it.
  const target = logger as unknown as { console: { info: (line: string) => void } };
  target.console = { ...target.console, info: (line: string) => lines.push(JSON.parse(line)) };
  run(logger);
  return lines;
}

describe('createLogger', () => {
  it('writes structured JSON lines with the service name', () => {
    const [line] = captureLines((logger) => logger.info('reserved'));
    expect(line).toMatchObject({ level: 'INFO', message: 'reserved', service: 'inventory' });
  });
});

describe('withCorrelation', () => {
  it('adds correlationId, eventId and orderId to every following line until removed', () => {
    const lines = captureLines((logger) => {
      withCorrelation(logger, { correlationId: 'corr-1', eventId: 'evt-1' }, 'order-1');
      logger.info('first');
      logger.info('second');
      logger.removeKeys([...CORRELATION_KEYS]);
      logger.info('after');
    });

    expect(lines[0]).toMatchObject({ correlationId: 'corr-1', eventId: 'evt-1', orderId: 'order-1' });
    expect(lines[1]).toMatchObject({ correlationId: 'corr-1', eventId: 'evt-1', orderId: 'order-1' });
    expect(lines[2]).not.toHaveProperty('correlationId');
  });

  it('omits orderId when it is not known', () => {
    const [line] = captureLines((logger) => {
      withCorrelation(logger, { correlationId: 'corr-2' });
      logger.info('no order');
    });
    expect(line).toMatchObject({ correlationId: 'corr-2' });
    expect(line).not.toHaveProperty('orderId');
  });
});
