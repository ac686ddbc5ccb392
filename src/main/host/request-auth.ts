// Who may talk to the browser-mode host: the session token from the x-airlock-token header or the session cookie
// (never a query string, which ends up in logs, history and Referer), and only from our own loopback origin.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_HEADER = 'x-airlock-token';

/** Cookies ignore ports, so two `serve` sessions in one browser each need their own cookie name. */
export function sessionCookieName(port: number): string {
  return `airlock-${port}`;
}

/** The Set-Cookie value that hands a browser the token: script-proof, never sent cross-site, for this whole origin. */
export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** How a request proved it holds the token, or null when it did not. */
export type Credential = 'header' | 'cookie' | null;

export function credentialOf(headers: IncomingHttpHeaders, port: number, token: string): Credential {
  const header = headers[TOKEN_HEADER];
  if (typeof header === 'string' && sameSecret(header, token)) return 'header';
  const cookie = cookieValue(headers.cookie, sessionCookieName(port));
  if (cookie !== null && sameSecret(cookie, token)) return 'cookie';
  return null;
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * Whether a request's Origin lets it through. A browser sends Origin on every POST, so a cookie-borne POST without
 * one is refused; a header-borne request without one comes from a script that already holds the token.
 */
export function originAllowed(origin: string | undefined, port: number, credential: Credential, stateChanging: boolean): boolean {
  if (origin !== undefined) return ownOrigins(port).includes(origin);
  return !(stateChanging && credential === 'cookie');
}
