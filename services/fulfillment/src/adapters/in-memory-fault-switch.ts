import { type FaultSettings, NO_FAULTS } from '../domain/faults.ts';
import type { FaultSwitch } from '../domain/ports.ts';

/** The fault switch in memory, flipped by tests as the operator script flips the real one. */
export class InMemoryFaultSwitch implements FaultSwitch {
  #settings: FaultSettings = NO_FAULTS;

  async read(): Promise<FaultSettings> {
    return this.#settings;
  }

  set(settings: FaultSettings): void {
    this.#settings = settings;
  }
}
