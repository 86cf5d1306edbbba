import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestCloud } from './local-cloud.ts';

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

  constructor(cloud: TestCloud) {
    this.#cloud = cloud;
    this.#documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
  }

  async placeOrder(body: unknown, headers: Record<string, string> = {}): Promise<PlacedOrder> {
    const response = await fetch(`${this.#cloud.httpApiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as PlacedOrder['body'] };
  }

  async getOrder(orderId: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.#cloud.httpApiUrl}/orders/${orderId}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
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
