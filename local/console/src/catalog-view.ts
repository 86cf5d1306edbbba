import { get, post } from './api.ts';
import { h, json, present } from './dom.ts';

interface CatalogEntry {
  name: string;
  version: number;
  source: string;
  owner: string;
  meaning: string;
  examples: string[];
  schema: string;
  consumers: Array<{ stack: string; rule: string; targets: string[] }>;
}

interface Switch {
  id: string;
  group: string;
  label: string;
  command: string;
}

/**
 * The event catalog as deployed: each event and version with its producer, meaning, schema,
 * examples and the consumers derived from the rules; and the application's switches.
 */
export class CatalogView {
  readonly element = h('section', { 'data-testid': 'catalog' });

  constructor() {
    void this.#draw();
  }

  async #draw(): Promise<void> {
    const entries = await get<CatalogEntry[]>('/__local/console/catalog');
    this.element.replaceChildren(
      ...present(
        h('h2', {}, `Event catalog (${entries.length} event versions)`),
        entries.length === 0 ? h('p', { class: 'muted' }, 'The application gave the console no catalog.') : null,
        ...entries.map((entry) =>
          h(
            'details',
            { class: 'event', 'data-event': `${entry.name}.v${entry.version}` },
            h(
              'summary',
              {},
              h('strong', {}, entry.name),
              ` v${entry.version} · from ${entry.source} (${entry.owner}) · ${entry.consumers.length} consumer${entry.consumers.length === 1 ? '' : 's'}`,
            ),
            h('p', {}, entry.meaning),
            h('h4', {}, 'Consumers (from the rules)'),
            h(
              'ul',
              {},
              ...entry.consumers.map((consumer) =>
                h('li', {}, `${consumer.stack}: ${consumer.rule} → ${consumer.targets.join(', ')}`),
              ),
            ),
            h('h4', {}, 'Schema'),
            json(safeParse(entry.schema)),
            h('h4', {}, 'Examples'),
            ...entry.examples.map((example) => json(safeParse(example))),
          ),
        ),
      ),
    );
  }
}

export class SwitchesView {
  readonly element = h('section', { 'data-testid': 'switches' });
  readonly #result = h('aside', { class: 'detail' }, h('p', { class: 'muted' }, 'What a switch set shows here.'));

  constructor() {
    void this.#draw();
  }

  async #draw(): Promise<void> {
    const switches = await get<Switch[]>('/__local/console/switches');
    const groups = [...new Set(switches.map((candidate) => candidate.group))];
    this.element.replaceChildren(
      h('h2', {}, 'Switches'),
      h(
        'p',
        { class: 'muted' },
        'Faults and outages to watch the shop absorb: each is the same switch as its terminal command.',
      ),
      h(
        'div',
        { class: 'columns' },
        h(
          'div',
          { class: 'wide' },
          ...groups.map((group) =>
            h(
              'div',
              { class: 'switch-group' },
              h('h3', {}, group),
              ...switches
                .filter((candidate) => candidate.group === group)
                .map((candidate) =>
                  h(
                    'div',
                    { class: 'switch' },
                    h(
                      'button',
                      { 'data-testid': `switch-${candidate.id}`, onclick: () => void this.#flip(candidate) },
                      candidate.label,
                    ),
                    h('code', {}, candidate.command),
                  ),
                ),
            ),
          ),
        ),
        this.#result,
      ),
    );
  }

  async #flip(chosen: Switch): Promise<void> {
    const answer = await post<{ id: string; result: unknown }>(`/__local/console/switches/${chosen.id}`);
    this.#result.replaceChildren(
      h('h3', { 'data-testid': 'switch-result' }, `${chosen.group}: ${chosen.label}`),
      json(answer.result),
    );
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
