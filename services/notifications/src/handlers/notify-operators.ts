import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Logger } from '@shop/shared/logger';
import { type BusinessMetrics, NO_METRICS } from '@shop/shared/metrics';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { composeNotifyOperators } from '../compose.ts';
import { composeAlarmMail, isNewsForOperators, parseAlarmStateChange } from '../domain/alarm-mail.ts';
import type { EmailSender } from '../domain/ports.ts';

export interface NotifyOperatorsDependencies {
  readonly mailer: EmailSender;
  readonly logger: Logger;
  readonly senderEmail: string;
  readonly operatorEmail: string;
  /** `Shop/Notifications`: `OperatorAlertsSent`, also by alarm state. */
  readonly metrics?: BusinessMetrics;
}

export type NotifyOperatorsResult =
  | { readonly mailed: false; readonly reason: string }
  | { readonly mailed: true; readonly messageId: string };

/**
 * The operations rule's target: every CloudWatch alarm state change on the default bus. An alarm
 * that fires, or recovers, becomes one mail to the operators through SES; anything else is
 * logged and dropped (it changes nothing). A mail SES refuses fails the invocation, so Lambda's
 * asynchronous retries try again; EventBridge delivers at least once, so an operator may, rarely,
 * get the same alert twice.
 */
export function createNotifyOperatorsHandler(deps: NotifyOperatorsDependencies) {
  const { logger } = deps;
  return middy<EventBridgeEvent<string, unknown>, NotifyOperatorsResult, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const change =
        event?.source === 'aws.cloudwatch' && event['detail-type'] === 'CloudWatch Alarm State Change'
          ? parseAlarmStateChange(event.detail)
          : undefined;
      if (!change) {
        logger.warn('Not an alarm state change; ignored', {
          source: event?.source,
          detailType: event?.['detail-type'],
        });
        return { mailed: false, reason: 'not an alarm state change' };
      }
      if (!isNewsForOperators(change)) {
        logger.info('Alarm state change operators are not told of', {
          alarmName: change.alarmName,
          state: change.state.value,
        });
        return { mailed: false, reason: `${change.previousState.value} -> ${change.state.value} is not news` };
      }
      const mail = composeAlarmMail(change, {
        from: deps.senderEmail,
        to: deps.operatorEmail,
        region: String(event.region),
        account: String(event.account),
      });
      const { messageId } = await deps.mailer.send(mail);
      (deps.metrics ?? NO_METRICS).record('OperatorAlertsSent', 1, 'Count', { state: change.state.value });
      logger.info('Operators told of an alarm', {
        alarmName: change.alarmName,
        state: change.state.value,
        sesMessageId: messageId,
      });
      return { mailed: true, messageId };
    });
}

export const handler = createNotifyOperatorsHandler(composeNotifyOperators());
