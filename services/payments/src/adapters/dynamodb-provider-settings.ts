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
 * How long a read of the settings is reused. Short enough that a switch takes effect within a
 * few seconds everywhere; long enough that a batch of ten payments reads the item once, not
 * ten times (each read is a billed request).
 */
export const PROVIDER_SETTINGS_CACHE_MS = 2_000;

export interface DynamoDbProviderSettingsOptions {
  cacheMs?: number;
  /** Milliseconds since the epoch; inject it in tests. */
  now?: () => number;
}

/**
 * The settings item (`pk = PROVIDER#settings`) in the payments table, read through a cache
 * that lives as long as the function instance (module scope), so a warm Lambda does not read
 * DynamoDB on every charge.
 */
export class DynamoDbProviderSettings implements ProviderSettingsSource {
  readonly #client: SettingsDocumentClient;
  readonly #tableName: string;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #cached: { settings: ProviderSettings; readAt: number } | undefined;

  constructor(client: SettingsDocumentClient, tableName: string, options: DynamoDbProviderSettingsOptions = {}) {
    this.#client = client;
    this.#tableName = tableName;
    this.#cacheMs = options.cacheMs ?? PROVIDER_SETTINGS_CACHE_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The settings, read again once the cached read is older than the cache period. */
  async current(): Promise<ProviderSettings> {
    const now = this.#now();
    if (this.#cached !== undefined && now - this.#cached.readAt < this.#cacheMs) {
      return structuredClone(this.#cached.settings);
    }
    const settings = await this.read();
    this.#cached = { settings, readAt: now };
    return structuredClone(settings);
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
    this.#cached = undefined;
  }
}
