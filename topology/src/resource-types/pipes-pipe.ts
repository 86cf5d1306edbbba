import { defineResourceType, physicalName } from './resource-type.ts';

/**
 * An `AWS::Pipes::Pipe` with its properties resolved. The pipes emulator validates the nested
 * properties (source, filters, enrichment, target) when it builds the pipe.
 */
export interface PipeSpec {
  readonly stackName: string;
  readonly logicalId: string;
  /** The physical name (`Name`, or the one the loader generated). */
  readonly name: string;
  readonly arn: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * `Ref` is the pipe's name, `Fn::GetAtt` gives `Arn` (`arn:aws:pipes:<region>:<account>:pipe/<name>`)
 * and `CurrentState`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-pipes-pipe.html#aws-resource-pipes-pipe-return-values
 */
export const PIPE = defineResourceType({
  type: 'AWS::Pipes::Pipe',
  nameProperty: 'Name',
  supported: [
    'Name',
    'Source',
    'SourceParameters',
    'Enrichment',
    'EnrichmentParameters',
    'Target',
    'TargetParameters',
    'DesiredState',
    'LogConfiguration',
  ],
  accepted: ['RoleArn', 'Description', 'Tags'],
  ref: physicalName,
  attributes: {
    Arn: (naming) => `arn:aws:pipes:${naming.region}:${naming.accountId}:pipe/${physicalName(naming)}`,
    CurrentState: (naming) => (naming.property('DesiredState') === 'STOPPED' ? 'STOPPED' : 'RUNNING'),
  },
  topology: {
    collection: 'pipes',
    build: ({ logicalId, name, arn, properties }, { stackName }): PipeSpec => ({
      stackName,
      logicalId,
      name,
      arn,
      properties,
    }),
  },
});
