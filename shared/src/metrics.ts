/**
 * Business metrics (Powertools Metrics): each service counts its own facts in its own namespace
 * (`POWERTOOLS_METRICS_NAMESPACE`, e.g. `Shop/Orders`), with the `service` dimension
 * (`POWERTOOLS_SERVICE_NAME`), both set per stack in `serverless.yml`. Each datapoint is one log
 * line in CloudWatch's embedded metric format, written when the fact happens: CloudWatch Logs
 * turns it into a metric on AWS, and the local cloud does the same with the function's logs.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/metrics/
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export type BusinessMetricUnit = 'Count' | 'Seconds' | 'Milliseconds';

/** What a use case tells about the facts it made happen. */
export interface BusinessMetrics {
  /**
   * One datapoint of `name`, published at once. `dimensions` add a breakdown (a cancellation's
   * reason) as their own metric, next to the one with the `service` dimension only, so an alarm
   * or a graph can read the total as well as each part.
   */
  record(name: string, value?: number, unit?: BusinessMetricUnit, dimensions?: Readonly<Record<string, string>>): void;
}

const UNITS: Readonly<Record<BusinessMetricUnit, (typeof MetricUnit)[keyof typeof MetricUnit]>> = {
  Count: MetricUnit.Count,
  Seconds: MetricUnit.Seconds,
  Milliseconds: MetricUnit.Milliseconds,
};

/** Powertools Metrics behind {@link BusinessMetrics}; build it once at module scope. */
export function createBusinessMetrics(metrics: Metrics = new Metrics()): BusinessMetrics {
  return {
    record(name, value = 1, unit = 'Count', dimensions = {}) {
      metrics.singleMetric().addMetric(name, UNITS[unit], value);
      if (Object.keys(dimensions).length > 0) {
        const broken = metrics.singleMetric();
        for (const [key, dimension] of Object.entries(dimensions)) broken.addDimension(key, dimension);
        broken.addMetric(name, UNITS[unit], value);
      }
    },
  };
}

/** Metrics that go nowhere: the default of use cases that are not given any. */
export const NO_METRICS: BusinessMetrics = { record: () => {} };
