/**
 * The event catalog as code: the types generated from the JSON Schemas, and the catalog
 * itself (name, version, source, owner, meaning, schema, examples) for validators, contract
 * tests, the undocumented-event detector and the console.
 *
 * Everything here is derived from `events/catalog/` and `events/interfaces/`; nothing is
 * listed by hand. The JSON files are static imports (see `generated/catalog.ts`), so a
 * bundled handler carries the catalog with it and needs no file system at run time.
 */
import {
  type EventMap,
  type EventName,
  type EventVersionMap,
  eventNames,
  eventSources,
  interfaceSources,
} from './generated/catalog.ts';

export type { EventMap, EventName, EventVersionMap, InterfaceMap } from './generated/catalog.ts';
// Every generated event and interface type: OrderPlacedV1, OrderPlacedV1Data, ...
export type * from './generated/types.ts';
export { eventNames };

/** The versions of an event that consumers may still receive: every cataloged version but the retired ones. */
export type EventVersion<N extends EventName> = keyof EventVersionMap[N] & number;

/**
 * The detail (envelope) of any cataloged version of `N`. Consumers receive this, not only the
 * latest version: while a breaking change rolls out, both versions are on the bus.
 */
export type EventDetail<N extends EventName = EventName> = {
  [K in N]: EventVersionMap[K][EventVersion<K>];
}[N];

/** The `data` of the latest version of `N`: what a producer fills in. */
export type EventData<N extends EventName> = EventMap[N]['data'];

/** The envelope's metadata, common to every event (`version` narrows per event version). */
export type EventMetadata = EventDetail['metadata'];

/** A JSON Schema document, as read from the catalog. */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

/**
 * An EventBridge event as a target receives it (an SQS body delivered by a rule, a Lambda
 * target's payload). The catalog's examples have exactly this shape.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
export interface EventBridgeEvent<TDetail = unknown> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

/** One event version in the catalog. */
export interface CatalogEntry {
  /** The EventBridge `detail-type`. */
  readonly name: EventName;
  readonly version: number;
  /** The EventBridge `source`, such as `shop.orders`. */
  readonly source: string;
  /** The service that publishes it and decides how it evolves. */
  readonly owner: string;
  /** One paragraph: what happened in the business when this event is published. */
  readonly meaning: string;
  /** JSON Schema (draft 2020-12) of the whole `detail`: `{ metadata, data }`. */
  readonly schema: JsonSchemaDocument;
  /** Complete EventBridge events, as consumers receive them. */
  readonly examples: readonly EventBridgeEvent[];
  /** The example file names, in the order of `examples`. */
  readonly exampleFiles: readonly string[];
  /**
   * Where the version is in its life. `current`: the latest, what producers build. `retiring`:
   * replaced by a later version, still published beside it (derived from it by the publisher)
   * until its last consumer has moved. `retired`: published no more and read by no consumer;
   * kept so old archives can still be understood.
   */
  readonly status: EventVersionStatus;
}

/** See {@link CatalogEntry.status}. */
export type EventVersionStatus = 'current' | 'retiring' | 'retired';

/** One version of a published read interface (a synchronous query another service may ask). */
export interface InterfaceEntry {
  readonly name: string;
  readonly version: number;
  readonly owner: string;
  /** How it is called, such as Lambda Invoke of a named function. */
  readonly transport: string;
  readonly meaning: string;
  /** Personal data fields the owner chose to disclose in responses (and to whom, in `meaning`). */
  readonly disclosesPersonalData: readonly string[];
  readonly requestSchema: JsonSchemaDocument;
  readonly responseSchema: JsonSchemaDocument;
  /** Query → the titles of the response branches that answer it. */
  readonly answers: Readonly<Record<string, readonly string[]>>;
  /** Examples named `request*.json` are requests, `response*.json` responses. */
  readonly examples: ReadonlyArray<{ readonly file: string; readonly message: unknown }>;
}

/** Narrows a string (such as an incoming `detail-type`) to a cataloged event name. */
export function isEventName(value: string): value is EventName {
  return (eventNames as readonly string[]).includes(value);
}

function toCatalogEntry(source: (typeof eventSources)[number]): CatalogEntry {
  const { name } = source.event;
  if (!isEventName(name)) throw new Error(`catalog entry ${name} is not in eventNames: regenerate the catalog`);
  return Object.freeze({
    name,
    version: source.event.version,
    source: source.event.source,
    owner: source.event.owner,
    meaning: source.event.meaning,
    schema: source.schema,
    examples: source.examples,
    exampleFiles: source.exampleFiles,
    status: (source.event as { status?: EventVersionStatus }).status ?? 'current',
  });
}

/** Every cataloged event version, ordered by name then version. */
export const eventCatalog: readonly CatalogEntry[] = Object.freeze(eventSources.map(toCatalogEntry));

/** Every published read interface version. */
export const interfaceCatalog: readonly InterfaceEntry[] = Object.freeze(
  interfaceSources.map((source) =>
    Object.freeze({
      name: source.description.name,
      version: source.description.version,
      owner: source.description.owner,
      transport: source.description.transport,
      meaning: source.description.meaning,
      disclosesPersonalData: (source.description as { disclosesPersonalData?: string[] }).disclosesPersonalData ?? [],
      requestSchema: source.requestSchema,
      responseSchema: source.responseSchema,
      answers: source.description.answers,
      examples: source.examples,
    }),
  ),
);

/**
 * The catalog entry of one event version, or `undefined` when that name/version is not
 * cataloged. Takes any string because callers often hold an untrusted `detail-type` (the
 * undocumented-event detector asks exactly this question).
 */
export function catalogEntry(name: string, version: number): CatalogEntry | undefined {
  return eventCatalog.find((entry) => entry.name === name && entry.version === version);
}

/** The highest cataloged version of an event: the one producers emit. */
export function latestVersion(name: EventName): number {
  let latest = 0;
  for (const entry of eventCatalog) {
    if (entry.name === name && entry.version > latest) latest = entry.version;
  }
  if (latest === 0) throw new Error(`${name} has no cataloged version`);
  return latest;
}

/** The entry of one read interface version, or `undefined` when it is not published. */
export function interfaceEntry(name: string, version: number): InterfaceEntry | undefined {
  return interfaceCatalog.find((entry) => entry.name === name && entry.version === version);
}
