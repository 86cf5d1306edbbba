import { get, type Hop, type OrderSummary, post } from './api.ts';
import { clock, h, json } from './dom.ts';

/** The lanes, in the order an order travels them; any other lane goes last. */
const LANES = ['orders', 'inventory', 'payments', 'fulfillment', 'notifications', 'platform'];
const KIND_MARK: Record<Hop['kind'], string> = {
  api: 'API',
  event: 'EVT',
  queue: 'SQS',
  invocation: 'λ',
  log: 'LOG',
  pipe: 'PIPE',
  saga: 'SFN',
  mail: 'MAIL',
  storage: 'S3',
};

/** Where an order stands, from the events it went through. */
export function statusOf(events: readonly string[]): string {
  const order = [
    'OrderCancelled',
    'OrderShipped',
    'OrderConfirmed',
    'PaymentCaptured',
    'OrderDelayed',
    'InventoryReserved',
    'OrderPlaced',
  ];
  const status: Record<string, string> = {
    OrderCancelled: 'CANCELLED',
    OrderShipped: 'SHIPPED',
    OrderConfirmed: 'PAID',
    PaymentCaptured: 'PAID',
    OrderDelayed: 'DELAYED',
    InventoryReserved: 'RESERVED',
    OrderPlaced: 'PLACED',
  };
  const reached = order.find((name) => events.includes(name));
  return reached ? (status[reached] ?? '') : '';
}

/**
 * Orders: the latest ones, a form to place one (through the real HTTP API, as the demo customer),
 * and for one order its timeline across the services as swim lanes, from its trace: every hop
 * in its service's lane, one row per hop in the order they happened; a click shows the envelope,
 * the message or the log line.
 */
export class OrdersView {
  readonly element: HTMLElement;
  readonly #list = h('ul', { class: 'orders', 'data-testid': 'orders' });
  readonly #timeline = h('section', { class: 'timeline', 'data-testid': 'timeline' });
  readonly #detail = h('aside', { class: 'detail' }, h('p', { class: 'muted' }, 'Click a hop to see its detail.'));
  readonly #message = h('p', { class: 'message', 'data-testid': 'order-message' });
  #selected: string | undefined;
  #refreshing = false;

  constructor(selected?: string) {
    this.#selected = selected;
    const sku = h('input', { name: 'sku', value: 'MUG-LOGO-350ML', 'aria-label': 'SKU' });
    const quantity = h('input', { name: 'quantity', type: 'number', min: 1, value: 1, 'aria-label': 'quantity' });
    const form = h(
      'form',
      {
        class: 'place',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void this.#place(sku.value, Number(quantity.value));
        },
      },
      h('strong', {}, 'Place an order '),
      sku,
      quantity,
      h('button', { type: 'submit', 'data-testid': 'place-order' }, 'Place order as ada'),
    );
    this.element = h(
      'section',
      { class: 'orders-view' },
      form,
      this.#message,
      h(
        'div',
        { class: 'columns' },
        h('div', {}, h('h2', {}, 'Latest orders'), this.#list),
        h('div', { class: 'wide' }, this.#timeline),
        this.#detail,
      ),
    );
    void this.refresh();
  }

  async #place(sku: string, quantity: number): Promise<void> {
    this.#message.textContent = 'placing…';
    try {
      const answer = await post<{ status: number; body: { orderId?: string; message?: string } }>(
        '/__local/console/orders',
        { lines: [{ sku, quantity }] },
      );
      if (answer.status !== 202 || !answer.body.orderId)
        throw new Error(answer.body.message ?? `answered ${answer.status}`);
      this.#message.textContent = `Placed ${answer.body.orderId}: follow it below.`;
      location.hash = `#/orders/${answer.body.orderId}`;
    } catch (error) {
      this.#message.textContent = `Could not place the order: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async #cancel(orderId: string): Promise<void> {
    const answer = await post<{ status: number; body: { message?: string; status?: string } }>(
      `/__local/console/orders/${orderId}/cancel`,
    );
    this.#message.textContent =
      answer.status === 202 ? `Cancelling ${orderId}…` : `Not cancelled: ${answer.body.message ?? answer.status}`;
  }

  /** A hop of any order: refresh the list, and the timeline if it is the one shown. */
  hop(hop: Hop): void {
    if (this.#refreshing) return;
    this.#refreshing = true;
    setTimeout(() => {
      this.#refreshing = false;
      void this.refresh();
    }, 300);
    void hop;
  }

  async refresh(): Promise<void> {
    const orders = await get<OrderSummary[]>('/__local/console/orders');
    this.#list.replaceChildren(
      ...orders.map((order) =>
        h(
          'li',
          { class: order.orderId === this.#selected ? 'selected' : undefined },
          h('a', { href: `#/orders/${order.orderId}` }, order.orderId),
          ' ',
          h('span', { class: `status ${statusOf(order.events)}` }, statusOf(order.events)),
        ),
      ),
    );
    if (orders.length === 0) this.#list.append(h('li', { class: 'muted' }, 'No order yet: place one above.'));
    if (this.#selected) await this.#showTimeline(this.#selected);
  }

  async #showTimeline(orderId: string): Promise<void> {
    const hops = await get<Hop[]>(`/__local/trace/${encodeURIComponent(orderId)}`);
    const lanes = [...new Set(hops.map((hop) => hop.lane))].sort(
      (a, b) => ((LANES.indexOf(a) + 100) % 100) - ((LANES.indexOf(b) + 100) % 100),
    );
    const status = statusOf(hops.filter((hop) => hop.kind === 'event').map((hop) => hop.name));
    const grid = h('div', {
      class: 'lanes',
      style: `grid-template-columns: 7em repeat(${lanes.length}, minmax(9em, 1fr))`,
    });
    grid.append(
      h('div', { class: 'lane-head' }, 'time'),
      ...lanes.map((lane) => h('div', { class: 'lane-head' }, lane)),
    );
    for (const hop of hops) {
      grid.append(h('div', { class: 'time' }, clock(hop.at)));
      for (const lane of lanes) {
        grid.append(
          lane === hop.lane
            ? h(
                'button',
                {
                  class: `hop ${hop.kind}`,
                  title: hop.summary,
                  'data-kind': hop.kind,
                  onclick: () => this.#detail.replaceChildren(h('h3', {}, hop.summary), json(hop.detail ?? {})),
                },
                h('span', { class: 'mark' }, KIND_MARK[hop.kind]),
                ' ',
                hop.summary,
              )
            : h('div', { class: 'empty' }),
        );
      }
    }
    this.#timeline.replaceChildren(
      h(
        'header',
        {},
        h('h2', {}, orderId, ' ', h('span', { class: `status ${status}`, 'data-testid': 'order-status' }, status)),
        status !== 'SHIPPED' && status !== 'CANCELLED'
          ? h('button', { onclick: () => void this.#cancel(orderId) }, 'Cancel this order')
          : null,
      ),
      h('p', { class: 'muted' }, `${hops.length} hops across ${lanes.length} services, in the order they happened.`),
      grid,
    );
  }
}
