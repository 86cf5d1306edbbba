/**
 * Prints an ID token for a demo customer (creating the user if needed), for the order API:
 *
 *   npm run token -- ada                       # local cloud: curl -H "Authorization: Bearer $(npm run -s token -- ada)" ...
 *   npm run token -- ada --stage dev           # a deployed stage, with your AWS credentials
 *   npm run token -- ada --json                # username, e-mail, customer id, both tokens, expiry
 *
 * The endpoint is `AWS_ENDPOINT_URL` when set; for stage `local` without it, the local cloud's
 * edge (`http://localhost:4566`, or `LOCAL_CLOUD_EDGE_PORT`, or the running `npm start`'s own port) with placeholder credentials.
 */

import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { operatorClientConfig } from '@shop/shared/operator-client';
import { findCustomerPool, signInDemoCustomer } from './demo-customer.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string', default: 'local' }, json: { type: 'boolean', default: false } },
});
const [name] = positionals;
if (!name || !/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
  console.error('usage: npm run token -- <customer name> [--stage local] [--json]   (letters, digits, . _ -)');
  process.exit(2);
}
try {
  const cognito = new CognitoIdentityProviderClient(operatorClientConfig(values.stage));
  const tokens = await signInDemoCustomer(cognito, await findCustomerPool(cognito, values.stage), name);
  if (values.json) {
    console.log(JSON.stringify(tokens, null, 2));
  } else {
    console.log(tokens.idToken);
  }
} catch (error) {
  console.error(`No token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
