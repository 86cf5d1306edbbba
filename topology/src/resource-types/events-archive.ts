import { arnOf, defineResourceType, physicalName } from './resource-type.ts';

export interface ArchiveSpec {
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
  readonly sourceArn: string;
  readonly eventPattern: unknown;
  readonly retentionDays: number;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-archive.html */
export const EVENT_ARCHIVE = defineResourceType({
  type: 'AWS::Events::Archive',
  nameProperty: 'ArchiveName',
  supported: ['ArchiveName', 'SourceArn', 'EventPattern', 'RetentionDays'],
  accepted: ['Description'],
  ref: physicalName,
  attributes: { Arn: (naming) => arnOf('events', naming, `archive/${physicalName(naming)}`) },
  topology: {
    collection: 'archives',
    build: ({ name, arn, properties }, { stackName }): ArchiveSpec => ({
      stackName,
      name,
      arn,
      sourceArn: String(properties.SourceArn),
      eventPattern: properties.EventPattern,
      retentionDays: Number(properties.RetentionDays ?? 0),
    }),
  },
});
