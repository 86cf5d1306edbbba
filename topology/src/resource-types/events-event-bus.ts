import { arnOf, defineResourceType, physicalName, TAGS_AND_DESCRIPTION } from './resource-type.ts';

export interface BusSpec {
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-eventbus.html */
export const EVENT_BUS = defineResourceType({
  type: 'AWS::Events::EventBus',
  nameProperty: 'Name',
  supported: ['Name'],
  accepted: [...TAGS_AND_DESCRIPTION],
  ref: physicalName,
  attributes: {
    Name: physicalName,
    Arn: (naming) => arnOf('events', naming, `event-bus/${physicalName(naming)}`),
  },
  topology: {
    collection: 'buses',
    build: ({ name, arn }, { stackName }): BusSpec => ({ stackName, name, arn }),
  },
});
