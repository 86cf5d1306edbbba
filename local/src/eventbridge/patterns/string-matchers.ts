/**
 * The string operators: `wildcard` and `equals-ignore-case` (alone or inside `prefix`, `suffix` and
 * `anything-but`).
 *
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * - Wildcard: `*` matches any run of characters (including none); `\*` is a literal star and `\\`
 *   a literal backslash; any other escape, and two stars in a row, are rejected. Positions in the
 *   messages are UTF-8 byte offsets plus one, as AWS reports them (`a**b` → "pos 2").
 * - Ignore case: each character of the pattern matches its lower-case or its upper-case form
 *   (event-ruler's `EqualsIgnoreCaseParser`), so `ß` also matches `SS` but `K` does not match the
 *   Kelvin sign (U+212A) — both observed on AWS.
 */

export type StringPredicate = (value: string) => boolean;

/** A parsed wildcard pattern: literal pieces between stars. */
export interface Wildcard {
  readonly pieces: readonly string[];
}

/** Parses a wildcard pattern, or returns the reason AWS rejects it. */
export function parseWildcard(pattern: string): Wildcard | { readonly error: string } {
  const pieces: string[] = [];
  let piece = '';
  let bytePos = 0;
  let previousWasStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') {
      if (previousWasStar) return { error: `Consecutive wildcard characters at pos ${bytePos}` };
      pieces.push(piece);
      piece = '';
      previousWasStar = true;
      bytePos += 1;
      continue;
    }
    previousWasStar = false;
    if (c === '\\') {
      const next = pattern.charAt(i + 1);
      if (next !== '*' && next !== '\\') return { error: `Invalid escape character at pos ${bytePos + 1}` };
      piece += next;
      i++;
      bytePos += 2;
      continue;
    }
    piece += c;
    bytePos += utf8Length(pattern, i);
    if (isHighSurrogate(pattern.charCodeAt(i)) && isLowSurrogate(pattern.charCodeAt(i + 1))) {
      piece += pattern.charAt(i + 1);
      i++;
    }
  }
  pieces.push(piece);
  return { pieces };
}

/**
 * Glob matching without backtracking blow-ups: the first piece anchors the start, the last the end,
 * and the pieces between are found left to right (the leftmost occurrence is always safe to take).
 */
export function wildcardPredicate(wildcard: Wildcard): StringPredicate {
  const { pieces } = wildcard;
  if (pieces.length === 1) {
    const only = pieces[0] ?? '';
    return (value) => value === only;
  }
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1);
  const minimum = pieces.reduce((sum, p) => sum + p.length, 0);
  return (value) => {
    if (value.length < minimum || !value.startsWith(first) || !value.endsWith(last)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/**
 * How hard a wildcard pattern is to match: the most positions its automaton can be in at once over
 * any input (a star keeps its position alive, and every repetition of the text after a star adds
 * one). EventBridge rejects patterns past a limit with "Rule is too complex - try using fewer
 * wildcard characters or fewer repeating character sequences after a wildcard character"; AWS
 * rejects the docs' `*:*:*:*:*:event-bus/*` (12 here) and accepts
 * `/Users/*\/dir/dir/dir/dir/dir/doc.txt` (8). AWS does not publish its measure, so this is an
 * approximation calibrated on those observations.
 */
export function wildcardComplexity(wildcard: Wildcard): number {
  // Positions: one per literal character and one per star.
  const steps: Array<{ star: true } | { star: false; char: string }> = [];
  wildcard.pieces.forEach((piece, index) => {
    if (index > 0) steps.push({ star: true });
    for (const char of piece) steps.push({ star: false, char });
  });
  const alphabet = [...new Set(steps.flatMap((s) => (s.star ? [] : [s.char]))), '\u0000'];
  const closure = (states: Set<number>): Set<number> => {
    const out = new Set(states);
    for (const state of states) {
      let i = state;
      while (i < steps.length && steps[i]?.star) out.add(++i);
    }
    return out;
  };
  const weight = (states: Set<number>): number => [...states].filter((s) => s < steps.length).length;
  const key = (states: Set<number>): string => [...states].sort((a, b) => a - b).join(',');
  const start = closure(new Set([0]));
  const seen = new Set([key(start)]);
  const queue = [start];
  let worst = weight(start);
  while (queue.length > 0 && seen.size < 2000) {
    const states = queue.shift() ?? new Set<number>();
    for (const char of alphabet) {
      const next = new Set<number>();
      for (const s of states) {
        const step = steps[s];
        if (step === undefined) continue;
        if (step.star) next.add(s);
        else if (step.char === char) next.add(s + 1);
      }
      const closed = closure(next);
      const k = key(closed);
      if (closed.size === 0 || seen.has(k)) continue;
      seen.add(k);
      worst = Math.max(worst, weight(closed));
      queue.push(closed);
    }
  }
  return worst;
}

/** The complexity above which EventBridge refuses a wildcard (see `wildcardComplexity`). */
export const MAX_WILDCARD_COMPLEXITY = 10;

/** A case-insensitive matcher for `equals-ignore-case`, anchored as asked. */
export function ignoreCasePredicate(pattern: string, anchor: 'whole' | 'prefix' | 'suffix'): StringPredicate {
  let source = '';
  for (const c of pattern) {
    // Each UTF-16 unit on its own, as Java's `char` loop does: astral characters match exactly.
    for (let i = 0; i < c.length; i++) {
      const unit = c.charAt(i);
      const forms = [...new Set([unit.toLowerCase(), unit.toUpperCase()])];
      source += forms.length === 1 ? escapeRegExp(forms[0] ?? '') : `(?:${forms.map(escapeRegExp).join('|')})`;
    }
  }
  const regex = new RegExp(anchor === 'whole' ? `^${source}$` : anchor === 'prefix' ? `^${source}` : `${source}$`);
  return (value) => regex.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function utf8Length(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) return 4;
  return 3;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
