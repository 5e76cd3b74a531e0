// The SQL the database stack's one-shot task runs (database.yaml, RoleTaskDefinition,
// CAGW_ROLE_SQL), against a real PostgreSQL 16 set up like RDS. RDS's master user is no superuser
// but a member of rds_superuser, which a local cluster does not have: here the master is a
// non-superuser role with CREATEROLE and CREATEDB that owns the database gateway (with tables the
// gateway's migrations made while it connected as the master) and another database.
// It is an update from a deployment whose gateway connects as the master: that gateway keeps
// working while the SQL runs and after it (and after a rollback of the gateway), the gateway's
// new role works in its own database, and it cannot reach any other. The task runs as ECS runs it
// (its command, environment and secrets, the real psql) over TLS, as on RDS: it prints no password
// when a statement fails, and signs in only to a server that binds SCRAM to the TLS channel.
import { randomBytes } from 'node:crypto';
import { startLocalPostgres, type LocalPostgres } from '@cagw/local-gateway';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseTemplate } from './parse-template.ts';
import { loadTemplate } from './stacks.ts';
import { asArray, asRecord } from './template-values.ts';
import { authenticateWith, enableTls, runRoleTask, type RoleTaskRun } from './testing/role-task.ts';

// the embedded PostgreSQL cagw local runs, as a throwaway cluster with a superuser `postgres`
let postgres: LocalPostgres;
// a gateway task of the old deployment: connected as the master before the update, and kept open
let runningGateway: pg.Client;
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
  const client = new pg.Client({
    host: postgres.host, port: postgres.port, user, password, database, ...(options ? { options } : {}),
    connectionTimeoutMillis: 10_000, query_timeout: 60_000,
  });
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

/** The task, with the secrets ECS injects: the master's password and the role's. */
const runTask = (password: string): Promise<RoleTaskRun> => runRoleTask(postgres, { PGPASSWORD: masterPassword, CAGW_ROLE_PASSWORD: password });
// the role's password as the last task that succeeded set it
let latestPassword = '';
async function runRoleSql(password: string): Promise<void> {
  const run = await runTask(password);
  if (run.code !== 0) throw new Error(`the role task ended with ${run.code}: ${run.stderr}`);
  latestPassword = password;
}

const asSuperuser = <T>(work: (c: pg.Client) => Promise<T>) => asUser(postgres.user, postgres.password, 'postgres', work);

beforeAll(async () => {
  postgres = await startLocalPostgres();
  await enableTls(postgres);
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
  runningGateway = await connect('gateway', masterPassword, 'gateway');
}, 180_000);

afterAll(async () => {
  await runningGateway?.end().catch(() => undefined);
  await postgres?.stop();
});

const total = async (c: pg.Client) => (await c.query<{ total: number }>('SELECT sum(cents)::int AS total FROM spend')).rows[0]?.total;

describe('the gateway database role', () => {
  const password = rolePassword();

  test('a gateway connected as the master keeps reading and writing while the SQL runs (the update), and after it', async () => {
    // what the running task does over and over, while the stack update runs the SQL beside it
    const failures: unknown[] = [];
    let writes = 0;
    let updating = true;
    const work = (async () => {
      while (updating && writes < 10_000) {
        try {
          await runningGateway.query('INSERT INTO spend (cents) VALUES (1)');
          await runningGateway.query("INSERT INTO kv (k, v) VALUES ($1, 'x') ON CONFLICT (k) DO UPDATE SET v = excluded.v", [`w${writes % 7}`]);
          writes += 1;
        } catch (error) {
          failures.push(error);
          return;
        }
      }
    })();
    try {
      await runRoleSql(password);
    } finally {
      updating = false;
      await work;
    }
    expect(failures).toEqual([]);
    expect(writes).toBeGreaterThan(0);
    expect(await total(runningGateway)).toBe(125 + writes);
    // after it: the same session reads and writes what cagw_gateway now owns, and migrates it
    await runningGateway.query('INSERT INTO spend (cents) VALUES (300)');
    await runningGateway.query('ALTER TABLE spend ADD COLUMN model text');
    expect(await total(runningGateway)).toBe(425 + writes);
    const owners = await asUser(postgres.user, postgres.password, 'gateway', async (c) => (await c.query("SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('spend', 'kv')")).rows);
    expect(owners).toEqual([{ owner: 'cagw_gateway' }, { owner: 'cagw_gateway' }]);
    await runningGateway.query('DELETE FROM spend WHERE cents = 1');
    await runningGateway.query("DELETE FROM kv WHERE k LIKE 'w%'");
  });

  test('cagw_gateway (the new gateway) owns and uses its database, the tables the master made included', async () => {
    const rows = await asUser('cagw_gateway', password, 'gateway', async (c) => {
      await c.query("INSERT INTO spend (cents, model) VALUES (75, 'm')");
      await c.query('ALTER TABLE spend ADD COLUMN region text'); // a later migration needs ownership
      await c.query("INSERT INTO kv (k, v) VALUES ('a', 'b')");
      await c.query('CREATE TABLE _migrations (version integer)');
      await c.query('INSERT INTO _migrations VALUES (1)');
      return total(c);
    });
    expect(rows).toBe(500);
  });

  test('a gateway rolled back to the master (a fresh connection) reads and writes, and each uses the tables the other creates later', async () => {
    await asUser('gateway', masterPassword, 'gateway', async (c) => {
      await c.query('INSERT INTO spend (cents) VALUES (10)');
      await c.query('INSERT INTO _migrations VALUES (2)'); // made by cagw_gateway
      await c.query('ALTER TABLE _migrations ADD COLUMN applied_at timestamptz'); // a migration of the rolled-back gateway
      await c.query('CREATE TABLE caps (subject text PRIMARY KEY, cents integer, id serial)'); // one it makes itself
      await c.query("INSERT INTO caps (subject, cents) VALUES ('alice', 100)");
      expect(await total(c)).toBe(510);
    });
    await asUser('cagw_gateway', password, 'gateway', async (c) => {
      await c.query("INSERT INTO caps (subject, cents) VALUES ('bob', 200)");
      await c.query("UPDATE caps SET cents = 150 WHERE subject = 'alice'");
      expect((await c.query('SELECT count(*)::int AS n FROM _migrations')).rows).toEqual([{ n: 2 }]);
      await c.query('CREATE TABLE sessions_seen (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz DEFAULT now())');
    });
    await asUser('gateway', masterPassword, 'gateway', async (c) => {
      await c.query('INSERT INTO sessions_seen DEFAULT VALUES');
      expect((await c.query('SELECT sum(cents)::int AS n FROM caps')).rows).toEqual([{ n: 350 }]);
    });
    // the session open since before the update sees the same
    expect((await runningGateway.query('SELECT count(*)::int AS n FROM sessions_seen')).rows).toEqual([{ n: 1 }]);
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
    expect(await asUser('cagw_gateway', next, 'gateway', total)).toBe(510);
  });

  test('a run over a deployment whose master does not inherit the role (as the SQL first granted it) lets the master use the tables again', async () => {
    const next = rolePassword();
    await asUser('gateway', masterPassword, 'gateway', (c) => c.query('GRANT cagw_gateway TO gateway WITH INHERIT FALSE, SET TRUE'));
    await expect(asUser('gateway', masterPassword, 'gateway', total)).rejects.toThrow(/permission denied for table spend/);
    await runRoleSql(next);
    expect(await asUser('gateway', masterPassword, 'gateway', total)).toBe(510);
  });

  test('without the role password the task refuses to run, and the SQL text holds no password', async () => {
    const run = await runRoleTask(postgres, { PGPASSWORD: masterPassword });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cagw.gateway_password is missing/);
    expect(await roleSql()).not.toMatch(/PASSWORD\s+'/);
  });

  test('a failing ALTER ROLE prints its SQLSTATE, and no password anywhere', async () => {
    // the master may not alter a superuser role: 42501, at ALTER ROLE cagw_gateway ... PASSWORD '<password>'
    await asSuperuser((c) => c.query('ALTER ROLE cagw_gateway SUPERUSER'));
    try {
      const next = rolePassword();
      const run = await runTask(next);
      expect(run.code).not.toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toContain(next);
      expect(run.stderr).not.toMatch(/PASSWORD|CONTEXT|LINE \d/);
      expect(run.stderr).toMatch(/cagw: updating role cagw_gateway failed with SQLSTATE 42501/);
    } finally {
      await asSuperuser((c) => c.query('ALTER ROLE cagw_gateway NOSUPERUSER'));
    }
    // and the role still signs in with the password of the last run that succeeded
    expect(await asUser('cagw_gateway', latestPassword, 'gateway', total)).toBe(510);
  });

  describe('a server that does not bind SCRAM to the TLS channel is refused before the role password is sent', () => {
    afterAll(async () => {
      await asSuperuser((c) => c.query(`SET password_encryption = 'scram-sha-256'; ALTER ROLE gateway PASSWORD ${c.escapeLiteral(masterPassword)}`));
      await authenticateWith(postgres, 'gateway', undefined, masterPassword);
    });

    test.each([
      ['trust', /channel binding required, but server authenticated client without channel binding/],
      ['md5', /channel binding required but not supported by server's authentication request/],
    ] as const)('%s', async (method, refusal) => {
      // md5 needs the password stored as md5 (a SCRAM verifier makes the server run SCRAM)
      await asSuperuser((c) => c.query(`SET password_encryption = '${method === 'md5' ? 'md5' : 'scram-sha-256'}'; ALTER ROLE gateway PASSWORD ${c.escapeLiteral(masterPassword)}`));
      await authenticateWith(postgres, 'gateway', method, masterPassword);
      const next = rolePassword();
      const run = await runTask(next);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(refusal);
      await expect(connect('cagw_gateway', next, 'gateway')).rejects.toThrow(/password authentication failed/);
    });
  });
});
