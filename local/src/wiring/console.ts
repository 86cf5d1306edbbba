import type { CloudWatchService } from '../cloudwatch/index.ts';
import { signInDemoUser } from '../cognito/demo-user.ts';
import { createConsole } from '../console/console.ts';
import { controlApi, jsonBody } from '../control/control-api.ts';
import type { EventBus } from '../eventbridge/event-bus.ts';
import type { Scheduler } from '../eventbridge/scheduler.ts';
import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { PipesService } from '../pipes/index.ts';
import type { S3Service } from '../s3/index.ts';
import { mailboxQueryOf, type SesService } from '../ses/index.ts';
import type { SqsService } from '../sqs/index.ts';
import type { CloudContext, Observability } from './context.ts';
import type { EventSources } from './event-sources.ts';
import type { WiredHttpApi } from './http-api.ts';

/**
 * The web console (its pages and live stream) and the control API (`/__local/...`: health,
 * topology, an order's trace, the mailbox, statistics, faults, schedules, event sources and
 * visibility timeouts to drive), both on the edge.
 */
export function wireConsole(
  context: CloudContext,
  deps: {
    observe: Observability;
    httpApi: WiredHttpApi;
    runtime: LambdaRuntime;
    sqs: SqsService;
    cloudWatch: CloudWatchService;
    ses: SesService;
    s3: S3Service;
    bus: EventBus;
    scheduler: Scheduler;
    pipes: PipesService;
    eventSources: EventSources;
  },
): void {
  const { topology, edgeUrl, options, edge } = context;
  const { observe, httpApi, runtime, sqs, cloudWatch, ses, s3, bus, scheduler, pipes, eventSources } = deps;
  const authorizer = topology.httpRoutes.find((route) => route.authorizer)?.authorizer;
  let demo: { token: string; until: number } | undefined;
  const localConsole = createConsole({
    topology,
    trace: observe.trace,
    hops: observe.hops,
    sqs,
    cloudWatch,
    ses,
    runtime,
    httpApiUrl: () => httpApi.url,
    edgeUrl,
    ...(options.console ? { extensions: options.console } : {}),
    demoToken: async () => {
      if (!authorizer) return '';
      // Signed in again once the token is near its end (tokens last an hour).
      if (!demo || demo.until < Date.now()) {
        const signedIn = await signInDemoUser(httpApi.cognito.pools, authorizer, 'ada');
        demo = {
          token: signedIn?.idToken ?? '',
          until: Date.now() + Math.max(0, (signedIn?.expiresIn ?? 0) - 300) * 1000,
        };
      }
      return demo.token;
    },
  });
  edge.register(localConsole.assets);
  edge.register(localConsole.stream);

  edge.register(
    controlApi([
      ['GET', /^\/__local\/health$/, () => ({ status: 'ok', edgeUrl, httpApiUrl: httpApi.url })],
      ['GET', /^\/__local\/topology$/, () => topology],
      ['GET', /^\/__local\/trace\/(.+)$/, (_request, [id]) => observe.trace.hops(id ?? '')],
      ['GET', /^\/__local\/mailbox$/, (request) => ses.listMailbox(mailboxQueryOf(request.query))],
      [
        'GET',
        /^\/__local\/stats$/,
        () => ({
          functions: runtime.stats(),
          eventSources: eventSources.map((s) => ({ ...s.spec, ...s.stats })),
          pipes: pipes.stats(),
        }),
      ],
      [
        'POST',
        /^\/__local\/faults\/put-events$/,
        (request) => {
          const body = jsonBody(request);
          bus.injectPutEventsFault({
            remaining: body.count === undefined ? undefined : Number(body.count),
            source: typeof body.source === 'string' ? body.source : undefined,
            detailType: typeof body.detailType === 'string' ? body.detailType : undefined,
          });
          return { ok: true };
        },
      ],
      ['DELETE', /^\/__local\/faults$/, () => bus.clearFaults()],
      [
        'POST',
        /^\/__local\/s3\/lifecycle$/,
        (request) => {
          const { asOf, bucket, prefix } = jsonBody(request);
          const when = typeof asOf === 'string' ? new Date(asOf) : new Date();
          if (Number.isNaN(when.getTime())) throw new Error('asOf must be an ISO 8601 time');
          const only =
            typeof bucket === 'string' ? { bucket, ...(typeof prefix === 'string' ? { prefix } : {}) } : undefined;
          return { expired: s3.sweepLifecycle(when, only) };
        },
      ],
      [
        'POST',
        /^\/__local\/event-sources\/([^/]+)$/,
        async (request, [functionName]) => {
          const sources = eventSources.filter((source) => source.spec.functionName === functionName);
          if (sources.length === 0) throw new Error(`No event source mapping for ${functionName}`);
          const enabled = jsonBody(request).enabled !== false;
          for (const source of sources) await source.setEnabled(enabled);
          return { functionName, enabled };
        },
      ],
      [
        'POST',
        /^\/__local\/sqs\/visibility-timeouts\/end$/,
        (request) => {
          const { queue } = jsonBody(request);
          if (queue !== undefined && typeof queue !== 'string')
            throw new Error('queue must be a queue name, URL or ARN');
          const queues = queue === undefined ? sqs.listQueueArns() : [queue];
          return {
            ended: Object.fromEntries(
              queues.map((ref) => [sqs.queueUrlOf(ref).split('/').pop(), sqs.endVisibilityTimeouts(ref)]),
            ),
          };
        },
      ],
      ['POST', /^\/__local\/schedules\/([^/]+)\/fire$/, (_request, [rule]) => scheduler.fire(rule ?? '')],
      ...localConsole.routes,
    ]),
  );
}
