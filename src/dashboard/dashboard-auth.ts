/**
 * Who may talk to the dashboard. On loopback anyone on this machine may (like any local tool),
 * but only through a loopback Host name (no DNS rebinding) and never from another site's page
 * (the Origin, when sent, must be this server). Bound to any other address every request,
 * REST and WebSocket, must carry the token: `authorization: Bearer <token>` or the
 * `arbiter_token` cookie, which `/?token=<token>` sets.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors.js';

export const TOKEN_ENV = 'ARBITER_DASHBOARD_TOKEN';
export const TOKEN_COOKIE = 'arbiter_token';
/** Shortest token accepted: guessing it must not be practical. */
export const MIN_TOKEN_LENGTH = 16;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackAddress(bind: string): boolean {
  return bind === '127.0.0.1' || bind === '::1' || bind === 'localhost';
}

/**
 * The token the server will demand: none on loopback, the given one otherwise.
 * @throws ConfigError when bound beyond loopback without a token of at least 16 characters.
 */
export function requiredToken(bind: string, token: string | undefined): string | null {
  if (isLoopbackAddress(bind)) return token && token.length > 0 ? token : null;
  if (token === undefined || token.length === 0) {
    throw new ConfigError(`the dashboard is bound to ${bind}, beyond loopback: set ${TOKEN_ENV} to a secret token (at least ${MIN_TOKEN_LENGTH} characters) or bind to 127.0.0.1`, { bind });
  }
  if (token.length < MIN_TOKEN_LENGTH) throw new ConfigError(`${TOKEN_ENV} is too short (${token.length} characters); use at least ${MIN_TOKEN_LENGTH}`, { bind });
  return token;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token of a request: bearer header first, then the cookie. */
export function presentedToken(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = headers.cookie;
  if (typeof cookie !== 'string') return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type AccessDecision = { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** Decides whether a request may proceed (every route and the WebSocket upgrade ask). */
export function checkAccess(
  request: { readonly headers: Readonly<Record<string, string | string[] | undefined>> },
  policy: { readonly token: string | null; readonly loopback: boolean },
): AccessDecision {
  const host = request.headers.host;
  const hostName = typeof host === 'string' ? host.replace(/:\d+$/, '') : '';
  if (policy.loopback && !LOOPBACK_HOSTS.has(hostName)) return { ok: false, status: 403, reason: `host "${hostName}" is not a loopback name` };
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== `http://${host}` && origin !== `https://${host}`) {
    return { ok: false, status: 403, reason: 'cross-origin request refused' };
  }
  if (policy.token !== null && !tokenMatches(presentedToken(request.headers), policy.token)) {
    return { ok: false, status: 401, reason: `missing or wrong token (send "authorization: Bearer <${TOKEN_ENV}>" or open /?token=…)` };
  }
  return { ok: true };
}
