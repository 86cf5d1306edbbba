import { defineResourceType, physicalName } from './resource-type.ts';

export interface DashboardSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  /** The dashboard body: JSON text, as CloudFormation and PutDashboard take it. */
  readonly body: string;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-dashboard.html */
export const CLOUDWATCH_DASHBOARD = defineResourceType({
  type: 'AWS::CloudWatch::Dashboard',
  nameProperty: 'DashboardName',
  supported: ['DashboardName', 'DashboardBody'],
  accepted: [],
  ref: physicalName,
  attributes: {},
  topology: {
    collection: 'dashboards',
    build: ({ logicalId, name, properties, fail }, { stackName }): DashboardSpec => {
      const body = properties.DashboardBody;
      if (typeof body !== 'string') return fail('DashboardBody must be JSON text (use !Sub or a JSON string)');
      return { stackName, logicalId, name, body };
    },
  },
});
