import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSpec } from '@shop/topology/topology';
import type { EventBus } from './event-bus.ts';

interface Saved {
  readonly saved: RuleSpec[];
  readonly deleted: string[];
}

const keyOf = (busName: string, name: string) => `${busName}/${name}`;

/**
 * The rules changed through the API (PutRule, PutTargets, RemoveTargets, Enable/DisableRule,
 * DeleteRule), kept in `eventbridge/rules.json` and applied over the stacks' rules at every
 * start, as they would stay on AWS until the stack is deployed again.
 */
export class RuleChanges {
  readonly #file: string;
  #state: Saved;

  constructor(dataDir: string) {
    const directory = join(dataDir, 'eventbridge');
    mkdirSync(directory, { recursive: true });
    this.#file = join(directory, 'rules.json');
    this.#state = existsSync(this.#file)
      ? (JSON.parse(readFileSync(this.#file, 'utf8')) as Saved)
      : { saved: [], deleted: [] };
  }

  /** Applies the kept changes to a bus built from the stacks; a change that no longer applies is dropped. */
  applyTo(bus: EventBus, onDropped: (reason: string) => void): void {
    for (const key of this.#state.deleted) {
      const [busName = '', ...name] = key.split('/');
      bus.deleteRule(busName, name.join('/'));
    }
    for (const spec of this.#state.saved) {
      try {
        bus.saveRule(spec);
      } catch (error) {
        onDropped(`rule ${spec.name} on ${spec.busName}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  saved(spec: RuleSpec): void {
    const key = keyOf(spec.busName, spec.name);
    this.#write({
      saved: [...this.#state.saved.filter((rule) => keyOf(rule.busName, rule.name) !== key), spec],
      deleted: this.#state.deleted.filter((deleted) => deleted !== key),
    });
  }

  deleted(busName: string, name: string): void {
    const key = keyOf(busName, name);
    this.#write({
      saved: this.#state.saved.filter((rule) => keyOf(rule.busName, rule.name) !== key),
      deleted: [...new Set([...this.#state.deleted, key])],
    });
  }

  #write(state: Saved): void {
    this.#state = state;
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2));
    renameSync(temporary, this.#file);
  }
}
