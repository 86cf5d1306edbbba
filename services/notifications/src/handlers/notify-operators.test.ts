import { createLogger } from '@shop/shared/logger';
import { createInMemoryMetrics } from '@shop/shared/testing';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import { InMemoryEmailSender } from '../adapters/in-memory-email-sender.ts';
import { createNotifyOperatorsHandler } from './notify-operators.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    SENDER_EMAIL: 'orders@shop.example',
    OPERATOR_EMAIL: 'operators@shop.example',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

function alarmEvent(state: string, previous: string, overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: '2026-12-05T17:41:06Z',
    region: 'eu-west-1',
    resources: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-dlq-not-empty'],
    detail: {
      alarmName: 'orders-dlq-not-empty',
      state: { value: state, reason: 'Threshold Crossed', timestamp: '2026-12-05T17:41:06.211+0000' },
      previousState: { value: previous, reason: 'earlier', timestamp: '2026-12-05T17:30:06.211+0000' },
    },
    ...overrides,
  };
}

function setUp() {
  const mailer = new InMemoryEmailSender();
  const metrics = createInMemoryMetrics();
  const handler = createNotifyOperatorsHandler({
    metrics,
    mailer,
    logger: createLogger(),
    senderEmail: 'orders@shop.example',
    operatorEmail: 'operators@shop.example',
  });
  return { mailer, metrics, notify: (event: unknown) => handler(event as never, lambdaContext('notifyOperators')) };
}

describe('notifyOperators', () => {
  it('mails the operators once when an alarm fires', async () => {
    const { mailer, metrics, notify } = setUp();
    expect(await notify(alarmEvent('ALARM', 'OK'))).toEqual({ mailed: true, messageId: 'message-1' });
    expect(metrics.recorded).toEqual([
      { name: 'OperatorAlertsSent', value: 1, unit: 'Count', dimensions: { state: 'ALARM' } },
    ]);
    expect(mailer.sent.map((mail) => [mail.from, mail.to, mail.subject])).toEqual([
      ['orders@shop.example', 'operators@shop.example', 'ALARM: "orders-dlq-not-empty" in eu-west-1'],
    ]);
  });

  it('drops what is not news or not an alarm state change, and mails nothing', async () => {
    const { mailer, notify } = setUp();
    expect(await notify(alarmEvent('OK', 'INSUFFICIENT_DATA'))).toMatchObject({ mailed: false });
    expect(await notify(alarmEvent('ALARM', 'OK', { source: 'shop.orders' }))).toMatchObject({ mailed: false });
    expect(await notify(alarmEvent('ALARM', 'OK', { detail: { alarmName: 42 } }))).toMatchObject({ mailed: false });
    expect(await notify({})).toMatchObject({ mailed: false });
    expect(mailer.sent).toEqual([]);
  });

  it('fails the invocation when SES refuses the mail, so that Lambda retries it', async () => {
    const { mailer, notify } = setUp();
    mailer.failNext(new Error('MessageRejected'));
    await expect(notify(alarmEvent('ALARM', 'OK'))).rejects.toThrow('MessageRejected');
    expect(mailer.sent).toEqual([]);
  });
});
