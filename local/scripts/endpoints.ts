/**
 * `eval "$(npm run -s endpoints)"`: the running local cloud's addresses as shell variables, so
 * recipes in the docs work whatever ports `npm start` was given:
 *
 *   E                      the AWS endpoint (the edge), e.g. http://127.0.0.1:4566
 *   H                      the shop's HTTP API, e.g. http://127.0.0.1:3000
 *   AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 *                          for the AWS CLI and SDKs (the local cloud's documented credentials)
 *
 * `--json` prints the endpoints file instead. Without a running `npm start` (its
 * `.local-cloud/endpoints.json`, looked for from the current folder up) it prints nothing to
 * standard output, says so on standard error and exits with 1.
 */
import { findRunningCloud } from '@shop/shared/operator-client';

const cloud = findRunningCloud();
if (!cloud) {
  console.error('No local cloud is running here: start one with `npm start` (in another terminal).');
  process.exit(1);
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(cloud, null, 2));
} else {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const variables = {
    E: cloud.edgeUrl,
    H: cloud.httpApiUrl,
    AWS_ENDPOINT_URL: cloud.edgeUrl,
    AWS_REGION: cloud.region ?? 'eu-west-1',
    AWS_DEFAULT_REGION: cloud.region ?? 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  console.log(
    `export ${Object.entries(variables)
      .map(([name, value]) => `${name}=${quote(value)}`)
      .join(' ')}`,
  );
}
