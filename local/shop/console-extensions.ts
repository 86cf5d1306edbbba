import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Topology } from '@shop/topology/topology';
import { catalogReport } from '../../events/scripts/catalog-report.ts';
import { DynamoDbFaultSwitch } from '../../services/fulfillment/src/adapters/dynamodb-fault-switch.ts';
import { FULFILLMENT_STEPS } from '../../services/fulfillment/src/domain/saga.ts';
import { DynamoDbProviderSettings } from '../../services/payments/src/adapters/dynamodb-provider-settings.ts';
import { applyProviderCommand } from '../../services/payments/src/adapters/provider-settings.ts';
import type { ConsoleExtensions, ConsoleSwitch } from '../src/console/console.ts';

/**
 * What the shop adds to the local cloud's console: its event catalog (each event and version
 * with its owner, schema, examples and the consumers derived from the rules) and its switches
 * (the payment provider's outage and declines, the saga's step failures). The switches write the
 * same settings items as `npm run provider` and `npm run faults`, through the DynamoDB API.
 */
export function shopConsoleExtensions(): ConsoleExtensions {
  return {
    catalog: (topology) => catalogReport(topology),
    switches: (topology, edgeUrl) => {
      const documents = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: edgeUrl,
          region: topology.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
        { marshallOptions: { removeUndefinedValues: true } },
      );
      const tableOf = (stack: string, logicalId: string) =>
        String(
          topology.tables.find((table) => table.stackName.startsWith(stack) && table.logicalId === logicalId)
            ?.properties.TableName,
        );
      const provider = new DynamoDbProviderSettings(documents, tableOf('shop-payments', 'PaymentsTable'));
      const faults = new DynamoDbFaultSwitch(documents, tableOf('shop-fulfillment', 'FulfillmentTable'));
      const providerSwitch = (id: string, label: string, command: string[]): ConsoleSwitch => ({
        id,
        group: 'payment provider',
        label,
        command: `npm run provider -- ${command.join(' ')}`,
        run: async () => {
          const next = applyProviderCommand(await provider.read(), command);
          await provider.write(next, 'console');
          return next;
        },
      });
      return [
        providerSwitch('provider-up', 'up: captures succeed', ['up']),
        providerSwitch('provider-outage', 'outage: payments wait on their queue', ['outage']),
        providerSwitch('provider-declines', 'declines a third of the cards', ['declines', '0.33']),
        providerSwitch('provider-no-declines', 'declines no card', ['declines', '0']),
        ...FULFILLMENT_STEPS.map(
          (step): ConsoleSwitch => ({
            id: `fail-${step}`,
            group: 'fulfillment saga',
            label: `${step} fails: the saga compensates`,
            command: `npm run faults -- fail ${step}`,
            run: async () => {
              await faults.failStep(step);
              return faults.read();
            },
          }),
        ),
        {
          id: 'faults-clear',
          group: 'fulfillment saga',
          label: 'every step works',
          command: 'npm run faults -- clear',
          run: async () => {
            await faults.clear();
            return faults.read();
          },
        },
      ];
    },
  };
}

export type { Topology };
