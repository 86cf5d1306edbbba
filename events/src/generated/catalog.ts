/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */

import type { FulfillmentFailedV1 } from './fulfillment-failed-v1.ts';
import type { InventoryReleasedV1 } from './inventory-released-v1.ts';
import type { InventoryReservationFailedV1 } from './inventory-reservation-failed-v1.ts';
import type { InventoryReservedV1 } from './inventory-reserved-v1.ts';
import type { InventoryReservedV2 } from './inventory-reserved-v2.ts';
import type { OrderCancelledV1 } from './order-cancelled-v1.ts';
import type { OrderConfirmedV1 } from './order-confirmed-v1.ts';
import type { OrderDelayedV1 } from './order-delayed-v1.ts';
import type { OrderPlacedV1 } from './order-placed-v1.ts';
import type { OrderShippedV1 } from './order-shipped-v1.ts';
import type { PaymentCapturedV1 } from './payment-captured-v1.ts';
import type { PaymentDeclinedV1 } from './payment-declined-v1.ts';
import type { PaymentDelayedV1 } from './payment-delayed-v1.ts';
import type { PaymentRefundedV1 } from './payment-refunded-v1.ts';
import type { OrdersReadRequestV1, OrdersReadResponseV1, OrdersReadOrderLinesV1, OrdersReadOrderNotFoundV1, OrdersReadOrderSummaryV1 } from './orders-read-v1.ts';
import fulfillmentFailedV1Event from '../../catalog/FulfillmentFailed/v1/event.json' with { type: 'json' };
import fulfillmentFailedV1Schema from '../../catalog/FulfillmentFailed/v1/schema.json' with { type: 'json' };
import fulfillmentFailedV1Example0 from '../../catalog/FulfillmentFailed/v1/examples/carrier-booking-failed.json' with { type: 'json' };
import fulfillmentFailedV1Example1 from '../../catalog/FulfillmentFailed/v1/examples/order-cancelled-during-fulfillment.json' with { type: 'json' };
import inventoryReleasedV1Event from '../../catalog/InventoryReleased/v1/event.json' with { type: 'json' };
import inventoryReleasedV1Schema from '../../catalog/InventoryReleased/v1/schema.json' with { type: 'json' };
import inventoryReleasedV1Example0 from '../../catalog/InventoryReleased/v1/examples/inventory-released.json' with { type: 'json' };
import inventoryReservationFailedV1Event from '../../catalog/InventoryReservationFailed/v1/event.json' with { type: 'json' };
import inventoryReservationFailedV1Schema from '../../catalog/InventoryReservationFailed/v1/schema.json' with { type: 'json' };
import inventoryReservationFailedV1Example0 from '../../catalog/InventoryReservationFailed/v1/examples/out-of-stock.json' with { type: 'json' };
import inventoryReservationFailedV1Example1 from '../../catalog/InventoryReservationFailed/v1/examples/unknown-sku.json' with { type: 'json' };
import inventoryReservedV1Event from '../../catalog/InventoryReserved/v1/event.json' with { type: 'json' };
import inventoryReservedV1Schema from '../../catalog/InventoryReserved/v1/schema.json' with { type: 'json' };
import inventoryReservedV1Example0 from '../../catalog/InventoryReserved/v1/examples/inventory-reserved.json' with { type: 'json' };
import inventoryReservedV2Event from '../../catalog/InventoryReserved/v2/event.json' with { type: 'json' };
import inventoryReservedV2Schema from '../../catalog/InventoryReserved/v2/schema.json' with { type: 'json' };
import inventoryReservedV2Example0 from '../../catalog/InventoryReserved/v2/examples/inventory-reserved.json' with { type: 'json' };
import orderCancelledV1Event from '../../catalog/OrderCancelled/v1/event.json' with { type: 'json' };
import orderCancelledV1Schema from '../../catalog/OrderCancelled/v1/schema.json' with { type: 'json' };
import orderCancelledV1Example0 from '../../catalog/OrderCancelled/v1/examples/customer-request.json' with { type: 'json' };
import orderCancelledV1Example1 from '../../catalog/OrderCancelled/v1/examples/out-of-stock.json' with { type: 'json' };
import orderConfirmedV1Event from '../../catalog/OrderConfirmed/v1/event.json' with { type: 'json' };
import orderConfirmedV1Schema from '../../catalog/OrderConfirmed/v1/schema.json' with { type: 'json' };
import orderConfirmedV1Example0 from '../../catalog/OrderConfirmed/v1/examples/order-confirmed.json' with { type: 'json' };
import orderDelayedV1Event from '../../catalog/OrderDelayed/v1/event.json' with { type: 'json' };
import orderDelayedV1Schema from '../../catalog/OrderDelayed/v1/schema.json' with { type: 'json' };
import orderDelayedV1Example0 from '../../catalog/OrderDelayed/v1/examples/payment-provider-unavailable.json' with { type: 'json' };
import orderPlacedV1Event from '../../catalog/OrderPlaced/v1/event.json' with { type: 'json' };
import orderPlacedV1Schema from '../../catalog/OrderPlaced/v1/schema.json' with { type: 'json' };
import orderPlacedV1Example0 from '../../catalog/OrderPlaced/v1/examples/order-placed.json' with { type: 'json' };
import orderShippedV1Event from '../../catalog/OrderShipped/v1/event.json' with { type: 'json' };
import orderShippedV1Schema from '../../catalog/OrderShipped/v1/schema.json' with { type: 'json' };
import orderShippedV1Example0 from '../../catalog/OrderShipped/v1/examples/order-shipped.json' with { type: 'json' };
import orderShippedV1Example1 from '../../catalog/OrderShipped/v1/examples/shipped-with-label.json' with { type: 'json' };
import paymentCapturedV1Event from '../../catalog/PaymentCaptured/v1/event.json' with { type: 'json' };
import paymentCapturedV1Schema from '../../catalog/PaymentCaptured/v1/schema.json' with { type: 'json' };
import paymentCapturedV1Example0 from '../../catalog/PaymentCaptured/v1/examples/payment-captured.json' with { type: 'json' };
import paymentDeclinedV1Event from '../../catalog/PaymentDeclined/v1/event.json' with { type: 'json' };
import paymentDeclinedV1Schema from '../../catalog/PaymentDeclined/v1/schema.json' with { type: 'json' };
import paymentDeclinedV1Example0 from '../../catalog/PaymentDeclined/v1/examples/payment-declined-card.json' with { type: 'json' };
import paymentDeclinedV1Example1 from '../../catalog/PaymentDeclined/v1/examples/payment-declined-order-cancelled.json' with { type: 'json' };
import paymentDelayedV1Event from '../../catalog/PaymentDelayed/v1/event.json' with { type: 'json' };
import paymentDelayedV1Schema from '../../catalog/PaymentDelayed/v1/schema.json' with { type: 'json' };
import paymentDelayedV1Example0 from '../../catalog/PaymentDelayed/v1/examples/provider-unavailable.json' with { type: 'json' };
import paymentRefundedV1Event from '../../catalog/PaymentRefunded/v1/event.json' with { type: 'json' };
import paymentRefundedV1Schema from '../../catalog/PaymentRefunded/v1/schema.json' with { type: 'json' };
import paymentRefundedV1Example0 from '../../catalog/PaymentRefunded/v1/examples/payment-refunded.json' with { type: 'json' };
import ordersReadV1Interface from '../../interfaces/orders-read/v1/interface.json' with { type: 'json' };
import ordersReadV1RequestSchema from '../../interfaces/orders-read/v1/request.schema.json' with { type: 'json' };
import ordersReadV1ResponseSchema from '../../interfaces/orders-read/v1/response.schema.json' with { type: 'json' };
import ordersReadV1Example0 from '../../interfaces/orders-read/v1/examples/request-get-order-lines.json' with { type: 'json' };
import ordersReadV1Example1 from '../../interfaces/orders-read/v1/examples/request-get-order-summary.json' with { type: 'json' };
import ordersReadV1Example2 from '../../interfaces/orders-read/v1/examples/response-not-found.json' with { type: 'json' };
import ordersReadV1Example3 from '../../interfaces/orders-read/v1/examples/response-order-lines.json' with { type: 'json' };
import ordersReadV1Example4 from '../../interfaces/orders-read/v1/examples/response-order-summary-cancelled.json' with { type: 'json' };
import ordersReadV1Example5 from '../../interfaces/orders-read/v1/examples/response-order-summary.json' with { type: 'json' };

/** Every cataloged event name, one per `events/catalog/<Name>/` folder. */
export const eventNames = ['FulfillmentFailed', 'InventoryReleased', 'InventoryReservationFailed', 'InventoryReserved', 'OrderCancelled', 'OrderConfirmed', 'OrderDelayed', 'OrderPlaced', 'OrderShipped', 'PaymentCaptured', 'PaymentDeclined', 'PaymentDelayed', 'PaymentRefunded'] as const;

/** The name of a cataloged event (its EventBridge `detail-type`). */
export type EventName = (typeof eventNames)[number];

/** Event name → version → the detail type of that version (every version still consumed). */
export interface EventVersionMap {
  FulfillmentFailed: { 1: FulfillmentFailedV1 };
  InventoryReleased: { 1: InventoryReleasedV1 };
  InventoryReservationFailed: { 1: InventoryReservationFailedV1 };
  InventoryReserved: { 2: InventoryReservedV2 };
  OrderCancelled: { 1: OrderCancelledV1 };
  OrderConfirmed: { 1: OrderConfirmedV1 };
  OrderDelayed: { 1: OrderDelayedV1 };
  OrderPlaced: { 1: OrderPlacedV1 };
  OrderShipped: { 1: OrderShippedV1 };
  PaymentCaptured: { 1: PaymentCapturedV1 };
  PaymentDeclined: { 1: PaymentDeclinedV1 };
  PaymentDelayed: { 1: PaymentDelayedV1 };
  PaymentRefunded: { 1: PaymentRefundedV1 };
}

/** Event name → the detail type of its latest version (what producers emit). */
export interface EventMap {
  FulfillmentFailed: FulfillmentFailedV1;
  InventoryReleased: InventoryReleasedV1;
  InventoryReservationFailed: InventoryReservationFailedV1;
  InventoryReserved: InventoryReservedV2;
  OrderCancelled: OrderCancelledV1;
  OrderConfirmed: OrderConfirmedV1;
  OrderDelayed: OrderDelayedV1;
  OrderPlaced: OrderPlacedV1;
  OrderShipped: OrderShippedV1;
  PaymentCaptured: PaymentCapturedV1;
  PaymentDeclined: PaymentDeclinedV1;
  PaymentDelayed: PaymentDelayedV1;
  PaymentRefunded: PaymentRefundedV1;
}

/** Read interface name → version → its request and response types, and each query's answer type. */
export interface InterfaceMap {
  'orders-read': { 1: { request: OrdersReadRequestV1; response: OrdersReadResponseV1; answers: { GetOrderLines: OrdersReadOrderLinesV1 | OrdersReadOrderNotFoundV1; GetOrderSummary: OrdersReadOrderSummaryV1 | OrdersReadOrderNotFoundV1 } } };
}

/** The raw catalog files, as static JSON imports so every bundle carries them. */
export const eventSources = [
  { event: fulfillmentFailedV1Event, schema: fulfillmentFailedV1Schema, examples: [fulfillmentFailedV1Example0, fulfillmentFailedV1Example1], exampleFiles: ['carrier-booking-failed.json', 'order-cancelled-during-fulfillment.json'] },
  { event: inventoryReleasedV1Event, schema: inventoryReleasedV1Schema, examples: [inventoryReleasedV1Example0], exampleFiles: ['inventory-released.json'] },
  { event: inventoryReservationFailedV1Event, schema: inventoryReservationFailedV1Schema, examples: [inventoryReservationFailedV1Example0, inventoryReservationFailedV1Example1], exampleFiles: ['out-of-stock.json', 'unknown-sku.json'] },
  { event: inventoryReservedV1Event, schema: inventoryReservedV1Schema, examples: [inventoryReservedV1Example0], exampleFiles: ['inventory-reserved.json'] },
  { event: inventoryReservedV2Event, schema: inventoryReservedV2Schema, examples: [inventoryReservedV2Example0], exampleFiles: ['inventory-reserved.json'] },
  { event: orderCancelledV1Event, schema: orderCancelledV1Schema, examples: [orderCancelledV1Example0, orderCancelledV1Example1], exampleFiles: ['customer-request.json', 'out-of-stock.json'] },
  { event: orderConfirmedV1Event, schema: orderConfirmedV1Schema, examples: [orderConfirmedV1Example0], exampleFiles: ['order-confirmed.json'] },
  { event: orderDelayedV1Event, schema: orderDelayedV1Schema, examples: [orderDelayedV1Example0], exampleFiles: ['payment-provider-unavailable.json'] },
  { event: orderPlacedV1Event, schema: orderPlacedV1Schema, examples: [orderPlacedV1Example0], exampleFiles: ['order-placed.json'] },
  { event: orderShippedV1Event, schema: orderShippedV1Schema, examples: [orderShippedV1Example0, orderShippedV1Example1], exampleFiles: ['order-shipped.json', 'shipped-with-label.json'] },
  { event: paymentCapturedV1Event, schema: paymentCapturedV1Schema, examples: [paymentCapturedV1Example0], exampleFiles: ['payment-captured.json'] },
  { event: paymentDeclinedV1Event, schema: paymentDeclinedV1Schema, examples: [paymentDeclinedV1Example0, paymentDeclinedV1Example1], exampleFiles: ['payment-declined-card.json', 'payment-declined-order-cancelled.json'] },
  { event: paymentDelayedV1Event, schema: paymentDelayedV1Schema, examples: [paymentDelayedV1Example0], exampleFiles: ['provider-unavailable.json'] },
  { event: paymentRefundedV1Event, schema: paymentRefundedV1Schema, examples: [paymentRefundedV1Example0], exampleFiles: ['payment-refunded.json'] },
];

/** The raw published read interfaces, as static JSON imports. */
export const interfaceSources = [
  { description: ordersReadV1Interface, requestSchema: ordersReadV1RequestSchema, responseSchema: ordersReadV1ResponseSchema, examples: [{ file: 'request-get-order-lines.json', message: ordersReadV1Example0 }, { file: 'request-get-order-summary.json', message: ordersReadV1Example1 }, { file: 'response-not-found.json', message: ordersReadV1Example2 }, { file: 'response-order-lines.json', message: ordersReadV1Example3 }, { file: 'response-order-summary-cancelled.json', message: ordersReadV1Example4 }, { file: 'response-order-summary.json', message: ordersReadV1Example5 }] },
];
