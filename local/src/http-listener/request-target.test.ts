import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.ts';

describe('parseRequestTarget', () => {
  it('splits an origin-form target into its encoded path and query', () => {
    expect(parseRequestTarget('/orders/ord%5F1?x=1&y=%20#frag')).toEqual({
      ok: true,
      path: '/orders/ord%5F1',
      rawQuery: 'x=1&y=%20',
    });
  });

  it('reads the path and query of an absolute-form target', () => {
    expect(parseRequestTarget('http://localhost:4566/a/b?c=d')).toEqual({ ok: true, path: '/a/b', rawQuery: 'c=d' });
  });

  it('refuses targets that are neither a path, an absolute URL nor *', () => {
    for (const target of ['orders', 'http://[::1', 'ftp://x/y', '', 'http://localhost:99999/']) {
      expect(parseRequestTarget(target).ok).toBe(false);
    }
  });

  it('refuses a path whose percent-encoding does not decode to UTF-8', () => {
    for (const target of ['/%', '/a%2', '/%E0%A4%A', '/%C0%AF', '/%FF']) {
      expect(parseRequestTarget(target)).toEqual({
        ok: false,
        reason: 'The request path has malformed percent-encoding.',
      });
    }
  });

  it('never throws, and every path it accepts decodes (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.webUrl(),
          fc.webPath().map((path) => `/${path}`),
        ),
        (target) => {
          const parsed = parseRequestTarget(target);
          if (parsed.ok && parsed.path !== '*') expect(() => decodeURIComponent(parsed.path)).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });
});
