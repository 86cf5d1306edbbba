import { createSqsService, type SqsService } from '../sqs/index.ts';
import type { CloudContext, Observability } from './context.ts';

/** SQS with every `AWS::SQS::Queue` of the stacks, dead-letter queues first. */
export function wireSqs(context: CloudContext, observe: Observability): SqsService {
  const { topology, dataDir, edgeUrl, region, accountId } = context;
  const sqs = createSqsService({
    dataDir,
    edgeUrl,
    region,
    accountId,
    onActivity: (activity) => observe.recordHop(observe.hops.queue(activity)),
  });
  context.onStop(() => sqs.close());
  // Dead-letter queues first, so every redrive policy names a queue that exists.
  const queues = [...topology.queues].sort(
    (a, b) => Number('RedrivePolicy' in a.attributes) - Number('RedrivePolicy' in b.attributes),
  );
  for (const queue of queues) sqs.createQueue(queue.name, queue.attributes);
  context.edge.register(sqs.edge);
  return sqs;
}
