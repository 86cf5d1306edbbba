import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { findCustomerPool, signInDemoCustomer } from '../../services/orders/scripts/demo-customer.ts';
import type { TestCloud } from './local-cloud.ts';

/** A customer signed in to the shop's user pool: who they are and the ID token the order API takes. */
export interface SignedInCustomer {
  readonly name: string;
  readonly customerId: string;
  readonly email: string;
  readonly idToken: string;
}

export interface PlacedOrder {
  readonly status: number;
  readonly body: {
    orderId?: string;
    status?: string;
    statusUrl?: string;
    error?: string;
    message?: string;
    issues?: string[];
  };
}

/** What a customer and an operator see of the shop running on the local cloud. */
export class ShopProbe {
  readonly #cloud: TestCloud;
  readonly #documents: DynamoDBDocumentClient;

  readonly #cognito: CognitoIdentityProviderClient;
  readonly #customers = new Map<string, Promise<SignedInCustomer>>();

  constructor(cloud: TestCloud) {
    this.#cloud = cloud;
    this.#documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
    this.#cognito = new CognitoIdentityProviderClient(cloud.clientConfig);
  }

  /** Signs a customer in (creating them on first use) as `npm run token` does; the same name gives the same customer. */
  customer(name = 'shopper'): Promise<SignedInCustomer> {
    let signedIn = this.#customers.get(name);
    if (!signedIn) {
      signedIn = (async () => {
        const pool = await findCustomerPool(this.#cognito, this.#cloud.topology.stage);
        const tokens = await signInDemoCustomer(this.#cognito, pool, name);
        return { name: tokens.username, customerId: tokens.customerId, email: tokens.email, idToken: tokens.idToken };
      })();
      this.#customers.set(name, signedIn);
    }
    return signedIn;
  }

  /** `POST /orders` as `customer` (default: the probe's own shopper). */
  async placeOrder(
    body: unknown,
    headers: Record<string, string> = {},
    customer?: SignedInCustomer,
  ): Promise<PlacedOrder> {
    const response = await fetch(`${this.#cloud.httpApiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await this.#authorization(customer)), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as PlacedOrder['body'] };
  }

  async getOrder(
    orderId: string,
    customer?: SignedInCustomer,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.#cloud.httpApiUrl}/orders/${orderId}`, {
      headers: await this.#authorization(customer),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async cancelOrder(
    orderId: string,
    customer?: SignedInCustomer,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.#cloud.httpApiUrl}/orders/${orderId}/cancel`, {
      method: 'POST',
      headers: await this.#authorization(customer),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async #authorization(customer?: SignedInCustomer): Promise<Record<string, string>> {
    return { authorization: `Bearer ${(customer ?? (await this.customer())).idToken}` };
  }

  /** Every event of one order the catch-all audit rule recorded, by detail-type. */
  eventsOf(orderId: string): Array<{
    'detail-type': string;
    source: string;
    detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
  }> {
    return this.#cloud.logs
      .recent(100_000)
      .filter((entry) => entry.origin.startsWith('logs:') && entry.origin.endsWith('/audit'))
      .map((entry) => JSON.parse(entry.line))
      .filter((event) => event.detail?.data?.orderId === orderId);
  }

  eventOf(orderId: string, detailType: string) {
    return this.eventsOf(orderId).find((event) => event['detail-type'] === detailType);
  }

  async stockOf(sku: string): Promise<{ available: number; reserved: number } | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table('InventoryTable'), Key: { pk: `SKU#${sku}` }, ConsistentRead: true }),
    );
    return Item ? { available: Number(Item.available), reserved: Number(Item.reserved ?? 0) } : undefined;
  }

  async countOrders(): Promise<number> {
    const { Items = [] } = await this.#documents.send(
      new ScanCommand({ TableName: this.#table('OrdersTable'), ConsistentRead: true }),
    );
    return Items.length;
  }

  async orderItem(orderId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table('OrdersTable'), Key: { orderId }, ConsistentRead: true }),
    );
    return Item;
  }

  #table(logicalId: string): string {
    const table = this.#cloud.topology.tables.find((candidate) => candidate.logicalId === logicalId);
    if (!table) throw new Error(`No table ${logicalId}`);
    return String(table.properties.TableName);
  }
}
