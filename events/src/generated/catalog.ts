/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */

import type { InventoryReservationFailedV1 } from './inventory-reservation-failed-v1.ts';
import type { InventoryReservedV1 } from './inventory-reserved-v1.ts';
import type { OrderPlacedV1 } from './order-placed-v1.ts';
import type { OrdersReadRequestV1, OrdersReadResponseV1 } from './orders-read-v1.ts';
import inventoryReservationFailedV1Event from '../../catalog/InventoryReservationFailed/v1/event.json' with { type: 'json' };
import inventoryReservationFailedV1Schema from '../../catalog/InventoryReservationFailed/v1/schema.json' with { type: 'json' };
import inventoryReservationFailedV1Example0 from '../../catalog/InventoryReservationFailed/v1/examples/out-of-stock.json' with { type: 'json' };
import inventoryReservationFailedV1Example1 from '../../catalog/InventoryReservationFailed/v1/examples/unknown-sku.json' with { type: 'json' };
import inventoryReservedV1Event from '../../catalog/InventoryReserved/v1/event.json' with { type: 'json' };
import inventoryReservedV1Schema from '../../catalog/InventoryReserved/v1/schema.json' with { type: 'json' };
import inventoryReservedV1Example0 from '../../catalog/InventoryReserved/v1/examples/inventory-reserved.json' with { type: 'json' };
import orderPlacedV1Event from '../../catalog/OrderPlaced/v1/event.json' with { type: 'json' };
import orderPlacedV1Schema from '../../catalog/OrderPlaced/v1/schema.json' with { type: 'json' };
import orderPlacedV1Example0 from '../../catalog/OrderPlaced/v1/examples/order-placed.json' with { type: 'json' };
import ordersReadV1Interface from '../../interfaces/orders-read/v1/interface.json' with { type: 'json' };
import ordersReadV1RequestSchema from '../../interfaces/orders-read/v1/request.schema.json' with { type: 'json' };
import ordersReadV1ResponseSchema from '../../interfaces/orders-read/v1/response.schema.json' with { type: 'json' };
import ordersReadV1Example0 from '../../interfaces/orders-read/v1/examples/request.json' with { type: 'json' };
import ordersReadV1Example1 from '../../interfaces/orders-read/v1/examples/response-found.json' with { type: 'json' };
import ordersReadV1Example2 from '../../interfaces/orders-read/v1/examples/response-not-found.json' with { type: 'json' };

/** Every cataloged event name, one per `events/catalog/<Name>/` folder. */
export const eventNames = ['InventoryReservationFailed', 'InventoryReserved', 'OrderPlaced'] as const;

/** The name of a cataloged event (its EventBridge `detail-type`). */
export type EventName = (typeof eventNames)[number];

/** Event name → version → the detail type of that version (every version still consumed). */
export interface EventVersionMap {
  InventoryReservationFailed: { 1: InventoryReservationFailedV1 };
  InventoryReserved: { 1: InventoryReservedV1 };
  OrderPlaced: { 1: OrderPlacedV1 };
}

/** Event name → the detail type of its latest version (what producers emit). */
export interface EventMap {
  InventoryReservationFailed: InventoryReservationFailedV1;
  InventoryReserved: InventoryReservedV1;
  OrderPlaced: OrderPlacedV1;
}

/** Read interface name → version → its request and response types. */
export interface InterfaceMap {
  'orders-read': { 1: { request: OrdersReadRequestV1; response: OrdersReadResponseV1 } };
}

/** The raw catalog files, as static JSON imports so every bundle carries them. */
export const eventSources = [
  { event: inventoryReservationFailedV1Event, schema: inventoryReservationFailedV1Schema, examples: [inventoryReservationFailedV1Example0, inventoryReservationFailedV1Example1], exampleFiles: ['out-of-stock.json', 'unknown-sku.json'] },
  { event: inventoryReservedV1Event, schema: inventoryReservedV1Schema, examples: [inventoryReservedV1Example0], exampleFiles: ['inventory-reserved.json'] },
  { event: orderPlacedV1Event, schema: orderPlacedV1Schema, examples: [orderPlacedV1Example0], exampleFiles: ['order-placed.json'] },
];

/** The raw published read interfaces, as static JSON imports. */
export const interfaceSources = [
  { description: ordersReadV1Interface, requestSchema: ordersReadV1RequestSchema, responseSchema: ordersReadV1ResponseSchema, examples: [{ file: 'request.json', message: ordersReadV1Example0 }, { file: 'response-found.json', message: ordersReadV1Example1 }, { file: 'response-not-found.json', message: ordersReadV1Example2 }] },
];
