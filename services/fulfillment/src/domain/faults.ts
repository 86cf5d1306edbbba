import { type FulfillmentStep, isFulfillmentStep } from './saga.ts';

/**
 * The operator's fault switch, stored as the `FAULTS#settings` item of the fulfillment table
 * so it can be flipped at run time, on the local cloud and on AWS alike, with the same script
 * (`scripts/faults.ts`). It stands for a dependency of one step being down, which is how the
 * saga's retries and compensations are shown on purpose.
 */
export interface FaultSettings {
  /** The step that fails on every attempt while the switch is set. */
  failStep?: FulfillmentStep;
}

/** No fault: what an absent or unreadable settings item means. */
export const NO_FAULTS: FaultSettings = Object.freeze({});

/** Whether `step` must fail now. */
export function isFaultInjected(settings: FaultSettings, step: FulfillmentStep): boolean {
  return settings.failStep === step;
}

/**
 * Reads the stored settings leniently: a value the code does not know (written by hand, or by
 * a newer version of the script) injects no fault rather than failing every saga.
 */
export function parseFaultSettings(stored: { readonly failStep?: unknown } | undefined): FaultSettings {
  return isFulfillmentStep(stored?.failStep) ? { failStep: stored.failStep } : NO_FAULTS;
}
