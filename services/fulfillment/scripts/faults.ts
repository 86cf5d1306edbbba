/**
 * The operator's fault switch for the fulfillment saga, on the local cloud and on AWS alike:
 * it writes the `FAULTS#settings` item of the fulfillment table with the DynamoDB API.
 *
 *   npx tsx services/fulfillment/scripts/faults.ts fail BOOK_CARRIER            # local cloud
 *   npx tsx services/fulfillment/scripts/faults.ts clear
 *   npx tsx services/fulfillment/scripts/faults.ts show
 *   npx tsx services/fulfillment/scripts/faults.ts fail CREATE_LABEL --stage dev # AWS, your credentials
 *
 * While a step is set to fail, every attempt of it throws InjectedFaultError: the state
 * machine retries it (twice, with backoff), then compensates and publishes FulfillmentFailed.
 * Steps read the switch on every attempt, uncached, so the next attempt obeys it.
 *
 * The table is `shop-fulfillment-<stage>` (or `--table`). The endpoint is `AWS_ENDPOINT_URL`
 * when set; for stage `local` without it, the local cloud's edge (`http://localhost:4566`, or
 * `LOCAL_CLOUD_EDGE_PORT`, or the running `npm start`'s own port) with placeholder credentials.
 */

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describeError } from '@shop/shared/errors';
import { operatorClientConfig } from '@shop/shared/operator-client';
import { DynamoDbFaultSwitch } from '../src/adapters/dynamodb-fault-switch.ts';
import { FAULTS_USAGE, FaultCommandError, parseFaultCommand } from './fault-command.ts';

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { stage: { type: 'string', default: 'local' }, table: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(FAULTS_USAGE);
    return;
  }
  const command = parseFaultCommand(positionals);
  const tableName = values.table ?? `shop-fulfillment-${values.stage}`;
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(operatorClientConfig(values.stage)));
  const faults = new DynamoDbFaultSwitch(documents, tableName);
  if (command.kind === 'fail') {
    await faults.failStep(command.step);
    console.log(`${tableName}: every attempt of ${command.step} now fails (until "faults.ts clear")`);
  } else if (command.kind === 'clear') {
    await faults.clear();
    console.log(`${tableName}: fault cleared, every step runs normally`);
  }
  console.log(JSON.stringify(await faults.read(), null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof FaultCommandError ? error.message : `faults.ts failed: ${describeError(error)}`);
  process.exitCode = 1;
});
