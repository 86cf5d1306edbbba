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

/**
 * Replaces every value that is exactly `${self:a.b}` with that part of the config, as the
 * framework does (the Retry blocks take `custom.notRetried` this way). Other variables, such
 * as `${sls:stage}`, stay as written: the tests match on them.
 */
function resolveSelfReferences(node: unknown, config: Record<string, unknown>): unknown {
  if (typeof node === 'string') {
    const reference = /^\$\{self:([\w.]+)\}$/.exec(node);
    if (!reference) return node;
    const value = (reference[1] ?? '')
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], config);
    if (value === undefined) throw new Error(`serverless.yml: \${self:${reference[1]}} is not set`);
    return value;
  }
  if (Array.isArray(node)) return node.map((item) => resolveSelfReferences(item, config));
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveSelfReferences(value, config)]));
  }
  return node;
}

/** The `stepFunctions.stateMachines.fulfillmentSaga` block, its `${self:...}` references resolved. */
export function readSagaStateMachine() {
  const config = readServerlessConfig();
  const { stepFunctions } = resolveSelfReferences(config, config) as { stepFunctions: StepFunctionsSection };
  const machine = stepFunctions.stateMachines.fulfillmentSaga;
  if (machine === undefined) throw new Error('serverless.yml declares no fulfillmentSaga state machine');
  return machine;
}
