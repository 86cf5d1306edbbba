import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PROVIDER_SETTINGS_KEY, type ProviderSettings, parseProviderSettings } from './provider-settings.ts';

/** The two document-client calls the settings store makes; `DynamoDBDocumentClient` satisfies it. */
/** The part of the GetItem and PutItem outputs that is read. */
type DocumentOutput = { Item?: Record<string, unknown> | undefined };

export interface SettingsDocumentClient {
  send(command: GetCommand): Promise<DocumentOutput>;
  send(command: PutCommand): Promise<DocumentOutput>;
}

/** Where the simulated provider gets its switches. */
export interface ProviderSettingsSource {
  current(): Promise<ProviderSettings>;
}

/**
 * The settings item (`pk = PROVIDER#settings`) in the payments table. Every charge reads it, so
 * an operator's switch takes effect for the next charge (the provider it simulates goes down at
 * once, not a few seconds later); charges that ask at the same moment (the records of one batch)
 * share one read. A strongly consistent read of this small item is one read unit, a quarter of a
 * cent per thousand orders at on-demand prices: not worth a cache that makes a switch lag behind
 * the orders placed after it.
 */
export class DynamoDbProviderSettings implements ProviderSettingsSource {
  readonly #client: SettingsDocumentClient;
  readonly #tableName: string;
  #inFlight: Promise<ProviderSettings> | undefined;

  constructor(client: SettingsDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /** The stored settings; a call made while a read is in flight shares that read. */
  async current(): Promise<ProviderSettings> {
    this.#inFlight ??= this.read().finally(() => {
      this.#inFlight = undefined;
    });
    return structuredClone(await this.#inFlight);
  }

  /** The stored settings, read strongly consistent and uncached (what the operator script shows). */
  async read(): Promise<ProviderSettings> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { pk: PROVIDER_SETTINGS_KEY }, ConsistentRead: true }),
    );
    return parseProviderSettings(Item);
  }

  /** Replaces the stored settings, noting when and by whom (the operator script's caller). */
  async write(settings: ProviderSettings, changedBy: string, at: Date = new Date()): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { pk: PROVIDER_SETTINGS_KEY, ...settings, changedBy, changedAt: at.toISOString() },
      }),
    );
  }
}
