import { describe, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { parsePostgresUrl } from './parse-postgres-url.ts';

const SECRET = 'S3cr3tPw';

function errorOf(url: string): CagwError {
  try {
    parsePostgresUrl(url, { where: 'GATEWAY_POSTGRES_URL' });
  } catch (e) {
    if (CagwError.is(e)) return e;
    throw e;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('parsePostgresUrl', () => {
  test('decodes every part of a well-formed URL', () => {
    expect(parsePostgresUrl('postgresql://gate%20way:p%23w%25d@db.internal:6543/claude%2Fgw?sslmode=require&application_name=cagw%2Bgw')).toEqual({
      host: 'db.internal',
      port: 6543,
      database: 'claude/gw',
      user: 'gate way',
      password: 'p#w%d',
      sslmode: 'require',
      params: { application_name: 'cagw+gw' },
    });
  });

  test('defaults the port, and reports a missing sslmode as undefined (the gateway would connect in plaintext)', () => {
    const parts = parsePostgresUrl('postgres://gateway@db.internal/gw');
    expect(parts.port).toBe(5432);
    expect(parts.sslmode).toBeUndefined();
    expect(parts.password).toBeUndefined();
  });

  test('tells an empty password from no password', () => {
    expect(parsePostgresUrl('postgres://gateway:@db/gw').password).toBe('');
    expect(parsePostgresUrl('postgres://gateway@db/gw').password).toBeUndefined();
  });

  test('reads a password with unencoded @ and : the way the gateway does (last @, first :)', () => {
    const parts = parsePostgresUrl('postgres://gateway:a:b@c@db.internal:5432/gw?sslmode=disable');
    expect(parts.password).toBe('a:b@c');
    expect(parts.host).toBe('db.internal');
  });

  test('reads a bracketed IPv6 host without its brackets', () => {
    expect(parsePostgresUrl('postgres://gateway@[fd00::5]:5432/gw').host).toBe('fd00::5');
  });

  test.each([
    ['an unencoded #', `postgres://gateway:ab#${SECRET}@db:5432/gw`, "'#'"],
    ['an unencoded /', `postgres://gateway:ab/${SECRET}@db:5432/gw`, "'/', '?' or '#'"],
    ['an unencoded ?', `postgres://gateway:ab?${SECRET}@db:5432/gw`, "'/', '?' or '#'"],
    ['a bare %', `postgres://gateway:ab%${SECRET}@db:5432/gw`, "'%'"],
    ['a fragment', `postgres://gateway:${SECRET}@db:5432/gw#frag`, "'#'"],
    ['bytes that are not UTF-8', `postgres://gateway:${SECRET}%FF@db:5432/gw`, 'not UTF-8'],
    ['another scheme', `mysql://gateway:${SECRET}@db:3306/gw`, 'postgres://'],
    ['no user info', 'postgres://db:5432/gw', 'no user'],
    ['an empty user', `postgres://:${SECRET}@db:5432/gw`, 'empty user'],
    ['no host', `postgres://gateway:${SECRET}@:5432/gw`, 'no host'],
    ['a port that is not a number', `postgres://gateway:${SECRET}@db:54x2/gw`, 'port'],
    ['a port out of range', `postgres://gateway:${SECRET}@db:70000/gw`, 'port'],
    ['no database', `postgres://gateway:${SECRET}@db:5432`, 'no database'],
    ['a / in the database', `postgres://gateway:${SECRET}@db:5432/a/b`, "'/' in its database"],
    ['an unknown sslmode', `postgres://gateway:${SECRET}@db/gw?sslmode=strict`, 'sslmode "strict"'],
    ['sslmode twice', `postgres://gateway:${SECRET}@db/gw?sslmode=require&sslmode=disable`, 'sslmode twice'],
    ['a parameter twice', `postgres://gateway:${SECRET}@db/gw?a=1&a=2`, 'parameter "a" twice'],
  ])('refuses %s, naming the problem and hiding the password', (_what, url, said) => {
    const error = errorOf(url);
    expect(error.code).toBe('PostgresUrlInvalid');
    expect(error.where).toBe('GATEWAY_POSTGRES_URL');
    expect(error.message).toContain(said);
    expect(error.message).toContain('value hidden');
    expect(`${error.message} ${error.fix}`).not.toContain(SECRET);
  });
});
