import { defineResourceType } from './resource-type.ts';

export interface CustomResourceSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly serviceToken: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** `Custom::Name` and `AWS::CloudFormation::CustomResource`: a Lambda-backed deploy-time step. */
export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/**
 * Lambda-backed custom resources only (`ServiceToken` is a function ARN); every property but
 * `ServiceToken` is the resource's own and reaches the function as `ResourceProperties`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html
 */
export const CUSTOM_RESOURCE = defineResourceType({
  type: 'AWS::CloudFormation::CustomResource',
  nameProperty: undefined,
  supported: ['*'],
  accepted: [],
  // Ref is the PhysicalResourceId the function answers at deploy time, unknown when the loader runs.
  ref: (naming) => {
    throw new Error(`Stack ${naming.stackName}: !Ref ${naming.logicalId} (a custom resource) is not supported locally`);
  },
  attributes: {},
  topology: {
    collection: 'customResources',
    build: (resource, { stackName }): CustomResourceSpec => {
      const serviceToken = resource.properties.ServiceToken;
      if (typeof serviceToken !== 'string' || !serviceToken.startsWith('arn:aws:lambda:')) {
        return resource.fail('only Lambda-backed custom resources (ServiceToken = a function ARN) are supported');
      }
      return {
        stackName,
        logicalId: resource.logicalId,
        resourceType: resource.type,
        serviceToken,
        properties: resource.properties,
      };
    },
  },
});
