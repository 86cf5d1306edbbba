import { createHash } from 'node:crypto';
import { defineResourceType, type ResourceNaming } from './resource-type.ts';

/** An `AWS::Cognito::UserPoolClient` with its properties resolved (the Cognito emulator checks them). */
export interface UserPoolClientSpec {
  readonly stackName: string;
  readonly logicalId: string;
  /** 26 lower-case letters and digits, as Cognito's client ids look; stable for a stack and logical id. */
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Cognito generates a client's id; locally it is derived from the stack and logical id. */
export function userPoolClientIdOf(naming: Pick<ResourceNaming, 'stackName' | 'logicalId'>): string {
  const digest = createHash('sha256').update(`client:${naming.stackName}/${naming.logicalId}`).digest();
  return [...digest.subarray(0, 26)].map((byte) => (byte % 36).toString(36)).join('');
}

/**
 * `Ref` is the client's id; `Fn::GetAtt` gives `ClientId` and `Name`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolclient.html
 */
export const COGNITO_USER_POOL_CLIENT = defineResourceType({
  type: 'AWS::Cognito::UserPoolClient',
  nameProperty: 'ClientName',
  supported: [
    'UserPoolId',
    'ClientName',
    'ExplicitAuthFlows',
    'GenerateSecret',
    'AccessTokenValidity',
    'IdTokenValidity',
    'RefreshTokenValidity',
    'TokenValidityUnits',
    'PreventUserExistenceErrors',
    'ReadAttributes',
    'WriteAttributes',
  ],
  accepted: ['EnableTokenRevocation', 'AuthSessionValidity'],
  ref: userPoolClientIdOf,
  attributes: {
    ClientId: userPoolClientIdOf,
    Name: (naming) => naming.name ?? userPoolClientIdOf(naming),
  },
  topology: {
    collection: 'userPoolClients',
    build: (resource, stack): UserPoolClientSpec => ({
      stackName: stack.stackName,
      logicalId: resource.logicalId,
      id: userPoolClientIdOf({ stackName: stack.stackName, logicalId: resource.logicalId }),
      properties: resource.properties,
    }),
  },
});
