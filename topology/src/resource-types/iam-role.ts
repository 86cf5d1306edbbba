import { physicalName, type ResourceType } from './resource-type.ts';

/** Packaged and checked for least privilege by the tests; not enforced locally. */
export const IAM_ROLE: ResourceType<never, never> = {
  type: 'AWS::IAM::Role',
  nameProperty: 'RoleName',
  supported: [],
  accepted: ['RoleName', 'AssumeRolePolicyDocument', 'Policies', 'ManagedPolicyArns', 'Path', 'Tags', 'Description'],
  ref: physicalName,
  attributes: { Arn: (naming) => `arn:aws:iam::${naming.accountId}:role/${physicalName(naming)}` },
};
