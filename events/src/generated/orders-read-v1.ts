/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The Lambda Invoke payload sent to the orders read interface: one of its queries, named by query.
 */
export type OrdersReadRequestV1 = OrdersReadGetOrderLinesV1 | OrdersReadGetOrderSummaryV1;

/**
 * GetOrderLines: the order's lines and total, for inventory's reservation.
 */
export interface OrdersReadGetOrderLinesV1 {
  /**
   * Asks for the lines (SKU and quantity) and the total.
   */
  query: 'GetOrderLines';
  /**
   * The order asked about.
   */
  orderId: string;
}
/**
 * GetOrderSummary: the contact and a summary of the order, for telling the customer about it (notifications only).
 */
export interface OrdersReadGetOrderSummaryV1 {
  /**
   * Asks for the contact, status, lines, total and timeline.
   */
  query: 'GetOrderSummary';
  /**
   * The order asked about.
   */
  orderId: string;
}

/**
 * The Lambda Invoke response of the orders read interface: the answer to the query asked, or found: false.
 */
export type OrdersReadResponseV1 = OrdersReadOrderLinesV1 | OrdersReadOrderSummaryV1 | OrdersReadOrderNotFoundV1;

/**
 * The answer to GetOrderLines: what orders discloses about the order for stock reservation, never contact details.
 */
export interface OrdersReadOrderLinesV1 {
  found: true;
  order: {
    orderId: string;
    /**
     * Opaque customer id: never an e-mail address or a name.
     */
    customerId: string;
    /**
     * The order's current status as orders knows it.
     */
    status: 'PLACED' | 'RESERVED' | 'PAID' | 'SHIPPED' | 'CANCELLED' | 'DELAYED';
    /**
     * @minItems 1
     */
    lines: {
      sku: string;
      quantity: number;
    }[];
    /**
     * An amount of money in minor units (cents), never a float.
     */
    total: {
      /**
       * Minor units of the currency.
       */
      amount: number;
      /**
       * ISO 4217 alphabetic code.
       */
      currency: string;
    };
  };
}
/**
 * The answer to GetOrderSummary: the customer's contact and the order's summary. It discloses personal data (e-mail address, name) and is for notifications only, which must not store or forward it beyond the message to the customer.
 */
export interface OrdersReadOrderSummaryV1 {
  found: true;
  order: {
    orderId: string;
    /**
     * The order's current status as orders knows it.
     */
    status: 'PLACED' | 'RESERVED' | 'PAID' | 'SHIPPED' | 'CANCELLED' | 'DELAYED';
    /**
     * Where to write to the customer, as given when the order was placed.
     */
    email: string;
    /**
     * How to address the customer, when they gave a name.
     */
    name?: string;
    /**
     * @minItems 1
     */
    lines: {
      sku: string;
      quantity: number;
    }[];
    /**
     * An amount of money in minor units (cents), never a float.
     */
    total: {
      /**
       * Minor units of the currency.
       */
      amount: number;
      /**
       * ISO 4217 alphabetic code.
       */
      currency: string;
    };
    /**
     * The order's history, oldest first: one entry per step, including events that arrived after a later step and did not change the status.
     *
     * @minItems 1
     */
    timeline: {
      /**
       * The status this step stands for.
       */
      status: 'PLACED' | 'RESERVED' | 'PAID' | 'SHIPPED' | 'CANCELLED' | 'DELAYED';
      /**
       * When the step happened (RFC 3339, UTC).
       */
      at: string;
      /**
       * Why, for a cancellation (OUT_OF_STOCK, PAYMENT_DECLINED, CUSTOMER_REQUEST, ...).
       */
      reason?: string;
      /**
       * The event that recorded the step (OrderPlaced, InventoryReserved, PaymentCaptured, ...).
       */
      event: string;
    }[];
  };
}
/**
 * No such order (yet), whatever the query: an answer, not an error.
 */
export interface OrdersReadOrderNotFoundV1 {
  found: false;
  orderId: string;
}
