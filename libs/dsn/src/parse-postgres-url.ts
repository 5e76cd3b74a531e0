// A postgres:// URL → its decoded parts, the inverse of buildPostgresUrl. It refuses what the
// gateway would refuse at boot (an unencoded # / ? or %, a bad port) with a message that names
// the part and never shows the password.
import { CagwError } from '@cagw/errors';
import { DEFAULT_POSTGRES_PORT, SSL_MODES } from './postgres-url-parts.ts';
import type { PostgresUrlParts, SslMode } from './postgres-url-parts.ts';
import { splitPostgresUrl } from './split-postgres-url.ts';

const ENCODE_FIX = 'percent-encode the user and password (encodeUserinfo, or pct_encode in the image)';
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

export interface ParseOptions {
  /** where the URL came from, for messages: a variable name or file:line */
  where?: string | undefined;
}

export function parsePostgresUrl(url: string, options: ParseOptions = {}): PostgresUrlParts {
  const fail = (message: string, fix: string) => new CagwError('PostgresUrlInvalid', `postgres url (value hidden) ${message}`, { source: 'user', where: options.where, fix });

  const raw = splitPostgresUrl(url);
  if (raw === 'not-postgres-scheme') throw fail('does not start with postgres:// or postgresql://', 'write it as postgres://user:password@host:5432/database?sslmode=verify-full');
  if (raw === 'no-user-info') throw fail('names no user (no "user@" before the host)', 'write it as postgres://user:password@host:5432/database');
  if (raw === 'structural-character-in-user-info') throw fail("has an unencoded '/', '?' or '#' in its user or password", ENCODE_FIX);
  if (raw.fragment !== undefined) throw fail("has an unencoded '#' (the gateway cannot parse it)", ENCODE_FIX);
  if (BAD_PERCENT.test(url)) throw fail("has a '%' that is not followed by two hex digits (the gateway cannot parse it)", ENCODE_FIX);
  const decode = (text: string, part: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw fail(`has a ${part} that is not UTF-8 once percent-decoded`, ENCODE_FIX);
    }
  };

  const user = decode(raw.user, 'user');
  if (user === '') throw fail('has an empty user', 'name the database role before the "@"');
  const host = raw.host.startsWith('[') ? raw.host.slice(1, -1) : raw.host;
  if (host === '') throw fail('has no host', 'name the database host after the "@"');
  const port = raw.port === undefined || raw.port === '' ? DEFAULT_POSTGRES_PORT : Number(raw.port);
  if (!/^\d*$/.test(raw.port ?? '') || port < 1 || port > 65_535) throw fail('has a port that is not a number from 1 to 65535', 'use the database port, usually 5432');
  if (raw.path === '') throw fail('names no database (no "/database" after the host)', 'add the database name after the host and port');
  if (raw.path.includes('/')) throw fail("has a '/' in its database name", 'percent-encode the database name');
  try {
    new URL(url); // the gateway parses with the WHATWG parser: what it refuses, we refuse
  } catch {
    throw fail('is not a valid URL', 'check the host and port, and percent-encode every other part');
  }

  let sslmode: SslMode | undefined;
  const params: Record<string, string> = {};
  for (const pair of (raw.query ?? '').split('&').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq), 'parameter name');
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1), `value for parameter "${name}"`);
    if (name === 'sslmode') {
      if (sslmode !== undefined) throw fail('gives sslmode twice', 'keep one sslmode');
      if (!(SSL_MODES as readonly string[]).includes(value)) throw fail(`has sslmode "${value}", not one of ${SSL_MODES.join(', ')}`, 'use verify-full for RDS');
      sslmode = value as SslMode;
    } else {
      if (Object.hasOwn(params, name)) throw fail(`gives parameter "${name}" twice`, 'keep one');
      params[name] = value;
    }
  }

  return {
    host,
    port,
    database: decode(raw.path, 'database name'),
    user,
    password: raw.password === undefined ? undefined : decode(raw.password, 'password'),
    sslmode,
    params,
  };
}
