/**
 * The composition root of the saga's tasks (forward steps, compensations, buildEvent), apart
 * from the SQS consumers' (`compose.ts`) so the task bundles carry no idempotency or SQS code.
 * Each task module calls {@link composeSagaTasks} once at module scope; tests call
 * {@link wireSagaTasks} with in-memory adapters.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv } from '@shop/shared/config';
import { createLogger, type Logger } from '@shop/shared/logger';
import { DynamoDbFaultSwitch } from './adapters/dynamodb-fault-switch.ts';
import { DynamoDbFulfillmentRepository } from './adapters/dynamodb-fulfillment-repository.ts';
import { S3DocumentStore } from './adapters/s3-document-store.ts';
import { SimulatedCarrier, SimulatedLabelService } from './adapters/simulated-shipping.ts';
import { createCompensations } from './domain/compensations.ts';
import { createForwardSteps } from './domain/forward-steps.ts';
import { createBuildOutcomeEvent } from './domain/outcome-event.ts';
import type {
  Carrier,
  Clock,
  DocumentStore,
  FaultSwitch,
  FulfillmentRepository,
  LabelService,
} from './domain/ports.ts';

/** The adapters the saga's tasks run on: real ones in {@link composeSagaTasks}, in-memory ones in tests. */
export interface SagaTaskDependencies {
  repository: FulfillmentRepository;
  faults: FaultSwitch;
  carrier: Carrier;
  labels: LabelService;
  documents: DocumentStore;
  clock: Clock;
  newAllocationId: () => string;
  newEventId: () => string;
  logger: Logger;
}

/** Every task of the saga: forward steps, compensations and the outcome event, with the logger. */
export function wireSagaTasks(deps: SagaTaskDependencies) {
  return {
    ...createForwardSteps(deps),
    ...createCompensations(deps),
    buildOutcomeEvent: createBuildOutcomeEvent(deps),
    logger: deps.logger,
  };
}

export type SagaTasks = ReturnType<typeof wireSagaTasks>;

/**
 * The saga's tasks (forward steps, compensations, buildEvent). One function per task is
 * deployed, each with its own least-privilege role; they share this wiring, which builds only
 * a few closures beyond what each one uses.
 */
export function composeSagaTasks(env: Environment = process.env): SagaTasks {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const tableName = requireEnv('FULFILLMENT_TABLE', env);
  return wireSagaTasks({
    repository: new DynamoDbFulfillmentRepository(documents, tableName),
    faults: new DynamoDbFaultSwitch(documents, tableName),
    carrier: new SimulatedCarrier(),
    labels: new SimulatedLabelService(),
    documents: new S3DocumentStore(new S3Client({}), requireEnv('DOCUMENTS_BUCKET', env)),
    clock: () => new Date(),
    newAllocationId: () => `alc_${randomUUID()}`,
    newEventId: randomUUID,
    logger: createLogger(),
  });
}
