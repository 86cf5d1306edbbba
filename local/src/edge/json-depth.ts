/**
 * The deepest nesting any JSON document may have in the local cloud: what AWS's JSON front ends
 * (Jackson's `StreamReadConstraints`) allow. Deeper documents are refused where they arrive, so
 * no recursive walk behind them (pattern matching, `JSON.stringify`) can run out of stack.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether a JSON text nests objects and arrays deeper than `limit`. Scans the text without
 * parsing it (strings and their escapes are skipped), stopping at the first level too deep.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}
