import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { SqsService } from '../sqs/index.ts';
import type { StepFunctionsService } from '../stepfunctions/index.ts';
import type { CloudContext, Observability } from './context.ts';

/**
 * Every rule target and event source must exist, as CloudFormation would not deploy a rule aimed
 * at nothing: start-up stops, naming the stack, the resource and the target.
 */
export function checkTargets(
  context: CloudContext,
  deps: { runtime: LambdaRuntime; sqs: SqsService; observe: Observability; stepFunctions: StepFunctionsService },
): void {
  const { topology } = context;
  const { runtime, sqs, observe, stepFunctions } = deps;
  const queueArns = new Set(sqs.listQueueArns());
  for (const rule of topology.rules) {
    for (const target of rule.targets) {
      const service = target.arn.split(':')[2];
      const exists =
        (service === 'sqs' && queueArns.has(target.arn)) ||
        (service === 'lambda' && runtime.resolveFunction(target.arn) !== undefined) ||
        (service === 'logs' && observe.logGroupName(target.arn) !== undefined) ||
        (service === 'states' && stepFunctions.hasStateMachine(target.arn));
      const where = `Stack ${rule.stackName}: AWS::Events::Rule ${rule.logicalId}: target ${target.id} (${target.arn})`;
      if (!exists) throw new Error(`${where} is not a resource the local cloud runs`);
      // EventBridge delivers to a FIFO queue only with a message group and content-based deduplication.
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
      if (service === 'sqs' && target.arn.endsWith('.fifo')) {
        if (!target.sqsParameters?.messageGroupId)
          throw new Error(`${where}: a FIFO queue target needs SqsParameters.MessageGroupId`);
        if (sqs.getQueueAttributes(target.arn).ContentBasedDeduplication !== 'true') {
          throw new Error(`${where}: a FIFO queue target needs ContentBasedDeduplication on the queue`);
        }
      } else if (target.sqsParameters) {
        throw new Error(`${where}: SqsParameters applies to FIFO queue targets only`);
      }
    }
  }
  for (const mapping of topology.eventSourceMappings) {
    if (!queueArns.has(mapping.sourceArn))
      throw new Error(`Stack ${mapping.stackName}: event source ${mapping.sourceArn} does not exist`);
  }
}
