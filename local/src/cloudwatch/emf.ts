import { UNITS } from './input.ts';
import type { Dimension, MetricIdentity } from './store.ts';

/** One metric datapoint an EMF log line declares. */
export interface EmfDatapoint {
  readonly metric: MetricIdentity;
  readonly values: readonly number[];
  readonly unit: string | undefined;
  readonly timestamp: number;
}

const MAX_DIMENSIONS_PER_SET = 30;
const MAX_METRICS_PER_DIRECTIVE = 100;
const MAX_VALUES = 100;

/**
 * The metrics in a log line written in CloudWatch's embedded metric format, as CloudWatch Logs
 * extracts them: a JSON object whose `_aws.CloudWatchMetrics` directives name a namespace,
 * dimension sets (lists of member names) and metrics (member names, one number or a list of
 * numbers). Every dimension set of a directive makes its own metric. A line that is not EMF, or
 * breaks the specification (a dimension that is not a string member, a value that is not a
 * number), yields nothing, as CloudWatch rejects it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function extractEmf(line: string, now: number): EmfDatapoint[] {
  const text = line.trim();
  if (!text.startsWith('{') || !text.includes('"_aws"')) return [];
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(root) || !isObject(root._aws)) return [];
  const { Timestamp, CloudWatchMetrics } = root._aws;
  if (!Number.isInteger(Timestamp) || !Array.isArray(CloudWatchMetrics)) return [];
  const timestamp = Number(Timestamp) > 0 ? Number(Timestamp) : now;
  const datapoints: EmfDatapoint[] = [];
  for (const directive of CloudWatchMetrics) {
    const parsed = readDirective(directive, root, timestamp);
    if (!parsed) return [];
    datapoints.push(...parsed);
  }
  return datapoints;
}

function readDirective(
  directive: unknown,
  root: Record<string, unknown>,
  timestamp: number,
): EmfDatapoint[] | undefined {
  if (!isObject(directive)) return undefined;
  const { Namespace, Dimensions, Metrics } = directive;
  if (typeof Namespace !== 'string' || Namespace === '' || Namespace.length > 1024 || Namespace.startsWith('AWS/'))
    return undefined;
  if (!Array.isArray(Dimensions) || !Array.isArray(Metrics) || Metrics.length > MAX_METRICS_PER_DIRECTIVE)
    return undefined;
  const dimensionSets: Dimension[][] = [];
  for (const set of Dimensions) {
    if (!Array.isArray(set) || set.length > MAX_DIMENSIONS_PER_SET) return undefined;
    const dimensions: Dimension[] = [];
    for (const name of set) {
      const value = typeof name === 'string' ? root[name] : undefined;
      if (typeof name !== 'string' || typeof value !== 'string' || value === '') return undefined;
      dimensions.push({ Name: name, Value: value });
    }
    dimensionSets.push(dimensions.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)));
  }
  // A directive with no dimension set still publishes its metrics, with no dimensions.
  if (dimensionSets.length === 0) dimensionSets.push([]);
  const datapoints: EmfDatapoint[] = [];
  for (const definition of Metrics) {
    if (!isObject(definition) || typeof definition.Name !== 'string' || definition.Name === '') return undefined;
    const unit = definition.Unit;
    if (unit !== undefined && (typeof unit !== 'string' || !(UNITS as readonly string[]).includes(unit)))
      return undefined;
    const raw = root[definition.Name];
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0 || values.length > MAX_VALUES) return undefined;
    if (!values.every((value) => typeof value === 'number' && Number.isFinite(value))) return undefined;
    for (const dimensions of dimensionSets) {
      datapoints.push({
        metric: { namespace: Namespace, metricName: definition.Name, dimensions },
        values: values as number[],
        unit: unit as string | undefined,
        timestamp,
      });
    }
  }
  return datapoints;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
