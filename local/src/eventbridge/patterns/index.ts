/**
 * EventBridge event patterns: validation, matching and the TestEventPattern API.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */

export {
  type CompiledEventPattern,
  type CompiledField,
  type CompiledSubRule,
  compileEventPattern,
  matchesEventPattern,
} from './event-pattern.ts';
export { type TestEventPatternInput, type TestEventPatternOutput, testEventPattern } from './test-event-pattern.ts';
