import { createHash } from 'node:crypto';
import { defineResourceType } from './resource-type.ts';

/**
 * The HTTP API the framework compiles from a stack's `httpApi` events (logical id `HttpApi`).
 * Its `Ref` is the API id, which AWS generates (10 lower-case letters and digits); locally it
 * is derived from the stack's name, so it is the same at every start and alarms and dashboards
 * on `AWS/ApiGateway` {ApiId} find the API's metrics.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-api.html
 */
export const HTTP_API = defineResourceType<never, never>({
  type: 'AWS::ApiGatewayV2::Api',
  nameProperty: 'Name',
  supported: ['Name', 'ProtocolType'],
  accepted: ['Description', 'Tags', 'DisableExecuteApiEndpoint', 'CorsConfiguration'],
  ref: (naming) => httpApiIdOf(naming.stackName),
  attributes: {
    ApiId: (naming) => httpApiIdOf(naming.stackName),
    ApiEndpoint: (naming) => `https://${httpApiIdOf(naming.stackName)}.execute-api.${naming.region}.amazonaws.com`,
  },
});

export function httpApiIdOf(stackName: string): string {
  const digest = createHash('sha256').update(stackName).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(digest.subarray(0, 10), (byte) => alphabet[byte % alphabet.length]).join('');
}
