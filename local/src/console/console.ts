import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '@shop/topology/topology';
import { build } from 'esbuild';
import type { CloudWatchService } from '../cloudwatch/index.ts';
import type { ControlRoute } from '../control/control-api.ts';
import { jsonBody } from '../control/control-api.ts';
import type { EdgeRequest, EdgeResponse, EdgeService } from '../edge/types.ts';
import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { HopMaker } from '../observability/hops.ts';
import type { Trace } from '../observability/trace.ts';
import type { SesService } from '../ses/index.ts';
import type { SqsService } from '../sqs/index.ts';
import { type ArchitectureGraph, architectureOf, nodeId } from './graph.ts';

/** Where the console's browser sources live (TypeScript, bundled by esbuild on first use). */
const CONSOLE_DIR = join(import.meta.dirname, '..', '..', 'console');

/** An operator switch the console shows as a button (a fault or an outage to try). */
export interface ConsoleSwitch {
  readonly id: string;
  /** What it switches: `payment provider`, ... */
  readonly group: string;
  readonly label: string;
  /** The same switch from a terminal. */
  readonly command: string;
  run(): Promise<unknown>;
}

/** What an application adds to the console: its event catalog and its switches. */
export interface ConsoleExtensions {
  readonly catalog?: (topology: Topology) => unknown;
  readonly switches?: (topology: Topology, edgeUrl: string) => readonly ConsoleSwitch[];
}

export interface ConsoleDependencies {
  readonly topology: Topology;
  readonly trace: Trace;
  readonly hops: HopMaker;
  readonly sqs: SqsService;
  readonly cloudWatch: CloudWatchService;
  readonly ses: SesService;
  readonly runtime: LambdaRuntime;
  readonly httpApiUrl: () => string;
  /** A demo customer's ID token, for the orders the console places and cancels. */
  readonly demoToken: () => Promise<string>;
  readonly edgeUrl: string;
  readonly extensions?: ConsoleExtensions;
}

export interface LocalConsole {
  /** The page and its bundle, under `/console/`. */
  readonly assets: EdgeService;
  /** Server-sent events: each hop of each order, and the live figures once a second. */
  readonly stream: EdgeService;
  /** The JSON routes the page reads and acts through (under `/__local/console/`). */
  readonly routes: ReadonlyArray<[method: string, pattern: RegExp, route: ControlRoute]>;
}

/**
 * The local cloud's web console: one page, served from the edge, that shows the shop as it runs
 * (the architecture drawn from the topology with events moving along it, each order's timeline
 * in swim lanes, queues and dead-letter queues, alarms and the dashboard's graphs, the mailbox)
 * and acts on it (place and cancel an order, redrive a dead-letter queue). Its assets are
 * TypeScript bundled with esbuild, no CDN: it works offline.
 */
export function createConsole(deps: ConsoleDependencies): LocalConsole {
  let bundle: Promise<{ js: string; css: string }> | undefined;
  const graph: ArchitectureGraph = architectureOf(deps.topology, (stack) => deps.hops.laneOfStack(stack));
  const switches = deps.extensions?.switches?.(deps.topology, deps.edgeUrl) ?? [];
  const queues = () =>
    deps.topology.queues.map((queue) => {
      const node = graph.nodes.find((candidate) => candidate.id === nodeId.queue(queue.name));
      return {
        id: nodeId.queue(queue.name),
        name: queue.name,
        label: node?.label ?? queue.name,
        group: node?.group ?? '',
        arn: queue.arn,
        url: queue.url,
        deadLetter: node?.kind === 'dlq',
        ...deps.sqs.queueStats(queue.arn),
      };
    });
  const alarms = () =>
    deps.cloudWatch.alarms.list().map((alarm) => ({
      name: alarm.name,
      state: alarm.state,
      reason: alarm.reason,
      updatedAt: new Date(alarm.stateUpdatedAt).toISOString(),
      namespace: String(alarm.definition.Namespace),
      metricName: String(alarm.definition.MetricName),
      description: String(alarm.definition.AlarmDescription ?? ''),
    }));
  const figures = () => ({
    at: new Date().toISOString(),
    queues: queues(),
    alarms: alarms(),
    functions: deps.runtime.stats(),
  });
  const orders = () =>
    deps.trace.recentKeys('ord_', 50).map(({ key }) => {
      const events = deps.trace.hops(key).filter((hop) => hop.kind === 'event');
      return {
        orderId: key,
        lastEvent: events.at(-1)?.name ?? '',
        at: events.at(-1)?.at ?? '',
        events: events.map((hop) => hop.name),
      };
    });
  const callApi = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${deps.httpApiUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${await deps.demoToken()}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  return {
    assets: {
      name: 'console',
      claims: (request) =>
        request.method === 'GET' && (request.path === '/console' || request.path.startsWith('/console/')),
      async handle(request: EdgeRequest): Promise<EdgeResponse> {
        if (request.path === '/console') return { status: 302, headers: { location: '/console/' }, body: '' };
        if (request.path === '/console/') {
          return {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            body: readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8'),
          };
        }
        if (request.path === '/console/app.js' || request.path === '/console/app.css') {
          bundle ??= bundleConsole();
          const { js, css } = await bundle;
          return request.path.endsWith('.js')
            ? { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' }, body: js }
            : { status: 200, headers: { 'content-type': 'text/css; charset=utf-8' }, body: css };
        }
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };
      },
    },
    stream: {
      name: 'console-stream',
      claims: (request) => request.method === 'GET' && request.path === '/__local/console/stream',
      async handle(): Promise<EdgeResponse> {
        return {
          status: 200,
          headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
          body: `retry: 1000\n\nevent: figures\ndata: ${JSON.stringify(figures())}\n\n`,
          stream(write, onClose) {
            const unsubscribe = deps.trace.subscribe((hop, keys) => {
              write(`event: hop\ndata: ${JSON.stringify({ ...hop, keys })}\n\n`);
            });
            const ticker = setInterval(() => write(`event: figures\ndata: ${JSON.stringify(figures())}\n\n`), 1000);
            ticker.unref();
            onClose(() => {
              unsubscribe();
              clearInterval(ticker);
            });
          },
        };
      },
    },
    routes: [
      ['GET', /^\/__local\/console\/graph$/, () => graph],
      ['GET', /^\/__local\/console\/figures$/, () => figures()],
      ['GET', /^\/__local\/console\/orders$/, () => orders()],
      [
        'GET',
        /^\/__local\/console\/dashboards$/,
        (request) => {
          const minutes = Math.min(24 * 60, Math.max(5, Number(request.query.get('minutes') ?? 60) || 60));
          return deps.cloudWatch.dashboards.list().map((dashboard) => ({
            name: dashboard.name,
            widgets: widgetsWithData(dashboard.body, deps.cloudWatch, minutes),
          }));
        },
      ],
      [
        'POST',
        /^\/__local\/console\/orders$/,
        async (request) => callApi('POST', '/orders', { currency: 'EUR', lines: jsonBody(request).lines }),
      ],
      [
        'POST',
        /^\/__local\/console\/orders\/([^/]+)\/cancel$/,
        async (_request, [orderId]) => callApi('POST', `/orders/${encodeURIComponent(orderId ?? '')}/cancel`),
      ],
      [
        'POST',
        /^\/__local\/console\/queues\/([^/]+)\/redrive$/,
        (_request, [queueName]) => {
          const queue = deps.topology.queues.find((candidate) => candidate.name === queueName);
          if (!queue) throw new Error(`No queue ${queueName}`);
          return deps.sqs.startMessageMoveTask(queue.arn);
        },
      ],
      [
        'GET',
        /^\/__local\/console\/queues\/([^/]+)\/messages$/,
        (_request, [queueName]) => {
          const queue = deps.topology.queues.find((candidate) => candidate.name === queueName);
          if (!queue) throw new Error(`No queue ${queueName}`);
          return deps.sqs.peekMessages(queue.arn, 10);
        },
      ],
      ['GET', /^\/__local\/console\/mailbox$/, () => deps.ses.listMailbox({ limit: 50 })],
      ['GET', /^\/__local\/console\/catalog$/, () => deps.extensions?.catalog?.(deps.topology) ?? []],
      [
        'GET',
        /^\/__local\/console\/switches$/,
        () => switches.map(({ id, group, label, command }) => ({ id, group, label, command })),
      ],
      [
        'POST',
        /^\/__local\/console\/switches\/([^/]+)$/,
        async (_request, [id]) => {
          const chosen = switches.find((candidate) => candidate.id === id);
          if (!chosen) throw new Error(`No switch ${id}`);
          return { id, result: await chosen.run() };
        },
      ],
    ],
  };
}

async function bundleConsole(): Promise<{ js: string; css: string }> {
  const entry = join(CONSOLE_DIR, 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`The console's sources are missing (${entry})`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: '/console',
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}

interface MetricWidget {
  type: string;
  properties: {
    title?: string;
    metrics?: unknown[][];
    stat?: string;
    period?: number;
    markdown?: string;
    view?: string;
  };
}

/**
 * A dashboard's widgets with the datapoints of each metric over the last `minutes`, as the
 * CloudWatch console would fetch them (each metric's statistic and period, its label).
 */
function widgetsWithData(body: unknown, cloudWatch: CloudWatchService, minutes: number) {
  const widgets = ((body as { widgets?: MetricWidget[] }).widgets ?? []).filter(
    (widget) => widget.type === 'metric' || widget.type === 'text',
  );
  const end = Date.now();
  return widgets.map((widget) => {
    if (widget.type === 'text') return { type: 'text', markdown: widget.properties.markdown ?? '' };
    const period = widget.properties.period ?? 300;
    const periodMs = period * 1000;
    const start = Math.floor((end - minutes * 60_000) / periodMs) * periodMs;
    const series = (widget.properties.metrics ?? []).map((entry) => {
      const options = (typeof entry.at(-1) === 'object' ? entry.at(-1) : {}) as { label?: string; stat?: string };
      const parts = entry.filter((part) => typeof part === 'string') as string[];
      const [namespace = '', metricName = '', ...rest] = parts;
      const dimensions = [];
      for (let index = 0; index + 1 < rest.length; index += 2)
        dimensions.push({ Name: rest[index] as string, Value: rest[index + 1] as string });
      const statistic = options.stat ?? widget.properties.stat ?? 'Average';
      const points = cloudWatch.metrics.series(
        { namespace, metricName, dimensions: dimensions.sort((a, b) => (a.Name < b.Name ? -1 : 1)) },
        { start, end: end + periodMs, periodMs, statistic },
      );
      return {
        label: options.label ?? metricName,
        points: [...points].sort(([a], [b]) => a - b).map(([timestamp, point]) => [timestamp, point.value ?? null]),
      };
    });
    return { type: 'metric', title: widget.properties.title ?? '', period, series };
  });
}
