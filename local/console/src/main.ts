import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { AlarmsView } from './alarms-view.ts';
import { connect, type Figures, type Graph, get, type Hop } from './api.ts';
import { CatalogView, SwitchesView } from './catalog-view.ts';
import { GraphView } from './graph-view.ts';
import { MailboxView } from './mailbox-view.ts';
import { OrdersView } from './orders-view.ts';
import { QueuesView } from './queues-view.ts';

/**
 * The console's shell: one view at a time (from the URL's hash), fed by the live stream. The
 * graph is built once; the other views are built when shown.
 */
const main = document.getElementById('view') as HTMLElement;
const connection = document.getElementById('connection') as HTMLElement;
const alarmCount = document.getElementById('alarm-count') as HTMLElement;

const graph = await get<Graph>('/__local/console/graph');
const graphView = new GraphView(graph);
interface View {
  readonly element: HTMLElement;
  figures?(figures: Figures): void;
  hop?(hop: Hop): void;
}
let current: { name: string; view: View } | undefined;
let lastFigures: Figures | undefined;

function show(): void {
  const [, name = 'graph', argument] = /^#\/([a-z]+)(?:\/(.+))?$/.exec(location.hash) ?? [];
  const view: View =
    name === 'orders'
      ? new OrdersView(argument)
      : name === 'queues'
        ? new QueuesView()
        : name === 'alarms'
          ? new AlarmsView()
          : name === 'mailbox'
            ? new MailboxView()
            : name === 'catalog'
              ? new CatalogView()
              : name === 'switches'
                ? new SwitchesView()
                : graphView;
  current = { name, view };
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a'))
    link.classList.toggle('active', link.dataset.view === name);
  main.replaceChildren(view.element);
  if (lastFigures) view.figures?.(lastFigures);
}

window.addEventListener('hashchange', show);
show();

connect({
  onState(connected) {
    connection.textContent = connected ? 'live' : 'reconnecting…';
    connection.classList.toggle('live', connected);
  },
  onFigures(figures) {
    lastFigures = figures;
    const firing = figures.alarms.filter((alarm) => alarm.state === 'ALARM').length;
    alarmCount.hidden = firing === 0;
    alarmCount.textContent = String(firing);
    graphView.figures(figures);
    if (current && current.view !== (graphView as View)) current.view.figures?.(figures);
  },
  onHop(hop) {
    graphView.hop(hop);
    if (current?.view !== (graphView as View)) current?.view.hop?.(hop);
    if (current?.name === 'mailbox' && hop.kind === 'mail') (current.view as MailboxView).refresh();
  },
});
