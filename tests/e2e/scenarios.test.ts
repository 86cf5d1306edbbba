import { afterAll, beforeAll, describe, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { localEndpoints, ScenarioShop } from '../../scenarios/shop.ts';
import { expectLessonPasses } from '../support/lesson.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

/** Every lesson `npm run scenario` runs, as a test: the same code, against a local cloud of its own. */
let cloud: TestCloud;
let shop: ScenarioShop;

beforeAll(async () => {
  cloud = await startTestCloud({
    // A payment that meets an outage is told at once (60 s on npm start), so payment-outage runs in seconds.
    env: { OUTBOX_GRACE_SECONDS: '0', DELAY_NOTICE_SECONDS: '0' },
    stepFunctionsTiming: { retryIntervalMs: 50, waitMs: 50 },
    // Alarms evaluated 60 times faster than AWS, so the undocumented-event alarm fires in about a second.
    cloudWatchTimeScale: 60,
  });
  shop = new ScenarioShop(
    localEndpoints({ edgeUrl: cloud.edgeUrl, httpApiUrl: cloud.httpApiUrl, consoleUrl: cloud.consoleUrl }),
  );
});

afterAll(async () => {
  await cloud?.destroy();
});

describe('the scenarios', () => {
  // The lessons that start a cloud of their own (crash-restart) run in `scenarios-own-cloud.test.ts`,
  // beside this file: they spend most of their time waiting for AWS's timing, not on this cloud.
  const shared = SCENARIOS.flatMap((scenario) => ('ownCloud' in scenario ? [] : [scenario]));
  it.each(shared.map((scenario) => [scenario.name, scenario] as const))(
    '%s runs, narrates and passes, and has its page',
    (_name, scenario) => expectLessonPasses(scenario, (say) => scenario.run(shop, say)),
    // Each scenario bounds its own waits.
    300_000,
  );
});
