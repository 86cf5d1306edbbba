/**
 * Switches the simulated payment provider, on the local cloud and on AWS alike, by writing its
 * settings item (`pk = PROVIDER#settings`) in the payments table with the DynamoDB API:
 *
 *   npx tsx services/payments/scripts/provider.ts outage              # local cloud (stage local)
 *   npx tsx services/payments/scripts/provider.ts up
 *   npx tsx services/payments/scripts/provider.ts declines 0.3 --stage dev   # AWS, your credentials
 *   npx tsx services/payments/scripts/provider.ts decline-customer cus-42
 *   npx tsx services/payments/scripts/provider.ts latency 1500
 *   npx tsx services/payments/scripts/provider.ts show
 *
 * The table is `shop-payments-<stage>` (or `--table`). The endpoint is `AWS_ENDPOINT_URL` when
 * set; for stage `local` without it, the local cloud found as `operatorClientConfig` finds it
 * (`LOCAL_CLOUD_EDGE_PORT`, else the running `npm start`'s `.local-cloud/endpoints.json`, else
 * the default edge), with placeholder credentials. The next charge sees the change: functions
 * read the item for every charge.
 */

import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describeError } from '@shop/shared/errors';
import { operatorClientConfig } from '@shop/shared/operator-client';
import { DynamoDbProviderSettings } from '../src/adapters/dynamodb-provider-settings.ts';
import {
  applyProviderCommand,
  PROVIDER_USAGE,
  ProviderCommandError,
  parseProviderSettings,
} from '../src/adapters/provider-settings.ts';
import { createDocumentClient } from '../src/compose.ts';

function operator(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return 'provider.ts';
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { stage: { type: 'string', default: 'local' }, table: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(PROVIDER_USAGE);
    return;
  }
  // Refuse a wrong command line before touching any table.
  applyProviderCommand(parseProviderSettings(undefined), positionals);
  const tableName = values.table ?? `shop-payments-${values.stage}`;
  const store = new DynamoDbProviderSettings(
    createDocumentClient(new DynamoDBClient(operatorClientConfig(values.stage))),
    tableName,
  );
  const current = await store.read();
  const next = applyProviderCommand(current, positionals);
  if (positionals[0] !== 'show') {
    await store.write(next, operator());
    console.log(`${tableName}: provider settings changed (the next charge sees them)`);
  }
  console.log(JSON.stringify(next, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ProviderCommandError ? error.message : `provider.ts failed: ${describeError(error)}`);
  process.exitCode = 1;
});
