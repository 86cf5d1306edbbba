export {
  createDynamoDbService,
  type DynamoDbService,
  type DynamoDbServiceOptions,
} from './dynamodb-service.ts';
export {
  ACCEPTED_WITHOUT_LOCAL_EFFECT,
  APPLIED_TABLE_PROPERTIES,
  type ProvisionedTable,
  type TableTemplate,
} from './table-templates.ts';
