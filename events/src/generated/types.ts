/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
export type * from './fulfillment-failed-v1.ts';
export type * from './inventory-released-v1.ts';
export type * from './inventory-reservation-failed-v1.ts';
export type * from './inventory-reserved-v1.ts';
export type * from './inventory-reserved-v2.ts';
export type * from './order-cancelled-v1.ts';
export type * from './order-confirmed-v1.ts';
export type * from './order-delayed-v1.ts';
export type * from './order-placed-v1.ts';
export type * from './order-shipped-v1.ts';
export type * from './payment-captured-v1.ts';
export type * from './payment-declined-v1.ts';
export type * from './payment-delayed-v1.ts';
export type * from './payment-refunded-v1.ts';
export type * from './orders-read-v1.ts';
