import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Scenario } from '../../scenarios/scenario.ts';
import { ROOT_DIR } from './local-cloud.ts';

/**
 * Runs one lesson as a test does: `run` gets the narrator; the lesson must end with a verdict,
 * have narrated its steps, and have its page.
 */
export async function expectLessonPasses(
  scenario: Scenario,
  run: (say: (line: string) => void) => Promise<string>,
): Promise<void> {
  const narration: string[] = [];
  const verdict = await run((line) => narration.push(line));
  expect(verdict).not.toBe('');
  expect(narration.length).toBeGreaterThan(3);
  expect(existsSync(join(ROOT_DIR, scenario.page)), scenario.page).toBe(true);
}
