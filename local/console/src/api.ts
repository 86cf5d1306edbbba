/** What the console reads from the local cloud (`/__local/console/*`), and the live stream. */

export interface GraphNode {
  id: string;
  kind: 'route' | 'function' | 'bus' | 'rule' | 'queue' | 'dlq' | 'pipe' | 'stateMachine' | 'logs';
  label: string;
  group: string;
}
export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: 'flow' | 'redrive' | 'call';
}
export interface Graph {
  groups: Array<{ id: string; label: string }>;
  nodes: GraphNode[];
  edges: GraphEdge[];
}
export interface QueueFigures {
  id: string;
  name: string;
  label: string;
  group: string;
  arn: string;
  url: string;
  deadLetter: boolean;
  visible: number;
  inFlight: number;
  delayed: number;
  oldestMessageAgeSeconds: number;
}
export interface AlarmFigures {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason: string;
  updatedAt: string;
  namespace: string;
  metricName: string;
  description: string;
}
export interface Figures {
  at: string;
  queues: QueueFigures[];
  alarms: AlarmFigures[];
  functions: Array<{ functionName: string; invocations: number; errors: number; coldStarts: number; running: number }>;
}
export interface Hop {
  seq: number;
  at: string;
  lane: string;
  kind: 'api' | 'log' | 'event' | 'queue' | 'invocation' | 'pipe' | 'saga' | 'mail' | 'storage';
  name: string;
  summary: string;
  detail?: unknown;
  keys?: string[];
}
export interface OrderSummary {
  orderId: string;
  lastEvent: string;
  at: string;
  events: string[];
}
export interface MetricWidget {
  type: 'metric';
  title: string;
  period: number;
  series: Array<{ label: string; points: Array<[number, number | null]> }>;
}
export interface Dashboard {
  name: string;
  widgets: Array<MetricWidget | { type: 'text'; markdown: string }>;
}
export interface Mail {
  messageId: string;
  sentAt: string;
  to: string[];
  from: string;
  subject: string;
  text?: string;
}

export async function get<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `${path}: ${response.status}`);
  return answer;
}

/** The live stream: each hop as it happens, and the figures once a second. */
export function connect(handlers: {
  onHop(hop: Hop): void;
  onFigures(figures: Figures): void;
  onState(connected: boolean): void;
}): void {
  const source = new EventSource('/__local/console/stream');
  source.addEventListener('open', () => handlers.onState(true));
  source.addEventListener('error', () => handlers.onState(false));
  source.addEventListener('hop', (event) => handlers.onHop(JSON.parse((event as MessageEvent<string>).data) as Hop));
  source.addEventListener('figures', (event) =>
    handlers.onFigures(JSON.parse((event as MessageEvent<string>).data) as Figures),
  );
}
