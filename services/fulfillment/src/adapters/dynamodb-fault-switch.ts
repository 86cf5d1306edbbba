import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type FaultSettings, parseFaultSettings } from '../domain/faults.ts';
import type { FaultSwitch } from '../domain/ports.ts';
import type { FulfillmentStep } from '../domain/saga.ts';

/** The key of the operator's fault switch in the fulfillment table. */
export const FAULTS_KEY = 'FAULTS#settings';

/**
 * The fault switch as the `FAULTS#settings` item of the fulfillment table. Steps read it on
 * every attempt, strongly consistent and uncached: a saga step is rare and slow next to one
 * GetItem, and a scenario that flips the switch must see the very next attempt obey it.
 * The operator script writes it through the same class.
 */
export class DynamoDbFaultSwitch implements FaultSwitch {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async read(): Promise<FaultSettings> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { pk: FAULTS_KEY }, ConsistentRead: true }),
    );
    return parseFaultSettings(Item);
  }

  /** Makes every attempt of `step` fail until {@link clear} is called. */
  async failStep(step: FulfillmentStep, at: Date = new Date()): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { pk: FAULTS_KEY, failStep: step, updatedAt: at.toISOString() },
      }),
    );
  }

  async clear(): Promise<void> {
    await this.#client.send(new DeleteCommand({ TableName: this.#tableName, Key: { pk: FAULTS_KEY } }));
  }
}
