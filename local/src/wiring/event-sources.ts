import { EventSourceMappingStates, eventSourceMappingEdgeService } from '../lambda/event-source-mapping-api.ts';
import { SqsEventSource } from '../lambda/sqs-event-source.ts';
import { type SqsService, toLambdaSqsRecord } from '../sqs/index.ts';
import type { CloudContext } from './context.ts';
import type { WiredLambda } from './lambda.ts';

export type EventSources = readonly SqsEventSource<{ receiptHandle: string }>[];

/**
 * Every SQS event source mapping of the stacks, polling its queue into its function, enabled or
 * disabled as the API last left it (kept across restarts, as on AWS). They stop first at stop.
 */
export async function startEventSources(
  context: CloudContext,
  deps: { sqs: SqsService; lambda: WiredLambda },
): Promise<EventSources> {
  const { topology, dataDir, region, accountId } = context;
  const { sqs } = deps;
  const { runtime } = deps.lambda;
  // The mappings of one function share its environments: their pollers together fit them.
  const functionOf = (nameOrArn: string) => runtime.resolveFunction(nameOrArn)?.name ?? nameOrArn;
  const mappingsOf = (nameOrArn: string) =>
    topology.eventSourceMappings.filter((mapping) => functionOf(mapping.functionName) === functionOf(nameOrArn)).length;
  const sources = topology.eventSourceMappings.map(
    (mapping) =>
      new SqsEventSource(
        mapping,
        {
          receiveMessages: (queueArn, receive) => sqs.receiveMessages(queueArn, receive),
          deleteMessage: (queueArn, receiptHandle) => sqs.deleteMessage(queueArn, receiptHandle),
          toRecord: (message) => toLambdaSqsRecord(message, mapping.sourceArn, region),
        },
        (functionName, event) => runtime.invoke(functionName, event),
        {
          maxPollers: Math.floor(runtime.concurrencyOf(mapping.functionName) / mappingsOf(mapping.functionName)),
        },
      ),
  );
  const states = new EventSourceMappingStates(dataDir);
  for (const source of sources) {
    if (states.enabledAtStart(source.spec) !== source.enabled)
      await source.setEnabled(states.enabledAtStart(source.spec));
    source.start();
  }
  context.edge.register(eventSourceMappingEdgeService({ sources, states, region, accountId }));
  context.onStop(async () => {
    await Promise.all(sources.map((source) => source.stop()));
  });
  return sources;
}
