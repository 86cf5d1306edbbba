import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CustomResourceSpec } from '@shop/topology/topology';
import type { EdgeService } from '../edge/types.ts';
import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';

interface CustomResourceRecord {
  readonly physicalResourceId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
}

interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, unknown>;
}

const RESPONSE_PATH = '/__local/cloudformation/responses/';

/**
 * Lambda-backed custom resources, run the way CloudFormation runs them during a deploy: the
 * function gets a `Create` (first deploy), `Update` (properties changed) or nothing (unchanged),
 * and must PUT its answer to the pre-signed `ResponseURL`, which here points at the edge.
 * What was created is remembered in the data folder, as a stack remembers its resources.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
 */
export class CustomResources {
  readonly #file: string;
  readonly #records: Record<string, CustomResourceRecord>;
  readonly #waiting = new Map<string, (response: CustomResourceResponse) => void>();
  readonly #runtime: LambdaRuntime;
  readonly #edgeUrl: string;
  readonly #region: string;
  readonly #accountId: string;

  constructor(options: {
    dataDir: string;
    runtime: LambdaRuntime;
    edgeUrl: string;
    region: string;
    accountId: string;
  }) {
    this.#file = join(options.dataDir, 'cloudformation', 'custom-resources.json');
    this.#records = existsSync(this.#file) ? JSON.parse(readFileSync(this.#file, 'utf8')) : {};
    this.#runtime = options.runtime;
    this.#edgeUrl = options.edgeUrl;
    this.#region = options.region;
    this.#accountId = options.accountId;
  }

  /** The edge route the functions PUT their answers to. */
  responseEndpoint(): EdgeService {
    return {
      name: 'cloudformation-responses',
      claims: (request) => request.path.startsWith(RESPONSE_PATH),
      handle: async (request) => {
        const token = request.path.slice(RESPONSE_PATH.length);
        const resolve = this.#waiting.get(token);
        if (!resolve) return { status: 403, headers: {}, body: 'Request has expired' };
        this.#waiting.delete(token);
        try {
          resolve(JSON.parse(request.body.toString('utf8')) as CustomResourceResponse);
        } catch {
          resolve({ Status: 'FAILED', Reason: 'The custom resource answered with a body that is not JSON' });
        }
        return { status: 200, headers: {}, body: '' };
      },
    };
  }

  /** Creates or updates every custom resource whose properties are new; fails naming the one that failed. */
  async deploy(
    resources: readonly CustomResourceSpec[],
  ): Promise<Array<{ resource: CustomResourceSpec; action: string }>> {
    const done: Array<{ resource: CustomResourceSpec; action: string }> = [];
    for (const resource of resources) {
      const key = `${resource.stackName}/${resource.logicalId}`;
      const previous = this.#records[key];
      if (previous && JSON.stringify(previous.properties) === JSON.stringify(resource.properties)) continue;
      const requestType = previous ? 'Update' : 'Create';
      const response = await this.#send(resource, requestType, previous);
      if (response.Status !== 'SUCCESS') {
        throw new Error(
          `Stack ${resource.stackName}: ${resource.resourceType} ${resource.logicalId} failed to ${requestType.toLowerCase()}: ${response.Reason ?? 'no reason given'}`,
        );
      }
      this.#records[key] = {
        physicalResourceId: response.PhysicalResourceId ?? previous?.physicalResourceId ?? key,
        properties: resource.properties,
        data: response.Data ?? {},
      };
      mkdirSync(dirname(this.#file), { recursive: true });
      writeFileSync(this.#file, JSON.stringify(this.#records, null, 2));
      done.push({ resource, action: requestType });
    }
    return done;
  }

  async #send(
    resource: CustomResourceSpec,
    requestType: 'Create' | 'Update',
    previous: CustomResourceRecord | undefined,
  ): Promise<CustomResourceResponse> {
    const token = randomUUID();
    const answered = new Promise<CustomResourceResponse>((resolve) => this.#waiting.set(token, resolve));
    const stackId = `arn:aws:cloudformation:${this.#region}:${this.#accountId}:stack/${resource.stackName}/local`;
    const event = {
      RequestType: requestType,
      ServiceToken: resource.serviceToken,
      ResponseURL: `${this.#edgeUrl}${RESPONSE_PATH}${token}`,
      StackId: stackId,
      RequestId: randomUUID(),
      LogicalResourceId: resource.logicalId,
      ResourceType: resource.resourceType,
      ResourceProperties: stringifyLeaves(resource.properties),
      ...(previous
        ? {
            PhysicalResourceId: previous.physicalResourceId,
            OldResourceProperties: stringifyLeaves(previous.properties),
          }
        : {}),
    };
    const result = await this.#runtime.invoke(resource.serviceToken, event);
    if (!result.ok && !this.#waiting.has(token)) return answered;
    if (!result.ok) {
      this.#waiting.delete(token);
      return { Status: 'FAILED', Reason: `${result.errorType}: ${result.errorMessage}` };
    }
    const timeout = new Promise<CustomResourceResponse>((resolve) =>
      setTimeout(
        () => resolve({ Status: 'FAILED', Reason: 'The function returned without answering the ResponseURL' }),
        5_000,
      ).unref(),
    );
    const response = await Promise.race([answered, timeout]);
    this.#waiting.delete(token);
    return response;
  }
}

/** CloudFormation passes every custom resource property value to the function as a string. */
function stringifyLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyLeaves);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, stringifyLeaves(inner)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
