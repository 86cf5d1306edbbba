import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/**
 * Whether a host name is this machine: `localhost` and its subdomains (RFC 6761 §6.3), the
 * IPv4 loopback block 127.0.0.0/8 and IPv6 `::1`.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1';
  return false;
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]:port`), or undefined when it is not one. */
export function hostnameOfHostHeader(host: string): string | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host.trim());
  return match?.[1];
}

/**
 * Why a request to a local-only listener must be refused, or undefined when it may proceed.
 *
 * - A `Host` that is not a loopback name means the page that sent it reached this machine
 *   through a name it controls (DNS rebinding): its script could otherwise read the answers.
 * - An `Origin` that is not a loopback origin (or the opaque `null`) is a page of another site
 *   whose browser sent a request it could not read but that would still change state.
 *
 * A request with neither header comes from a program, not a browser page (browsers always send
 * `Host`, and `Origin` on every cross-origin request that changes state).
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Origin
 */
export function refuseNonLoopback(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host;
  if (host !== undefined) {
    const hostname = hostnameOfHostHeader(host);
    if (!hostname || !isLoopbackHostname(hostname)) {
      return `The local cloud answers only requests addressed to this machine (Host: localhost or a loopback address), not '${host}'.`;
    }
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    let hostname: string | undefined;
    try {
      hostname = new URL(origin).hostname;
    } catch {
      hostname = undefined;
    }
    if (!hostname || !isLoopbackHostname(hostname)) {
      return `The local cloud refuses requests from pages of other origins (Origin: ${origin}).`;
    }
  }
  return undefined;
}

/**
 * Whether a browser page of any site could send this request without asking first: a CORS
 * "simple" request (POST with no body type, or a form or plain-text body) is sent with no
 * preflight. Control routes that change state accept JSON only, which a page cannot send
 * cross-site without a preflight the local cloud never grants.
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */
export function isForgeableByPages(method: string, headers: IncomingHttpHeaders): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  const type = (headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type !== 'application/json';
}
