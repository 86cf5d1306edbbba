/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The Lambda Invoke payload sent to the orders read interface.
 */
export interface OrdersReadRequestV1 {
  /**
   * The question asked; the only one v1 answers.
   */
  query: 'GetOrderLines';
  /**
   * The order asked about.
   */
  orderId: string;
}

/**
 * The Lambda Invoke response of the orders read interface: the order's lines, or found: false.
 */
export type OrdersReadResponseV1 =
  | {
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
  | {
      found: false;
      orderId: string;
    };
