import { catalogEntry } from '../src/index.ts';

/** What the detector needs to know of an event on the bus. */
export interface BusEvent {
  readonly source?: unknown;
  readonly 'detail-type'?: unknown;
  readonly detail?: { readonly metadata?: { readonly version?: unknown } } | null;
}

export type Verdict =
  | { readonly documented: true }
  | {
      readonly documented: false;
      readonly source: string;
      readonly detailType: string;
      readonly version: string;
      /** The version is cataloged but retired: a producer still publishes what nobody reads any more. */
      readonly retired?: true;
    };

/**
 * "Set up alerts to be triggered whenever an event that is not properly documented in a
 * catalogue is fired" (docs/patterns/undocumented-event-detector.md). An event is documented when its detail-type and `metadata.version` name a
 * catalog entry that is not retired; anything else (an unknown type, a version nobody cataloged,
 * a retired version, no version) is not.
 */
export function judgeEvent(event: BusEvent): Verdict {
  const detailType = typeof event['detail-type'] === 'string' ? event['detail-type'] : '';
  const version = event.detail?.metadata?.version;
  const entry = typeof version === 'number' ? catalogEntry(detailType, version) : undefined;
  if (entry !== undefined && entry.status !== 'retired') return { documented: true };
  return {
    documented: false,
    source: typeof event.source === 'string' ? event.source : '',
    detailType,
    version: version === undefined ? 'none' : String(version),
    ...(entry?.status === 'retired' ? { retired: true as const } : {}),
  };
}
