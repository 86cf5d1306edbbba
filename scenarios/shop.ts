import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { findCustomerPool, signInDemoCustomer } from '../services/orders/scripts/demo-customer.ts';
import { DynamoDbProviderSettings } from '../services/payments/src/adapters/dynamodb-provider-settings.ts';
import { applyProviderCommand } from '../services/payments/src/adapters/provider-settings.ts';
import { pauses, until } from './scenario.ts';

/**
 * Where a scenario finds the shop: the HTTP API, and the AWS endpoint its operator steps use.
 * On the local cloud these come from the running `npm start` (`.local-cloud/endpoints.json`); on
 * a deployed stage, from the stacks' outputs (the orders stack's HTTP API URL) with no
 * `awsEndpoint` (the SDK's default for the region), and no console or trace.
 */
export interface ShopEndpoints {
  readonly stage: string;
  readonly region: string;
  readonly httpApiUrl: string;
  readonly awsEndpoint?: string;
  readonly consoleUrl?: string;
  /** The local cloud's edge, for the trace and the mailbox (absent on AWS). */
  readonly localEdgeUrl?: string;
}

export function localEndpoints(running: { edgeUrl: string; httpApiUrl: string; consoleUrl?: string }): ShopEndpoints {
  return {
    stage: 'local',
    region: 'eu-west-1',
    httpApiUrl: running.httpApiUrl,
    awsEndpoint: running.edgeUrl,
    localEdgeUrl: running.edgeUrl,
    consoleUrl: running.consoleUrl ?? `${running.edgeUrl}/console/`,
  };
}

export interface Customer {
  readonly name: string;
  readonly customerId: string;
  readonly email: string;
  readonly idToken: string;
}

export interface OrderView {
  readonly orderId: string;
  readonly status: string;
  readonly timeline: ReadonlyArray<{ status: string; at: string; reason?: string; event: string }>;
  readonly total: { amount: number; currency: string };
}

/** An event as EventBridge delivers it. */
export interface BusEvent {
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly time: string;
  readonly 'replay-name'?: string;
  readonly detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
}

/** One hop of an order's trace (`/__local/trace/<id>`). */
export interface TraceHop {
  readonly seq: number;
  readonly at: string;
  readonly lane: string;
  readonly kind: string;
  readonly name: string;
  readonly summary: string;
  /** The envelope, the log line, the message (`{ kind: 'delayed', ... }` for a queue hop left to retry). */
  readonly detail?: unknown;
}

/**
 * Whether an order's payment sits out a backoff (its last hop on the payment queue is "left to
 * retry") or was charged meanwhile ("deleted"): a moment when ending the wait skips only time,
 * never a try that is running.
 */
export function paymentBetweenTries(hops: readonly Pick<TraceHop, 'kind' | 'lane' | 'name' | 'detail'>[]): boolean {
  const onQueue = hops.filter((hop) => hop.kind === 'queue' && hop.lane === 'payments' && hop.name === 'payment');
  const last = (onQueue.at(-1)?.detail as { kind?: string } | undefined)?.kind;
  return last === 'delayed' || last === 'deleted';
}

/** What a scenario does to the shop and sees of it, as a customer and as an operator would. */
export class ScenarioShop {
  readonly endpoints: ShopEndpoints;
  readonly #clientConfig;
  readonly #customers = new Map<string, Promise<Customer>>();

  constructor(endpoints: ShopEndpoints) {
    this.endpoints = endpoints;
    this.#clientConfig = {
      region: endpoints.region,
      ...(endpoints.awsEndpoint
        ? { endpoint: endpoints.awsEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    };
  }

  /** A signed-in customer (created on first use), as `npm run token` signs one in. */
  customer(name: string): Promise<Customer> {
    let found = this.#customers.get(name);
    if (!found) {
      found = (async () => {
        const cognito = new CognitoIdentityProviderClient(this.#clientConfig);
        const tokens = await signInDemoCustomer(cognito, await findCustomerPool(cognito, this.endpoints.stage), name);
        return { name, customerId: tokens.customerId, email: tokens.email, idToken: tokens.idToken };
      })();
      this.#customers.set(name, found);
    }
    return found;
  }

  async placeOrder(customer: Customer, lines: ReadonlyArray<{ sku: string; quantity: number }>): Promise<string> {
    const response = await fetch(`${this.endpoints.httpApiUrl}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.idToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'EUR', lines }),
    });
    const body = (await response.json()) as { orderId?: string; message?: string };
    if (response.status !== 202 || !body.orderId)
      throw new Error(`POST /orders answered ${response.status}: ${body.message ?? ''}`);
    return body.orderId;
  }

  async order(customer: Customer, orderId: string): Promise<OrderView> {
    const response = await fetch(`${this.endpoints.httpApiUrl}/orders/${orderId}`, {
      headers: { authorization: `Bearer ${customer.idToken}` },
    });
    if (response.status !== 200) throw new Error(`GET /orders/${orderId} answered ${response.status}`);
    return (await response.json()) as OrderView;
  }

  /**
   * Follows an order until it reaches one of `statuses`, telling each step of its timeline as it
   * appears; fails after `timeoutMs`.
   */
  async follow(
    customer: Customer,
    orderId: string,
    statuses: readonly string[],
    say: (line: string) => void,
    timeoutMs = 60_000,
  ): Promise<OrderView> {
    const deadline = Date.now() + timeoutMs;
    const pause = pauses();
    let told = 0;
    for (;;) {
      const view = await this.order(customer, orderId);
      for (const step of view.timeline.slice(told)) {
        say(`  ${step.at.slice(11, 19)}  ${step.status}${step.reason ? ` (${step.reason})` : ''}  after ${step.event}`);
        pause.reset();
      }
      told = view.timeline.length;
      if (statuses.includes(view.status)) return view;
      if (Date.now() > deadline)
        throw new Error(`${orderId} is ${view.status} after ${timeoutMs / 1000} s, not ${statuses.join(' or ')}`);
      await pause.next();
    }
  }

  /** A SKU's stock as inventory holds it. */
  async stockOf(sku: string): Promise<{ available: number; reserved: number }> {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(this.#clientConfig));
    const { Item } = await documents.send(
      new GetCommand({
        TableName: `shop-inventory-${this.endpoints.stage}`,
        Key: { pk: `SKU#${sku}` },
        ConsistentRead: true,
      }),
    );
    return { available: Number(Item?.available ?? 0), reserved: Number(Item?.reserved ?? 0) };
  }

  /** Loyalty's ledger entry for an order (`ORDER#<id>`: customer, points, status) or for a customer (`CUSTOMER#<id>`: balance). */
  async loyaltyLedger(key: `ORDER#${string}` | `CUSTOMER#${string}`): Promise<Record<string, unknown> | undefined> {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(this.#clientConfig));
    const { Item } = await documents.send(
      new GetCommand({ TableName: `shop-loyalty-${this.endpoints.stage}`, Key: { pk: key }, ConsistentRead: true }),
    );
    return Item;
  }

  /**
   * Waits for a CloudWatch alarm to be in `state` (alarms are evaluated each minute, or faster
   * with `npm start -- --alarm-time-scale`), and answers its reason.
   */
  async waitForAlarm(alarmName: string, state: 'ALARM' | 'OK', timeoutMs?: number): Promise<string> {
    const cloudwatch = new CloudWatchClient(this.#clientConfig);
    return until(
      `${alarmName} going to ${state}`,
      async () => {
        const [alarm] =
          (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }))).MetricAlarms ?? [];
        return alarm?.StateValue === state ? (alarm.StateReason ?? '') : undefined;
      },
      timeoutMs ?? (await this.alarmLatencyMs(alarmName)),
    );
  }

  /**
   * How long an alarm may take to change state on AWS's timing: its evaluation range, plus a
   * minute for a sampled metric (SQS's) to be published, a minute for CloudWatch's next evaluation
   * and a minute of margin. (With `--alarm-time-scale` the local cloud is faster; this stays the bound.)
   */
  async alarmLatencyMs(alarmName: string): Promise<number> {
    const cloudwatch = new CloudWatchClient(this.#clientConfig);
    const [alarm] = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }))).MetricAlarms ?? [];
    return ((alarm?.Period ?? 60) * (alarm?.EvaluationPeriods ?? 1) + 180) * 1000;
  }

  /** The state an alarm is in now. */
  async alarmState(alarmName: string): Promise<string | undefined> {
    const cloudwatch = new CloudWatchClient(this.#clientConfig);
    const [alarm] = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }))).MetricAlarms ?? [];
    return alarm?.StateValue;
  }

  /** The subjects of the operators' mails about an alarm going to `state` (the local mailbox; empty on AWS). */
  async operatorMails(alarmName: string, state: 'ALARM' | 'OK'): Promise<string[]> {
    return (await this.mailbox('operators@shop.example')).filter(
      (subject) => subject.startsWith(`${state}:`) && subject.includes(`"${alarmName}"`),
    );
  }

  /** The customer's cancel (`POST /orders/{id}/cancel`): its status code and answer. */
  async cancel(customer: Customer, orderId: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.endpoints.httpApiUrl}/orders/${orderId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.idToken}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /**
   * Pauses a function's queue consumer the way an operator does (`UpdateEventSourceMapping`,
   * `Enabled: false`): its messages wait on the queue. Answers how to resume it.
   */
  async pauseConsumer(functionName: string): Promise<() => Promise<void>> {
    const lambda = new LambdaClient(this.#clientConfig);
    const { EventSourceMappings = [] } = await lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: functionName }),
    );
    if (EventSourceMappings.length === 0) throw new Error(`${functionName} has no event source mapping`);
    for (const mapping of EventSourceMappings)
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    return async () => {
      for (const mapping of EventSourceMappings)
        await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: true }));
    };
  }

  /** The mails a customer got about an order (the local cloud's mailbox). */
  async mailsAbout(customer: Customer, orderId: string): Promise<string[]> {
    return (await this.mailbox(customer.email)).filter((subject) => subject.includes(orderId));
  }

  /** The mails (subject and text) a customer got about an order (the local cloud's mailbox; empty on AWS). */
  async mailTextsAbout(customer: Customer, orderId: string): Promise<Array<{ subject: string; text: string }>> {
    if (!this.endpoints.localEdgeUrl) return [];
    const response = await fetch(
      `${this.endpoints.localEdgeUrl}/__local/mailbox?to=${encodeURIComponent(customer.email)}`,
    );
    return ((await response.json()) as Array<{ subject: string; text?: string }>)
      .filter((mail) => mail.subject.includes(orderId))
      .map((mail) => ({ subject: mail.subject, text: mail.text ?? '' }));
  }

  /** The subjects of the mails an address got (the local cloud's mailbox; empty on AWS). */
  async mailbox(address: string): Promise<string[]> {
    if (!this.endpoints.localEdgeUrl) return [];
    const response = await fetch(`${this.endpoints.localEdgeUrl}/__local/mailbox?to=${encodeURIComponent(address)}`);
    return ((await response.json()) as Array<{ subject: string }>).map((mail) => mail.subject);
  }

  /** Switches the simulated payment provider, as `npm run provider -- <command>` does. */
  async provider(...command: string[]): Promise<void> {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(this.#clientConfig), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const settings = new DynamoDbProviderSettings(documents, `shop-payments-${this.endpoints.stage}`);
    await settings.write(applyProviderCommand(await settings.read(), command), 'scenario');
  }

  /** The configuration for an AWS SDK client of this shop's account (the local cloud's edge locally). */
  awsClientConfig(): {
    region: string;
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
  } {
    return this.#clientConfig;
  }

  /**
   * The events the bus carried about an order, oldest first, read from the platform's audit log
   * group (every shop event is written there by a catch-all rule, on AWS as here).
   */
  async eventsAbout(orderId: string): Promise<BusEvent[]> {
    const logs = new CloudWatchLogsClient(this.#clientConfig);
    const found: BusEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: `/aws/events/shop-${this.endpoints.stage}/audit`,
          filterPattern: `"${orderId}"`,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const event of page.events ?? []) found.push(JSON.parse(event.message ?? '{}') as BusEvent);
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  }

  /** Waits for the bus to carry an event of `detailType` about an order (not a replay), and answers it. */
  async waitForEvent(orderId: string, detailType: string, timeoutMs = 60_000): Promise<BusEvent> {
    const deadline = Date.now() + timeoutMs;
    const pause = pauses();
    for (;;) {
      const event = (await this.eventsAbout(orderId)).find(
        (candidate) => candidate['detail-type'] === detailType && candidate['replay-name'] === undefined,
      );
      if (event) return event;
      if (Date.now() > deadline) throw new Error(`no ${detailType} about ${orderId} within ${timeoutMs / 1000} s`);
      await pause.next();
    }
  }

  /** The order's timeline across services, as the local cloud traced it (empty on AWS: use X-Ray there). */
  async trace(id: string): Promise<TraceHop[]> {
    if (!this.endpoints.localEdgeUrl) return [];
    const response = await fetch(`${this.endpoints.localEdgeUrl}/__local/trace/${encodeURIComponent(id)}`);
    return response.status === 200 ? ((await response.json()) as TraceHop[]) : [];
  }

  /**
   * Ends the visibility timeout of a queue's in-flight messages now (every queue's without one), as
   * if it had run out: the local cloud's control, which SQS does not have. How many came back;
   * undefined on AWS, where the wait is real.
   */
  async endVisibilityTimeouts(queue?: string): Promise<number | undefined> {
    if (!this.endpoints.localEdgeUrl) return undefined;
    const response = await fetch(`${this.endpoints.localEdgeUrl}/__local/sqs/visibility-timeouts/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(queue === undefined ? {} : { queue }),
    });
    if (!response.ok)
      throw new Error(`Ending the visibility timeouts answered ${response.status}: ${await response.text()}`);
    const { ended } = (await response.json()) as { ended: Record<string, number> };
    return Object.values(ended).reduce((sum, count) => sum + count, 0);
  }

  consoleLink(orderId: string): string {
    return this.endpoints.consoleUrl ? `${this.endpoints.consoleUrl}#/orders/${orderId}` : orderId;
  }
}
