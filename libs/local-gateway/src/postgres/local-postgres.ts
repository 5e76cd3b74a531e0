import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { CagwError } from '@cagw/errors';
import { removeOnExit } from '../lifecycle/exit-cleanup.ts';
import { LOOPBACK_HOST, findFreeLoopbackPort } from '../net/loopback-port.ts';
import { clusterHome } from './cluster-home.ts';
import { stopLeftoverPostmaster } from './leftover-postmaster.ts';
import { binariesRunnableBy, platformPostgresBinaries, type PostgresBinaries } from './postgres-binaries.ts';
import { postgresOwner, type PostgresOwner } from './postgres-owner.ts';
import { runInitdb, startPostmaster, type Postmaster } from './postgres-process.ts';

export interface LocalPostgresOptions {
  /** keep the cluster here between runs (cagw local); a fresh temp dir when omitted */
  stateDir?: string;
  /** the PostgreSQL to run; the npm platform package's when omitted */
  binaries?: PostgresBinaries;
  /** as root, where clusters go whose folder the postgres user cannot enter; /var/lib/cagw/postgres when omitted */
  relocationRoot?: string;
  /** how long the server may take to accept connections; 60 s when omitted */
  startTimeoutMs?: number;
}

export interface LocalPostgres {
  host: string;
  port: number;
  user: string;
  /** the superuser password; pass it to the gateway through the environment, never argv */
  password: string;
  dataDir: string;
  persistent: boolean;
  /** the state directory the cluster belongs to, when the postgres user could not enter it and the cluster lives elsewhere (dataDir) */
  relocatedFrom?: string;
  /** creates the database unless it exists */
  ensureDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** runs one statement in a database (e.g. clearing the gateway's sign-in rate-limit counters) */
  query(database: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** settles when the server process has ended, by stop() or on its own */
  exited: Promise<void>;
  /** Postgres log lines so far, for error messages */
  logs: string[];
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
// Bounds on every wait; a loaded 2-core machine initialises a cluster in about 3 s.
const INIT_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;
const CLIENT_CONNECT_TIMEOUT_MS = 10_000;
const QUERY_TIMEOUT_MS = 60_000;

/** Starts PostgreSQL (the npm platform package's build) on a free 127.0.0.1 port. */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  // Postgres refuses to run as root; as root it runs as the `postgres` user, which must own the
  // data directory, reach it, and be able to run the binaries.
  const owner = postgresOwner();
  const binaries = await binariesRunnableBy(options.binaries ?? (await platformPostgresBinaries()), owner);
  const home = await clusterHome(options.stateDir, owner, options.relocationRoot);
  const { rootDir, persistent } = home;
  await mkdir(rootDir, { recursive: true, mode: 0o700 });
  // a throwaway cluster goes with the process, however it ends
  const forgetRootDir = persistent ? () => undefined : removeOnExit(rootDir);
  if (owner) await chown(rootDir, owner.uid, owner.gid);
  const dataDir = join(rootDir, 'data');
  if (persistent) await stopLeftoverPostmaster(dataDir);
  const password = await clusterPassword(rootDir, persistent);
  const port = await findFreeLoopbackPort();
  const logs: string[] = [];
  const remember = (line: string) => {
    logs.push(line.trimEnd());
    if (logs.length > 200) logs.shift();
  };

  let postmaster: Postmaster;
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialiseCluster(binaries, rootDir, dataDir, password, owner);
    postmaster = await startPostmaster(binaries, {
      dataDir,
      port,
      owner,
      timeoutMs: options.startTimeoutMs ?? START_TIMEOUT_MS,
      onLog: remember,
      // loopback TCP only, no Unix socket to collide with a system Postgres; a throwaway
      // cluster does not need crash safety, which makes migrations much faster
      flags: [
        '-c', `listen_addresses=${LOOPBACK_HOST}`,
        '-c', 'unix_socket_directories=',
        ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ],
    });
  } catch (error) {
    if (!persistent) {
      await rm(rootDir, { recursive: true, force: true });
      forgetRootDir();
    }
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const withClient = async <T>(use: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> => {
    const client = new pg.Client({
      host: LOOPBACK_HOST, port, user: SUPERUSER, password, database,
      connectionTimeoutMillis: CLIENT_CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS,
    });
    // a server that goes away mid-query reports here too; the query itself rejects with it
    client.on('error', (error) => remember(`client: ${error.message}`));
    try {
      await client.connect();
      return await use(client);
    } catch (error) {
      throw unanswered(error, port, database);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  return {
    host: LOOPBACK_HOST,
    port,
    user: SUPERUSER,
    password,
    dataDir,
    persistent,
    ...(home.relocatedFrom ? { relocatedFrom: home.relocatedFrom } : {}),
    exited: postmaster.exited,
    logs,
    async ensureDatabase(name) {
      await withClient(async (client) => {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      });
    },
    async dropDatabase(name) {
      await withClient((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
    },
    async query(database, sql, params = []) {
      return withClient(async (client) => (await client.query(sql, params)).rows as Record<string, unknown>[], database);
    },
    stop() {
      stopped ??= (async () => {
        await postmaster.stop();
        if (!persistent) await rm(rootDir, { recursive: true, force: true });
        forgetRootDir();
      })();
      return stopped;
    },
  };
}

/**
 * initdb reads the superuser password from a file: written into the cluster's own 0700 folder,
 * readable by the user initdb runs as and nobody else, and removed straight after.
 */
async function initialiseCluster(binaries: PostgresBinaries, rootDir: string, dataDir: string, password: string, owner: PostgresOwner | undefined): Promise<void> {
  const passwordFile = join(rootDir, `initdb-password-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) await chown(passwordFile, owner.uid, owner.gid);
    await runInitdb(binaries, { dataDir, user: SUPERUSER, passwordFile, owner, timeoutMs: INIT_TIMEOUT_MS });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

// A persistent cluster keeps its password next to its data (mode 0600), so the next run can log in.
async function clusterPassword(rootDir: string, persistent: boolean): Promise<string> {
  const file = join(rootDir, 'superuser-password');
  if (persistent && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  if (persistent) await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

// A connection refused, reset or timed out says the server is gone or stuck: name it and the port.
// SQL errors (a server that answered) keep their own message.
function unanswered(error: unknown, port: number, database: string): unknown {
  const message = (error as Error).message ?? String(error);
  if ((error as { severity?: unknown }).severity !== undefined) return error;
  return new CagwError('PostgresUnanswered', `PostgreSQL on ${LOOPBACK_HOST}:${port} (database ${database}) did not answer: ${message}`, {
    source: 'internal',
    where: `${LOOPBACK_HOST}:${port}`,
    fix: 'it stopped or hangs: check that nothing stopped or killed it (a second Ctrl-C, the OOM killer), then run again',
    cause: error,
  });
}
