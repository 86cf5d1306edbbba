import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type ScalarTag } from 'yaml';

/**
 * This service's `serverless.yml` as data, with CloudFormation's short-form tags read in their
 * long form (`!GetAtt A.Arn` → `{ 'Fn::GetAtt': ['A', 'Arn'] }`), as the framework reads them.
 * Tests run the state machine definition from here, so what is tested is what is deployed.
 */
export function readServerlessConfig(): Record<string, unknown> {
  const file = path.resolve(import.meta.dirname, '../serverless.yml');
  const tag = (name: string, resolve: (value: string) => unknown): ScalarTag => ({
    tag: `!${name}`,
    resolve: (value: string) => resolve(value) as never,
  });
  const customTags = [
    tag('Ref', (value) => ({ Ref: value })),
    tag('GetAtt', (value) => ({
      'Fn::GetAtt': [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)],
    })),
    tag('ImportValue', (value) => ({ 'Fn::ImportValue': value })),
    tag('Sub', (value) => ({ 'Fn::Sub': value })),
  ];
  return parse(readFileSync(file, 'utf8'), { customTags }) as Record<string, unknown>;
}

interface StepFunctionsSection {
  stateMachines: Record<string, { definition: Record<string, unknown> } & Record<string, unknown>>;
}

/** The `stepFunctions.stateMachines.fulfillmentSaga` block. */
export function readSagaStateMachine() {
  const { stepFunctions } = readServerlessConfig() as { stepFunctions: StepFunctionsSection };
  const machine = stepFunctions.stateMachines.fulfillmentSaga;
  if (machine === undefined) throw new Error('serverless.yml declares no fulfillmentSaga state machine');
  return machine;
}
