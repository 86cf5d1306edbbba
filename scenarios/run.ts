/**
 * `npm run scenario -- <name>` runs one lesson against the running shop, telling each step as it
 * happens, and ends with a one-line verdict (exit code 0 only if it passed). `--list` lists them.
 * It finds the running `npm start` by the endpoints it wrote; with none running, it starts the
 * local cloud for the run and stops it after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { shopConsoleExtensions } from '../local/shop/console-extensions.ts';
import { startLocalCloud } from '../local/src/cloud.ts';
import { findRunningCloud } from '../shared/src/operator-client.ts';
import { SCENARIOS } from './index.ts';
import { localEndpoints, ScenarioShop } from './shop.ts';

const rootDir = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { list: { type: 'boolean', default: false } },
});
const [name] = positionals;
if (values.list || !name) {
  console.log('npm run scenario -- <name>\n');
  for (const scenario of SCENARIOS) console.log(`  ${scenario.name.padEnd(20)} ${scenario.teaches}`);
  process.exit(values.list ? 0 : 1);
}
const scenario = SCENARIOS.find((candidate) => candidate.name === name);
if (!scenario) {
  console.error(`No scenario ${name}: npm run scenario -- --list`);
  process.exit(1);
}

const started = performance.now();
const say = (line: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
/** The running shop, or one started for this run (answered with how to stop it). */
async function shopForTheRun(): Promise<{ shop: ScenarioShop; stop?: () => Promise<void> }> {
  const running = findRunningCloud(rootDir);
  if (running) return { shop: new ScenarioShop(localEndpoints(running)) };
  const dataDir = mkdtempSync(join(tmpdir(), 'scenario-'));
  say('No local cloud is running: starting one for this scenario (npm start keeps one running).');
  const cloud = await startLocalCloud({ rootDir, dataDir, edgePort: 0, httpPort: 0, console: shopConsoleExtensions() });
  return {
    shop: new ScenarioShop(
      localEndpoints({ edgeUrl: cloud.edgeUrl, httpApiUrl: cloud.httpApiUrl, consoleUrl: cloud.consoleUrl }),
    ),
    stop: async () => {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let stop: (() => Promise<void>) | undefined;
let passed = false;
try {
  let verdict: string;
  if ('ownCloud' in scenario) {
    say(`${scenario.name}: ${scenario.teaches}`);
    verdict = await scenario.run(say);
  } else {
    const found = await shopForTheRun();
    stop = found.stop;
    say(`${scenario.name}: ${scenario.teaches}`);
    verdict = await scenario.run(found.shop, say);
  }
  passed = true;
  console.log(`\nPASS ${scenario.name}: ${verdict}  (${scenario.page})`);
} catch (error) {
  console.log(`\nFAIL ${scenario.name}: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stop?.();
}
process.exit(passed ? 0 : 1);
