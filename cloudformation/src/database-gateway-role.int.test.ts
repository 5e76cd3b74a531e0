// The SQL the database stack's one-shot task runs (database.yaml, RoleTaskDefinition,
// CAGW_ROLE_SQL), against a real PostgreSQL 16 set up like RDS: a master user that is not a
// superuser, owns the database gateway (with tables the gateway's migrations made while it
// connected as the master) and another database. Afterwards the gateway's role works in its own
// database and cannot reach any other.
import { randomBytes } from 'node:crypto';
import { startLocalPostgres, type LocalPostgres } from '@cagw/local-gateway';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseTemplate } from './parse-template.ts';
import { loadTemplate } from './stacks.ts';
import { asArray, asRecord } from './template-values.ts';

// the embedded PostgreSQL cagw local runs, as a throwaway cluster with a superuser `postgres`
let postgres: LocalPostgres;
const masterPassword = randomBytes(18).toString('base64url');
// like GatewayRoleSecret: 40 alphanumeric characters
const rolePassword = () => randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40).padEnd(40, 'x');

async function roleSql(): Promise<string> {
  const template = parseTemplate((await loadTemplate('database')).body, 'database.yaml');
  const task = asRecord(asRecord(template.body.Resources).RoleTaskDefinition);
  const container = asRecord(asArray(asRecord(task.Properties).ContainerDefinitions)[0]);
  const sql = asArray(container.Environment).map(asRecord).find((e) => e.Name === 'CAGW_ROLE_SQL')?.Value;
  if (typeof sql !== 'string') throw new Error('database.yaml has no CAGW_ROLE_SQL');
  return sql;
}

async function connect(user: string, password: string, database: string, options?: string): Promise<pg.Client> {
  const client = new pg.Client({ host: postgres.host, port: postgres.port, user, password, database, ...(options ? { options } : {}) });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function asUser<T>(user: string, password: string, database: string, work: (c: pg.Client) => Promise<T>, options?: string): Promise<T> {
  const client = await connect(user, password, database, options);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What the task does: psql as the master, the password in PGOPTIONS. */
const runRoleSql = async (password: string) => asUser('gateway', masterPassword, 'gateway', async (c) => c.query(await roleSql()), `-c cagw.gateway_password=${password}`);

const asSuperuser = <T>(work: (c: pg.Client) => Promise<T>) => asUser(postgres.user, postgres.password, 'postgres', work);

beforeAll(async () => {
  postgres = await startLocalPostgres();
  // RDS-like: the master user may create roles and databases but is no superuser
  await asSuperuser(async (c) => {
    await c.query(`CREATE ROLE gateway LOGIN CREATEROLE CREATEDB PASSWORD ${c.escapeLiteral(masterPassword)}`);
    await c.query('CREATE DATABASE gateway OWNER gateway');
    await c.query('CREATE DATABASE other OWNER gateway');
    await c.query('ALTER DATABASE postgres OWNER TO gateway');
  });
  // what the gateway's migrations made while it connected as the master
  await asUser('gateway', masterPassword, 'gateway', async (c) => {
    await c.query('CREATE TABLE spend (id serial PRIMARY KEY, cents integer NOT NULL)');
    await c.query('CREATE TABLE kv (k text PRIMARY KEY, v text, n bigint GENERATED ALWAYS AS IDENTITY)');
    await c.query('INSERT INTO spend (cents) VALUES (125)');
  });
  await asUser('gateway', masterPassword, 'other', async (c) => c.query("CREATE TABLE secrets AS SELECT 'audit' AS name"));
}, 180_000);

afterAll(async () => {
  await postgres?.stop();
});

describe('the gateway database role', () => {
  const password = rolePassword();

  test('the SQL creates cagw_gateway, which owns and uses its database, the tables the master made included', async () => {
    await runRoleSql(password);
    const rows = await asUser('cagw_gateway', password, 'gateway', async (c) => {
      await c.query('INSERT INTO spend (cents) VALUES (300)');
      await c.query('ALTER TABLE spend ADD COLUMN model text'); // a later migration needs ownership
      await c.query("INSERT INTO kv (k, v) VALUES ('a', 'b')");
      await c.query('CREATE TABLE _migrations (version integer)');
      return (await c.query<{ total: number }>('SELECT sum(cents)::int AS total FROM spend')).rows;
    });
    expect(rows).toEqual([{ total: 425 }]);
  });

  test('the role cannot connect to any other database', async () => {
    await expect(connect('cagw_gateway', password, 'other')).rejects.toThrow(/permission denied for database "other"/);
    await expect(connect('cagw_gateway', password, 'postgres')).rejects.toThrow(/permission denied for database "postgres"/);
  });

  test('the role cannot make roles or databases, nor act as the master', async () => {
    await asUser('cagw_gateway', password, 'gateway', async (c) => {
      await expect(c.query('CREATE ROLE intruder LOGIN')).rejects.toThrow(/permission denied/);
      await expect(c.query('CREATE DATABASE copy')).rejects.toThrow(/permission denied/);
      await expect(c.query('SET ROLE gateway')).rejects.toThrow(/permission denied/);
    });
  });

  test('other roles lose CONNECT on the gateway database', async () => {
    await asSuperuser(async (c) => c.query("CREATE ROLE bystander LOGIN PASSWORD 'bystander-pass-1'"));
    await expect(connect('bystander', 'bystander-pass-1', 'gateway')).rejects.toThrow(/permission denied for database "gateway"/);
  });

  test('a second run (a redeploy, a new password) keeps everything and only the new password signs in', async () => {
    const next = rolePassword();
    await runRoleSql(next);
    await expect(connect('cagw_gateway', password, 'gateway')).rejects.toThrow(/password authentication failed/);
    const total = await asUser('cagw_gateway', next, 'gateway', async (c) => (await c.query<{ total: number }>('SELECT sum(cents)::int AS total FROM spend')).rows[0]?.total);
    expect(total).toBe(425);
  });

  test('without the password setting the SQL refuses to run, and the SQL text holds no password', async () => {
    await expect(asUser('gateway', masterPassword, 'gateway', async (c) => c.query(await roleSql()))).rejects.toThrow(/cagw.gateway_password is missing/);
    expect(await roleSql()).not.toMatch(/PASSWORD\s+'/);
  });
});
