import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { buildPostgresUrl } from './build-postgres-url.ts';
import { parsePostgresUrl } from './parse-postgres-url.ts';
import { REDACTED, redactPostgresUrl, UNPARSEABLE_URL } from './redact-postgres-url.ts';

describe('redactPostgresUrl', () => {
  test('replaces the password and keeps everything a reader needs', () => {
    expect(redactPostgresUrl('postgres://gateway:p%23w%25d@db.internal:5432/gw?sslmode=verify-full')).toBe(
      'postgres://gateway:***@db.internal:5432/gw?sslmode=verify-full',
    );
  });

  test('hides a password given as a query parameter', () => {
    expect(redactPostgresUrl('postgresql://gateway@db/gw?password=hunter2&sslmode=require')).toBe('postgresql://gateway@db/gw?password=***&sslmode=require');
  });

  test('leaves a URL without a password as it is', () => {
    expect(redactPostgresUrl('postgres://gateway@db:5432/gw?sslmode=disable')).toBe('postgres://gateway@db:5432/gw?sslmode=disable');
  });

  test.each([
    'postgres://gateway:ab#hunter2@db:5432/gw',
    'postgres://gateway:ab/hunter2@db:5432/gw',
    'postgres://gateway:ab?hunter2@db:5432/gw',
    'hunter2',
  ])('hides %s whole when an unencoded character makes the password boundary unclear', (url) => {
    expect(redactPostgresUrl(url)).toBe(UNPARSEABLE_URL);
  });

  test.prop([
    fc.record({
      host: fc.domain(),
      port: fc.integer({ min: 1, max: 65_535 }),
      database: fc.string({ unit: 'grapheme', minLength: 1 }),
      user: fc.string({ unit: 'grapheme', minLength: 1 }),
      password: fc.string({ unit: 'grapheme' }),
    }),
  ])('a redacted built URL parses back to the same parts with the password replaced', (x) => {
    const parts = parsePostgresUrl(redactPostgresUrl(buildPostgresUrl(x)));
    expect(parts).toEqual({ ...x, password: REDACTED, sslmode: 'verify-full', params: {} });
  });
});
