import { arnOf, defineResourceType, physicalName } from './resource-type.ts';

export interface TableSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * The DynamoDB emulator validates the table's properties itself (`createTablesFromTemplates`),
 * so every property reaches it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html
 */
export const DYNAMODB_TABLE = defineResourceType({
  type: 'AWS::DynamoDB::Table',
  nameProperty: 'TableName',
  supported: ['*'],
  accepted: [],
  ref: physicalName,
  attributes: { Arn: (naming) => arnOf('dynamodb', naming, `table/${physicalName(naming)}`) },
  topology: {
    collection: 'tables',
    build: ({ logicalId, properties }, { stackName }): TableSpec => ({ stackName, logicalId, properties }),
  },
});
