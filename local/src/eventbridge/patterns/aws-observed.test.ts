import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../edge/aws-error.ts';
import { testEventPattern } from './index.ts';

interface ObservedCase {
  readonly pattern: string;
  readonly detail?: string;
  readonly event?: string;
  readonly result?: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly note?: string;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/aws-observed.json', import.meta.url), 'utf8')) as {
  readonly cases: readonly ObservedCase[];
};

/** The envelope the observations were made with; `detail` is spliced in as raw text. */
function eventOf(testCase: ObservedCase): string {
  if (testCase.event !== undefined) return testCase.event;
  return `{"version":"0","id":"00000000-0000-4000-8000-000000000001","detail-type":"probe","source":"stackd.pattern.probe","account":"111111111111","time":"2026-09-13T00:00:00Z","region":"us-east-1","resources":[],"detail":${testCase.detail}}`;
}

function answer(testCase: ObservedCase): { result: boolean } | { code: string; message: string } {
  try {
    return { result: testEventPattern({ EventPattern: testCase.pattern, Event: eventOf(testCase) }).Result };
  } catch (error) {
    if (isAwsError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

describe('TestEventPattern against answers recorded from AWS', () => {
  it('has a broad set of recorded answers', () => {
    expect(fixture.cases.length).toBeGreaterThan(400);
  });

  it.each(
    fixture.cases.map((testCase) => [
      `${testCase.pattern} | ${testCase.event ?? testCase.detail}${testCase.note ? ` (${testCase.note})` : ''}`,
      testCase,
    ]),
  )('answers as AWS did for %s', (_name, testCase) => {
    const expected = testCase.error ?? { result: testCase.result };
    expect(answer(testCase)).toEqual(expected);
  });
});
