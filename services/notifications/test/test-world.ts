import { eventCatalog } from '@shop/events';
import { InMemoryEmailSender } from '../src/adapters/in-memory-email-sender.ts';
import { InMemoryLabelDocuments } from '../src/adapters/in-memory-label-documents.ts';
import { InMemoryOrderSummaryReader } from '../src/adapters/in-memory-order-summary-reader.ts';
import {
  NOTIFIED_EVENTS,
  type NotificationRequest,
  type NotifiedEvent,
  type NotifiedEventName,
  type OrderSummary,
  type Recipient,
} from '../src/domain/notification.ts';
import { InMemoryNoticeLedger } from './in-memory-notice-ledger.ts';

/** The catalog's own example of an event (the file name picks one when there are several). */
export function catalogExample(name: NotifiedEventName, file?: string) {
  const entry = eventCatalog.find((candidate) => candidate.name === name && candidate.version === 1);
  const index = file === undefined ? 0 : (entry?.exampleFiles.indexOf(file) ?? -1);
  const example = entry?.examples[index];
  if (!example) throw new Error(`no catalog example ${name} ${file ?? ''}`);
  return example;
}

/** A notified event as the enrichment receives it after validation: the catalog example's envelope. */
export function notifiedEvent(name: NotifiedEventName, file?: string): NotifiedEvent {
  return { eventName: name, ...(catalogExample(name, file).detail as object) } as NotifiedEvent;
}

export const ADA: Recipient = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

export function orderSummary(orderId: string, status = 'PAID'): OrderSummary {
  return {
    orderId,
    status,
    lines: [
      { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
      { sku: 'MUG-LOGO-350ML', quantity: 1 },
    ],
    total: { amount: 6200, currency: 'EUR' },
  };
}

/** A complete notification request for a catalog example, as the enrichment answers it. */
export function notificationRequest(
  name: NotifiedEventName,
  options: { file?: string; recipient?: Recipient } = {},
): NotificationRequest {
  const event = notifiedEvent(name, options.file);
  return { ...event, recipient: options.recipient ?? ADA, order: orderSummary(event.data.orderId) };
}

/** The in-memory world the use cases run in: orders' read interface knowing every example order, an outbox. */
export function createTestWorld() {
  const orders = new InMemoryOrderSummaryReader();
  for (const name of NOTIFIED_EVENTS) {
    orders.add(ADA, orderSummary(notifiedEvent(name).data.orderId));
  }
  return {
    orders,
    labels: new InMemoryLabelDocuments(),
    mailer: new InMemoryEmailSender(),
    ledger: new InMemoryNoticeLedger(),
    senderEmail: 'orders@shop.example',
  };
}
