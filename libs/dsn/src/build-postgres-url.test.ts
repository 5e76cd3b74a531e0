import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CagwError } from '@cagw/errors';
import { buildPostgresUrl } from './build-postgres-url.ts';
import { parsePostgresUrl } from './parse-postgres-url.ts';
import { CLIENT_ONLY_PARAMS, SSL_MODES } from './postgres-url-parts.ts';
import type { PostgresUrlInput, PostgresUrlParts } from './postgres-url-parts.ts';

const base = { host: 'db.internal', database: 'claude_gateway', user: 'gateway' };

function errorOf(run: () => unknown): CagwError {
  try {
    run();
  } catch (e) {
    if (CagwError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a CagwError');
}

describe('buildPostgresUrl', () => {
  test('percent-encodes the password and defaults to port 5432 and sslmode=verify-full', () => {
    expect(buildPostgresUrl({ ...base, password: 'p#w%d&x@y/z?q:r s+t' })).toBe(
      'postgres://gateway:p%23w%25d%26x%40y%2Fz%3Fq%3Ar%20s%2Bt@db.internal:5432/claude_gateway?sslmode=verify-full',
    );
  });

  test('writes no password separator when there is no password, and an empty one when it is empty', () => {
    expect(buildPostgresUrl({ ...base, sslmode: 'disable' })).toBe('postgres://gateway@db.internal:5432/claude_gateway?sslmode=disable');
    expect(buildPostgresUrl({ ...base, password: '' })).toBe('postgres://gateway:@db.internal:5432/claude_gateway?sslmode=verify-full');
  });

  test('brackets an IPv6 host and encodes extra parameters after sslmode', () => {
    expect(buildPostgresUrl({ ...base, host: '::1', port: 6543, sslmode: 'require', params: { application_name: 'cagw gateway' } })).toBe(
      'postgres://gateway@[::1]:6543/claude_gateway?sslmode=require&application_name=cagw%20gateway',
    );
  });

  test.each(CLIENT_ONLY_PARAMS)('refuses the client-only parameter %s, which breaks the gateway', (name) => {
    const error = errorOf(() => buildPostgresUrl({ ...base, params: { [name]: '/etc/claude/rds.pem' } }));
    expect(error.code).toBe('PostgresUrlPartInvalid');
    expect(error.where).toBe(`params.${name}`);
    expect(error.fix).toContain('NODE_EXTRA_CA_CERTS');
  });

  test.each<[string, Partial<PostgresUrlInput>]>([
    ['host', { host: 'db internal' }],
    ['host', { host: 'user@db' }],
    ['host', { host: '' }],
    ['port', { port: 0 }],
    ['port', { port: 65_536 }],
    ['port', { port: 54.32 }],
    ['user', { user: '' }],
    ['database', { database: '' }],
    ['sslmode', { sslmode: 'verify' as never }],
    ['params.sslmode', { params: { sslmode: 'disable' } }],
    ['params', { params: { '': 'x' } }],
  ])('refuses a bad %s', (where, change) => {
    const error = errorOf(() => buildPostgresUrl({ ...base, ...change }));
    expect(error.code).toBe('PostgresUrlPartInvalid');
    expect(error.where).toBe(where);
  });
});

// Any value a person or RDS could choose for each part (no lone surrogates: they have no UTF-8 form).
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const reservedName = (k: string) => k === 'sslmode' || CLIENT_ONLY_PARAMS.includes(k) || k === '__proto__';
const parts: fc.Arbitrary<PostgresUrlParts> = fc.record({
  host: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6()),
  port: fc.integer({ min: 1, max: 65_535 }),
  database: nonEmpty,
  user: nonEmpty,
  password: fc.option(text, { nil: undefined }),
  sslmode: fc.constantFrom(...SSL_MODES),
  params: fc.dictionary(nonEmpty.filter((k) => !reservedName(k)), text, { maxKeys: 3 }),
});

describe('buildPostgresUrl and parsePostgresUrl', () => {
  test.prop([parts])('parse(build(x)) returns x', (x) => {
    expect(parsePostgresUrl(buildPostgresUrl(x))).toEqual(x);
  });

  test.prop([parts])('every built URL is accepted by the WHATWG parser the gateway uses', (x) => {
    expect(() => new URL(buildPostgresUrl(x))).not.toThrow();
  });
});
