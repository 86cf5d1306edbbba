import uPlot from 'uplot';
import { type AlarmFigures, type Dashboard, type Figures, get } from './api.ts';
import { h } from './dom.ts';

const STATE_ORDER = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 } as const;
const COLORS = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#475569',
  '#ea580c',
];

/** Alarms, worst first, and the stacks' dashboards drawn with uPlot from the local CloudWatch's data. */
export class AlarmsView {
  readonly element: HTMLElement;
  readonly #alarms = h('table', { class: 'alarms', 'data-testid': 'alarms' });
  readonly #dashboards = h('section', { class: 'dashboards' });
  #charts: uPlot[] = [];

  constructor() {
    this.element = h('section', {}, h('h2', {}, 'Alarms'), this.#alarms, h('h2', {}, 'Dashboard'), this.#dashboards);
    void this.#drawDashboards();
  }

  figures(figures: Figures): void {
    const alarms = [...figures.alarms].sort(
      (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name),
    );
    this.#alarms.replaceChildren(
      h('tr', {}, ...['state', 'alarm', 'metric', 'since', 'why'].map((title) => h('th', {}, title))),
      ...alarms.map((alarm: AlarmFigures) =>
        h(
          'tr',
          { class: alarm.state, 'data-alarm': alarm.name },
          h('td', {}, h('span', { class: `state ${alarm.state}`, 'data-testid': `alarm-${alarm.name}` }, alarm.state)),
          h('td', { title: alarm.description }, alarm.name),
          h('td', {}, `${alarm.namespace} ${alarm.metricName}`),
          h('td', {}, alarm.updatedAt.slice(11, 19)),
          h('td', { class: 'reason' }, alarm.reason),
        ),
      ),
    );
  }

  async #drawDashboards(): Promise<void> {
    const dashboards = await get<Dashboard[]>('/__local/console/dashboards?minutes=60');
    for (const chart of this.#charts) chart.destroy();
    this.#charts = [];
    this.#dashboards.replaceChildren();
    for (const dashboard of dashboards) {
      this.#dashboards.append(h('h3', {}, dashboard.name));
      const grid = h('div', { class: 'widgets' });
      this.#dashboards.append(grid);
      for (const widget of dashboard.widgets) {
        if (widget.type === 'text') {
          grid.append(h('div', { class: 'widget text' }, widget.markdown.replace(/^#+\s*/gm, '')));
          continue;
        }
        const box = h('div', { class: 'widget' });
        grid.append(box);
        const times = [...new Set(widget.series.flatMap((series) => series.points.map(([time]) => time)))].sort(
          (a, b) => a - b,
        );
        const data: uPlot.AlignedData = [
          times.map((time) => time / 1000),
          ...widget.series.map((series) => {
            const byTime = new Map(series.points);
            return times.map((time) => byTime.get(time) ?? null);
          }),
        ];
        this.#charts.push(
          new uPlot(
            {
              title: widget.title,
              width: 460,
              height: 200,
              series: [
                {},
                ...widget.series.map((series, index) => ({
                  label: series.label,
                  stroke: COLORS[index % COLORS.length],
                  spanGaps: false,
                })),
              ],
              axes: [{}, { size: 50 }],
            },
            data,
            box,
          ),
        );
      }
    }
  }

  refresh(): void {
    void this.#drawDashboards();
  }
}
