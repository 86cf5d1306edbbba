import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { expectLessonPasses } from '../support/lesson.ts';

/**
 * The lessons that start a local cloud of their own (crash-restart kills one), as tests: their
 * clouds are apart from the one the other scenarios share.
 */
describe('the scenarios with a cloud of their own', () => {
  const own = SCENARIOS.flatMap((scenario) => ('ownCloud' in scenario ? [scenario] : []));

  it('include crash-restart', () => {
    expect(own.map((scenario) => scenario.name)).toContain('crash-restart');
  });

  it.each(own.map((scenario) => [scenario.name, scenario] as const))(
    '%s runs, narrates and passes, and has its page',
    (_name, scenario) => expectLessonPasses(scenario, (say) => scenario.run(say)),
    300_000,
  );
});
