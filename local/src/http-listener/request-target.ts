export type RequestTarget = { ok: true; path: string; rawQuery: string } | { ok: false; reason: string };

/**
 * Splits a request target into its path (still percent-encoded) and query, as RFC 9112 §3.2
 * allows them: origin-form (`/path?query`), absolute-form (`http://host/path?query`, what a
 * proxy is sent) and asterisk-form (`*`, `OPTIONS *`). Anything else, and a path whose
 * percent-encoding does not decode to UTF-8, is refused: nobody downstream has to guard
 * `decodeURIComponent`.
 * https://www.rfc-editor.org/rfc/rfc9112#section-3.2
 */
export function parseRequestTarget(target: string): RequestTarget {
  if (target === '*') return { ok: true, path: '*', rawQuery: '' };
  let pathAndQuery = target;
  if (!target.startsWith('/')) {
    if (!/^https?:\/\//i.test(target))
      return { ok: false, reason: 'The request target is not a path or an absolute URL.' };
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return { ok: false, reason: 'The request target is not a valid URL.' };
    }
    pathAndQuery = `${url.pathname}${url.search}`;
  }
  const withoutFragment = pathAndQuery.split('#', 1)[0] ?? '';
  const question = withoutFragment.indexOf('?');
  const path = question < 0 ? withoutFragment : withoutFragment.slice(0, question);
  const rawQuery = question < 0 ? '' : withoutFragment.slice(question + 1);
  if (!decodes(path)) return { ok: false, reason: 'The request path has malformed percent-encoding.' };
  return { ok: true, path, rawQuery };
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
