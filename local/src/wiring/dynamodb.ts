import { createDynamoDbService, type DynamoDbService } from '../dynamodb/index.ts';
import type { CloudContext } from './context.ts';

export interface WiredDynamoDb {
  readonly service: DynamoDbService;
  /** Capacity units consumed since start, as on-demand mode bills them. */
  consumedCapacity(): { readonly readUnits: number; readonly writeUnits: number };
}

/** DynamoDB (dynalite) with every `AWS::DynamoDB::Table` of the stacks. */
export async function wireDynamoDb(context: CloudContext): Promise<WiredDynamoDb> {
  const { topology, dataDir, region, accountId } = context;
  const consumed = { readUnits: 0, writeUnits: 0 };
  const service = await createDynamoDbService({
    dataDir,
    region,
    accountId,
    onConsumedCapacity: ({ readUnits, writeUnits }) => {
      consumed.readUnits += readUnits;
      consumed.writeUnits += writeUnits;
    },
  });
  context.onStop(() => service.close());
  await service.createTablesFromTemplates(
    topology.tables.map((table) => ({
      logicalId: table.logicalId,
      stack: table.stackName,
      properties: { ...table.properties },
    })),
  );
  context.edge.register(service.edge);
  return { service, consumedCapacity: () => ({ ...consumed }) };
}
