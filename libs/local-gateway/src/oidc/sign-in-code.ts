// The code the development sign-in page asks for. Loopback is shared by every user of the
// machine, so without it anyone on the machine could sign in as any test user (admins
// included) and spend through the session's upstream. A fresh code per run, shown only in the
// terminal that started it (and kept in a 0600 file for `cagw local probe`).
import { randomInt, timingSafeEqual } from 'node:crypto';

// no 0/O, 1/I/L: read off a terminal and typed
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

/** A new code, e.g. `K7QM-ZP3X-W9RD` (about 59 bits). */
export function newSignInCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8].map((at) => chars.slice(at, at + 4).join('')).join('-');
}

/** Compares a typed code with the expected one: case, spaces and dashes do not matter. */
export function signInCodeMatches(expected: string, typed: string | null | undefined): boolean {
  const normalize = (code: string) => Buffer.from(code.toUpperCase().replace(/[\s-]/g, ''));
  const a = normalize(expected);
  const b = normalize(typed ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

// Gateways started by this process, so tests and `cagw verify --local` sign in without passing
// the code around; another process (`cagw local probe`) reads it from the session's 0600 file.
const codesByGatewayUrl = new Map<string, string>();

export function rememberSignInCode(gatewayUrl: string, code: string): () => void {
  const key = gatewayUrl.replace(/\/$/, '');
  codesByGatewayUrl.set(key, code);
  return () => codesByGatewayUrl.delete(key);
}

export function signInCodeFor(gatewayUrl: string): string | undefined {
  return codesByGatewayUrl.get(gatewayUrl.replace(/\/$/, ''));
}
