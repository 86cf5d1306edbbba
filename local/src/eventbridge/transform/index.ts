/**
 * Shaping what an EventBridge target receives: `InputPath` and `InputTransformer`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */

export { applyInputPath } from './input-path.ts';
export {
  applyInputTransformer,
  type InputTransformer,
  type TransformContext,
  validateInputTransformer,
} from './input-transformer.ts';
export { type JsonPath, parseJsonPath, selectJsonPath } from './json-path.ts';
