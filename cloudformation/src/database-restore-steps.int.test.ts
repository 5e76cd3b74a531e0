// The restore steps of docs/backup-restore.md, read out of the page and run as written against a
// live database set up by the database stack's role SQL (database.yaml, CAGW_ROLE_SQL) on a real
// PostgreSQL 16. RDS's master user is no superuser but a member of rds_superuser, which a local
// cluster does not have: here the master is a non-superuser role with CREATEROLE and CREATEDB
// that owns the database gateway.
//
// The copy runs on PostgreSQL 15: pg_dump refuses a server newer than itself, and the only
// pg_dump Debian ships for this machine is 15's (an operator uses a 16 or later one, as the page
// says). It holds what a copy of the live database holds after the role SQL (the tables the
// role's, default privileges of the master's, and a table a gateway connected as the master made
// later, still the master's), written by hand since PostgreSQL 15 has no INHERIT/SET options.
// The restore itself, where ownership and privileges decide, runs into the PostgreSQL 16.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPostgres, type LocalPostgres } from '@cagw/local-gateway';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { enableTls, runRoleTask } from './testing/role-task.ts';

const PAGE = join(import.meta.dirname, '..', '..', 'docs', 'backup-restore.md');
// Debian's PostgreSQL 15 server, for the copy (see above)
const POSTGRES_15 = '/usr/lib/postgresql/15';

let live: LocalPostgres;
let copy: LocalPostgres;
let workDir: string;
const masterPassword = randomBytes(18).toString('base64url');
const rolePassword = randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40).padEnd(40, 'x');

async function asUser<T>(server: LocalPostgres, user: string, password: string, database: string, work: (c: pg.Client) => Promise<T>, options?: string): Promise<T> {
  const client = new pg.Client({
    host: server.host, port: server.port, user, password, database, ...(options ? { options } : {}),
    connectionTimeoutMillis: 10_000, query_timeout: 60_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
const asMaster = <T>(server: LocalPostgres, work: (c: pg.Client) => Promise<T>) => asUser(server, 'gateway', masterPassword, 'gateway', work);
const asRole = <T>(work: (c: pg.Client) => Promise<T>) => asUser(live, 'cagw_gateway', rolePassword, 'gateway', work);
const asSuperuser = <T>(server: LocalPostgres, database: string, work: (c: pg.Client) => Promise<T>) => asUser(server, server.user, server.password, database, work);

/** The page's commands of one program, in the order the page gives them. */
function pageCommands(program: 'pg_dump' | 'pg_restore'): string[] {
  return [...readFileSync(PAGE, 'utf8').matchAll(/^\s*((?:pg_dump|pg_restore) .+)$/gm)].map((m) => m[1] ?? '').filter((line) => line.startsWith(`${program} `));
}

/** Runs one of the page's commands as an operator would: the master's sign-in in the environment, the endpoint's placeholder filled in. */
function runAsWritten(command: string): Promise<{ code: number; output: string }> {
  const server = command.includes('<copy endpoint>') ? copy : live;
  const line = command.replace(/<copy endpoint>|<live endpoint>/g, server.host);
  if (/<[a-z ]+>/.test(line)) throw new Error(`a placeholder of ${PAGE} is left unfilled in: ${line}`);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPORT: String(server.port), PGUSER: 'gateway', PGPASSWORD: masterPassword, PGCONNECT_TIMEOUT: '10' };
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', line], { cwd: workDir, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

async function dumpAndRestore(): Promise<{ code: number; output: string }> {
  const [dump] = pageCommands('pg_dump');
  const [restore] = pageCommands('pg_restore');
  if (!dump || !restore) throw new Error(`${PAGE} has no pg_dump or no pg_restore command`);
  const dumped = await runAsWritten(dump);
  expect(dumped).toEqual({ code: 0, output: '' });
  return runAsWritten(restore);
}

/** What each table holds, and who owns each table and sequence of schema public. */
const contents = (c: pg.Client) => c.query(`SELECT (SELECT json_agg(s ORDER BY id) FROM (SELECT id, cents FROM spend) s) AS spend,
  (SELECT json_agg(r ORDER BY k) FROM (SELECT k, v FROM kv) r) AS kv, (SELECT json_agg(subject ORDER BY subject) FROM caps) AS caps`);
const owners = async (server: LocalPostgres) =>
  asSuperuser(server, 'gateway', async (c) => (await c.query<{ name: string; owner: string }>(`SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') ORDER BY 1`)).rows);

// the master as RDS makes it, and the gateway's first tables, made while it connected as the master
async function createDeployment(server: LocalPostgres): Promise<void> {
  await asSuperuser(server, 'postgres', async (c) => {
    await c.query(`CREATE ROLE gateway LOGIN CREATEROLE CREATEDB PASSWORD ${c.escapeLiteral(masterPassword)}`);
    await c.query('CREATE DATABASE gateway OWNER gateway');
    await c.query('ALTER DATABASE postgres OWNER TO gateway');
  });
  await asMaster(server, async (c) => {
    await c.query('CREATE TABLE spend (id serial PRIMARY KEY, cents integer NOT NULL)');
    await c.query('CREATE TABLE kv (k text PRIMARY KEY, v text, n bigint GENERATED ALWAYS AS IDENTITY)');
    await c.query('INSERT INTO spend (cents) VALUES (125), (300)');
    await c.query("INSERT INTO kv (k, v) VALUES ('a', 'copy')");
  });
}

beforeAll(async () => {
  if (!existsSync(join(POSTGRES_15, 'bin', 'postgres'))) throw new Error(`no PostgreSQL 15 server in ${POSTGRES_15} for the copy: apt-get install postgresql-15 postgresql-client-15`);
  workDir = mkdtempSync(join(tmpdir(), 'cagw-restore-'));
  [live, copy] = await Promise.all([
    startLocalPostgres(),
    startLocalPostgres({ binaries: { root: POSTGRES_15, initdb: join(POSTGRES_15, 'bin', 'initdb'), postgres: join(POSTGRES_15, 'bin', 'postgres') } }),
  ]);
  await Promise.all([createDeployment(live), createDeployment(copy)]);

  // the copy: as the live database was after the role SQL, and a table a gateway connected as the master made later
  await asMaster(copy, async (c) => {
    // INHERIT: on PostgreSQL 15 a NOINHERIT owner of the database would not get the rights of pg_database_owner
    await c.query(`CREATE ROLE cagw_gateway LOGIN PASSWORD ${c.escapeLiteral(rolePassword)}`);
    await c.query('GRANT cagw_gateway TO gateway');
    await c.query('ALTER DATABASE gateway OWNER TO cagw_gateway');
  });
  // a new session: one that changed the database's owner keeps its old view of who owns schema public
  await asMaster(copy, async (c) => {
    await c.query('ALTER TABLE spend OWNER TO cagw_gateway');
    await c.query('ALTER TABLE kv OWNER TO cagw_gateway');
    await c.query('ALTER DEFAULT PRIVILEGES FOR ROLE gateway GRANT ALL ON TABLES TO cagw_gateway');
    await c.query('ALTER DEFAULT PRIVILEGES FOR ROLE gateway GRANT ALL ON SEQUENCES TO cagw_gateway');
    await c.query('CREATE TABLE caps (subject text PRIMARY KEY, cents integer, id serial)');
    await c.query("INSERT INTO caps (subject, cents) VALUES ('alice', 100)");
  });
  expect(await owners(copy)).toContainEqual({ name: 'caps', owner: 'gateway' });

  // the live database: the database stack's update ran the role SQL, then the gateway, as
  // cagw_gateway, went on writing: what the restore is to undo
  // (as the task runs it: its command and secrets, psql over TLS with channel binding)
  await enableTls(live);
  const task = await runRoleTask(live, { PGPASSWORD: masterPassword, CAGW_ROLE_PASSWORD: rolePassword });
  if (task.code !== 0) throw new Error(`the role task ended with ${task.code}: ${task.stderr}`);
}, 180_000);

afterAll(async () => {
  await Promise.all([live?.stop(), copy?.stop()]);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the restore steps of docs/backup-restore.md', () => {
  test('leave a database the gateway role owns and uses, and the master uses too', async () => {
    await asRole(async (c) => {
      await c.query('INSERT INTO spend (cents) VALUES (999)');
      await c.query("UPDATE kv SET v = 'lost' WHERE k = 'a'");
      await c.query('CREATE TABLE _migrations (version integer)');
    });

    const restored = await dumpAndRestore();
    expect(restored).toEqual({ code: 0, output: '' });

    const expected = { spend: [{ id: 1, cents: 125 }, { id: 2, cents: 300 }], kv: [{ k: 'a', v: 'copy' }], caps: ['alice'] };
    expect((await asMaster(live, contents)).rows).toEqual([expected]);
    // every table and sequence is the role's, the copy's master-owned caps included; what the copy lacks stays
    expect(await owners(live)).toEqual([
      { name: '_migrations', owner: 'cagw_gateway' },
      { name: 'caps', owner: 'cagw_gateway' },
      { name: 'caps_id_seq', owner: 'cagw_gateway' },
      { name: 'kv', owner: 'cagw_gateway' },
      { name: 'kv_n_seq', owner: 'cagw_gateway' },
      { name: 'spend', owner: 'cagw_gateway' },
      { name: 'spend_id_seq', owner: 'cagw_gateway' },
    ]);

    // the gateway, as its role: writes, and migrates (which needs ownership)
    await asRole(async (c) => {
      await c.query('INSERT INTO spend (cents) VALUES (5)');
      await c.query("INSERT INTO kv (k, v) VALUES ('b', 'role')");
      await c.query("INSERT INTO caps (subject, cents) VALUES ('bob', 200)");
      await c.query('ALTER TABLE caps ADD COLUMN note text');
    });
    // a gateway connected as the master (older deployment, or rolled back)
    await asMaster(live, async (c) => {
      await c.query('INSERT INTO spend (cents) VALUES (7)');
      await c.query("UPDATE caps SET note = 'master' WHERE subject = 'bob'");
      await c.query('ALTER TABLE spend ADD COLUMN model text');
      expect((await c.query('SELECT sum(cents)::int AS total, max(id)::int AS last FROM spend')).rows).toEqual([{ total: 437, last: 4 }]);
    });
  });

  test('the role still cannot connect to another database', async () => {
    await expect(asUser(live, 'cagw_gateway', rolePassword, 'postgres', async () => undefined)).rejects.toThrow(/permission denied for database "postgres"/);
  });

  test('replace a table a gateway connected as the master made in the live database, and hand it to the role', async () => {
    // made after the role SQL by a gateway connected as the master, in the copy and in the live database
    await asMaster(copy, async (c) => c.query("CREATE TABLE audit (at text); INSERT INTO audit VALUES ('copy')"));
    await asMaster(live, async (c) => c.query("CREATE TABLE audit (at text); INSERT INTO audit VALUES ('live'); INSERT INTO spend (cents) VALUES (1000)"));
    expect(await owners(live)).toContainEqual({ name: 'audit', owner: 'gateway' });

    expect(await dumpAndRestore()).toEqual({ code: 0, output: '' });

    expect(await owners(live)).toContainEqual({ name: 'audit', owner: 'cagw_gateway' });
    const audit = await asRole(async (c) => {
      await c.query("INSERT INTO audit VALUES ('role')");
      return (await c.query('SELECT at FROM audit ORDER BY at')).rows;
    });
    expect(audit).toEqual([{ at: 'copy' }, { at: 'role' }]);
    expect((await asMaster(live, async (c) => c.query('SELECT sum(cents)::int AS total FROM spend'))).rows).toEqual([{ total: 425 }]);
  });

  test('change nothing when they fail', async () => {
    // a view only the live database has stops the drop of the table it reads, halfway through
    await asRole(async (c) => {
      await c.query('INSERT INTO spend (cents) VALUES (50)');
      await c.query('CREATE VIEW spend_total AS SELECT sum(cents) AS total FROM spend');
    });
    const failed = await dumpAndRestore();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/cannot drop table public\.spend because other objects depend on it/);
    expect((await asRole(async (c) => c.query('SELECT total::int FROM spend_total'))).rows).toEqual([{ total: 475 }]);
    expect((await asRole(async (c) => c.query('SELECT count(*)::int AS n FROM audit'))).rows).toEqual([{ n: 2 }]);
  });
});
