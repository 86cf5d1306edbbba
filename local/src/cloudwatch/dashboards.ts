import { MAX_JSON_DEPTH, nestsDeeperThan } from '../edge/json-depth.ts';
import {
  dashboardInvalidInput,
  dashboardNotFound,
  invalidNextToken,
  invalidParameterValue,
  missingParameter,
} from './errors.ts';
import { type Input, pageOf, readString, readStringList, requireString } from './input.ts';
import type { CloudWatchStore } from './store.ts';

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const MAX_BODY_BYTES = 1024 * 1024;
const LIST_PAGE_SIZE = 1000;

/**
 * CloudWatch dashboards: stored as given (the body is the JSON of widgets AWS's console draws),
 * checked for what AWS checks before it stores one: a JSON object with a `widgets` list.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export class Dashboards {
  readonly #store: CloudWatchStore;
  readonly #clock: () => number;
  readonly #accountId: string;

  constructor(store: CloudWatchStore, clock: () => number, accountId: string) {
    this.#store = store;
    this.#clock = clock;
    this.#accountId = accountId;
  }

  putDashboard(input: Input) {
    const name = requireString(input, 'DashboardName', 255);
    if (!DASHBOARD_NAME.test(name)) {
      throw dashboardInvalidInput(
        'The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).',
      );
    }
    const body = requireString(input, 'DashboardBody', MAX_BODY_BYTES);
    const problem = bodyProblem(body);
    if (problem) throw dashboardInvalidInput(`The field DashboardBody is invalid: ${problem}`);
    this.#store.saveDashboard({ name, body, lastModified: this.#clock() });
    return { DashboardValidationMessages: [] };
  }

  getDashboard(input: Input) {
    const name = requireString(input, 'DashboardName', 255);
    const dashboard = this.#store.getDashboard(name);
    if (!dashboard) throw dashboardNotFound(`Dashboard ${name} does not exist`);
    return { DashboardArn: this.arnOf(name), DashboardBody: dashboard.body, DashboardName: name };
  }

  listDashboards(input: Input) {
    const prefix = readString(input, 'DashboardNamePrefix', { max: 255 }) ?? '';
    const dashboards = this.#store.listDashboards().filter((dashboard) => dashboard.name.startsWith(prefix));
    const { page, nextToken } = pageOf(dashboards, input.NextToken, LIST_PAGE_SIZE, invalidNextToken);
    return {
      DashboardEntries: page.map((dashboard) => ({
        DashboardName: dashboard.name,
        DashboardArn: this.arnOf(dashboard.name),
        LastModified: new Date(dashboard.lastModified),
        Size: Buffer.byteLength(dashboard.body),
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  deleteDashboards(input: Input): Record<string, never> {
    const names = readStringList(input, 'DashboardNames', 100);
    if (!names || names.length === 0) throw missingParameter('DashboardNames');
    const unknown = names.filter((name) => !this.#store.getDashboard(name));
    if (unknown.length > 0) throw dashboardNotFound(`The specified dashboard does not exist. [${unknown.join(', ')}]`);
    for (const name of names) this.#store.deleteDashboard(name);
    return {};
  }

  /** Every stored dashboard's parsed body (the console draws them). */
  list(): Array<{ name: string; body: unknown }> {
    return this.#store
      .listDashboards()
      .map((dashboard) => ({ name: dashboard.name, body: JSON.parse(dashboard.body) }));
  }

  arnOf(name: string): string {
    if (!name) throw invalidParameterValue('DashboardName');
    return `arn:aws:cloudwatch::${this.#accountId}:dashboard/${name}`;
  }
}

function bodyProblem(body: string): string | undefined {
  if (nestsDeeperThan(body)) return `it nests deeper than ${MAX_JSON_DEPTH} levels.`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'it is not valid JSON.';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'it must be a JSON object.';
  const widgets = (parsed as Record<string, unknown>).widgets;
  if (!Array.isArray(widgets)) return 'it must have a "widgets" list.';
  const bad = widgets.findIndex(
    (widget) =>
      typeof widget !== 'object' || widget === null || typeof (widget as Record<string, unknown>).type !== 'string',
  );
  return bad >= 0 ? `widget ${bad} must be an object with a "type".` : undefined;
}
