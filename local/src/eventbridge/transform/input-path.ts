/**
 * A target's `InputPath`: send part of the matched event instead of all of it.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
 *
 * AWS sends what the path selects as JSON (`$.detail.payload.sf_id` pointing at `"baz"` delivers
 * `"baz"`, quotes included). A path that selects nothing yields `undefined`; one with a wildcard
 * or deep scan yields the list of what it selected.
 */

import { parseJsonPath, selectJsonPath } from './json-path.ts';

export function applyInputPath(event: unknown, path: string): unknown {
  const parsed = parseJsonPath(path);
  const selected = selectJsonPath(event, parsed);
  return parsed.definite ? selected[0] : selected;
}
