// Real PostgreSQL: roles whose passwords hold every URL-structural character sign in through
// a URL from buildPostgresUrl. A client that decodes the URL differently, or a password that
// was not encoded, fails to authenticate, so these tests can fail.
import { startLocalPostgres, type LocalPostgres } from '@cagw/local-gateway';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildPostgresUrl } from './build-postgres-url.ts';

const STRUCTURAL = ['#', '%', '&', '@', '/', '?', ':', ' ', '+', '=', ';', ',', '[', ']', '!', '$', "'", '(', ')', '*', '"', '\\', 'é'];
const ALL_AT_ONCE = `p#w%d&x@y/z?q:r s+t=${STRUCTURAL.join('')}`;

// the embedded PostgreSQL cagw local runs, as a throwaway cluster with a superuser `postgres`
let postgres: LocalPostgres;

beforeAll(async () => {
  postgres = await startLocalPostgres();
  await postgres.ensureDatabase('claude_gateway');
  const admin = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: 'postgres' });
  await admin.connect();
  try {
    for (const [role, password] of roles()) {
      await admin.query(`CREATE ROLE ${admin.escapeIdentifier(role)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
    }
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await postgres?.stop();
});

function roles(): Array<[string, string]> {
  return [
    ...STRUCTURAL.map((c, i): [string, string] => [`gw_char_${i}`, `ab${c}cd`]),
    ['gw_all', ALL_AT_ONCE],
    ['gw user@corp', ALL_AT_ONCE], // a role name that needs encoding too
  ];
}

async function whoAmI(connectionString: string): Promise<string> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query<{ current_user: string; current_database: string }>('SELECT current_user, current_database()');
    return `${result.rows[0]!.current_user}@${result.rows[0]!.current_database}`;
  } finally {
    await client.end();
  }
}

const urlFor = (user: string, password: string) => buildPostgresUrl({ host: postgres.host, port: postgres.port, database: 'claude_gateway', user, password, sslmode: 'disable' });

describe('a URL from buildPostgresUrl against a real PostgreSQL', () => {
  test.each(roles())('role %s signs in with its password', async (role, password) => {
    expect(await whoAmI(urlFor(role, password))).toBe(`${role}@claude_gateway`);
  });

  test('a wrong password is refused, so a passing sign-in means the password arrived intact', async () => {
    await expect(whoAmI(urlFor('gw_all', `${ALL_AT_ONCE}x`))).rejects.toThrow(/password authentication failed/);
  });

  test('the same password left unencoded does not sign in', async () => {
    const unencoded = `postgres://gw_all:${ALL_AT_ONCE}@${postgres.host}:${postgres.port}/claude_gateway?sslmode=disable`;
    await expect(whoAmI(unencoded)).rejects.toThrow();
  });
});
