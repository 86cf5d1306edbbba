/**
 * Prints an ID token for a demo customer (creating the user if needed), for the order API:
 *
 *   npm run token -- ada                       # local cloud: curl -H "Authorization: Bearer $(npm run -s token -- ada)" ...
 *   npm run token -- ada --stage dev           # a deployed stage, with your AWS credentials
 *   npm run token -- ada --json                # username, e-mail, customer id, both tokens, expiry
 *
 * The endpoint is `AWS_ENDPOINT_URL` when set; for stage `local` without it, the local cloud's
 * edge (`http://localhost:4566`, or `LOCAL_CLOUD_EDGE_PORT`) with placeholder credentials.
 */
import { parseArgs } from 'node:util';
import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
} from '@aws-sdk/client-cognito-identity-provider';
import { findCustomerPool, signInDemoCustomer } from './demo-customer.ts';

function clientConfig(stage: string): CognitoIdentityProviderClientConfig {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'eu-west-1';
  if (stage !== 'local' || process.env.AWS_ENDPOINT_URL) return { region };
  return {
    region,
    endpoint: `http://localhost:${process.env.LOCAL_CLOUD_EDGE_PORT ?? '4566'}`,
    // The local cloud does not check credentials, but the SDK refuses to sign without some.
    ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}

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
  const cognito = new CognitoIdentityProviderClient(clientConfig(values.stage));
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
