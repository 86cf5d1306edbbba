import { type Figures, get, post } from './api.ts';
import { clock, h, json, present } from './dom.ts';

/** Queues and dead-letter queues: depth, in flight, delayed, age; peek at messages; redrive a DLQ. */
export class QueuesView {
  readonly element: HTMLElement;
  readonly #table = h('table', { class: 'queues', 'data-testid': 'queues' });
  readonly #peek = h('aside', { class: 'detail' });

  constructor() {
    this.element = h(
      'section',
      {},
      h('h2', {}, 'Queues'),
      h('div', { class: 'columns' }, h('div', { class: 'wide' }, this.#table), this.#peek),
    );
  }

  figures(figures: Figures): void {
    const rows = [...figures.queues].sort(
      (a, b) =>
        Number(b.deadLetter && b.visible > 0) - Number(a.deadLetter && a.visible > 0) || a.group.localeCompare(b.group),
    );
    this.#table.replaceChildren(
      h(
        'tr',
        {},
        ...['service', 'queue', 'visible', 'in flight', 'delayed', 'oldest (s)', ''].map((title) => h('th', {}, title)),
      ),
      ...rows.map((queue) =>
        h(
          'tr',
          {
            class: queue.deadLetter ? (queue.visible > 0 ? 'dlq holding' : 'dlq') : undefined,
            'data-queue': queue.name,
          },
          h('td', {}, queue.group),
          h('td', {}, queue.label, queue.deadLetter ? h('span', { class: 'tag' }, 'DLQ') : null),
          h('td', { class: 'number', 'data-testid': `visible-${queue.name}` }, queue.visible),
          h('td', { class: 'number' }, queue.inFlight),
          h('td', { class: 'number' }, queue.delayed),
          h('td', { class: 'number' }, queue.oldestMessageAgeSeconds),
          h(
            'td',
            {},
            h('button', { onclick: () => void this.#showMessages(queue.name) }, 'peek'),
            queue.deadLetter && queue.visible > 0
              ? h(
                  'button',
                  {
                    class: 'danger',
                    'data-testid': `redrive-${queue.name}`,
                    onclick: () => void this.#redrive(queue.name),
                  },
                  'redrive',
                )
              : null,
          ),
        ),
      ),
    );
  }

  async #showMessages(queueName: string): Promise<void> {
    const messages = await get<
      Array<{ messageId: string; body: string; sentAt: number; receiveCount: number; inFlight: boolean }>
    >(`/__local/console/queues/${queueName}/messages`);
    this.#peek.replaceChildren(
      ...present(h('h3', {}, queueName), messages.length === 0 ? h('p', { class: 'muted' }, 'Empty.') : null),
      ...messages.map((message) => {
        let body: unknown = message.body;
        try {
          body = JSON.parse(message.body);
        } catch {
          // not JSON: shown as it is
        }
        return h(
          'div',
          { class: 'message' },
          h(
            'p',
            {},
            `${clock(new Date(message.sentAt).toISOString())} · received ${message.receiveCount}×${message.inFlight ? ' · in flight' : ''}`,
          ),
          json(body),
        );
      }),
    );
  }

  async #redrive(queueName: string): Promise<void> {
    const task = await post<{ TaskHandle: string }>(`/__local/console/queues/${queueName}/redrive`);
    this.#peek.replaceChildren(
      h('h3', {}, 'Redrive started'),
      h('p', {}, `StartMessageMoveTask moves ${queueName}'s messages back to their source queue.`),
      json(task),
    );
  }
}
