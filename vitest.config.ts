import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that spend longest waiting on clouds of their own (measured), in this order; the
 * rest follow in vitest's own order (longest last time first, or largest first on a fresh clone).
 */
const LONGEST_WAITS = [
  'tests/e2e/scenarios-own-cloud.test.ts',
  'tests/e2e/scenarios.test.ts',
  'tests/e2e/full-flow.test.ts',
  'services/payments/test/payments.e2e.test.ts',
  'tests/e2e/hostile-clients.test.ts',
  'tests/e2e/console.test.ts',
  'tests/bench/bench.test.ts',
  'tests/e2e/durability.test.ts',
  'tests/e2e/alarms.test.ts',
];

/** Starts the longest waits first, so the other files run beside them instead of after them. */
class LongestWaitsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = LONGEST_WAITS.findIndex((file) => spec.moduleId.endsWith(file));
      return index === -1 ? LONGEST_WAITS.length : index;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

/** The files that start clouds of their own (or time a whole flow): each runs in a fresh module graph. */
const END_TO_END = ['tests/e2e/**/*.test.ts', 'tests/bench/**/*.test.ts', '**/*.e2e.test.ts'];
const EXCLUDE = ['**/node_modules/**', '.local-cloud/**'];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // The unit files share their worker's module graph (vitest's `isolate: false`): importing
        // the AWS SDK, ajv and the catalog once per worker rather than once per file halves their
        // CPU (99 → 46 s on this machine). They keep no state between files: each builds what it
        // tests, and the order they run in is vitest's own.
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...EXCLUDE, ...END_TO_END], isolate: false },
      },
      { extends: true, test: { name: 'e2e', include: END_TO_END, exclude: EXCLUDE } },
    ],
    // Most of an end-to-end file's time is waiting for events on a cloud of its own, not CPU: three
    // files at a time on a 2-core machine overlap those waits (the default is one per core but one).
    maxWorkers: 3,
    sequence: { sequencer: LongestWaitsFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
