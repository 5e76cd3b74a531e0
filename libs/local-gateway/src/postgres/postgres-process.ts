import { spawn, type ChildProcess } from 'node:child_process';
import { CagwError } from '@cagw/errors';
import { killOnExit } from '../lifecycle/exit-cleanup.ts';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { PostgresOwner } from './postgres-owner.ts';

// initdb and the postmaster, run so that every way they can fail ends the wait at once with its
// cause: a spawn error (EACCES, ENOENT), an exit before "ready", or a bound that passed. No wait
// here is open-ended (issue 20: a failed spawn left callers waiting until a test deadline).

export interface InitdbRequest {
  dataDir: string;
  user: string;
  /** a file holding the superuser password, readable by `owner` */
  passwordFile: string;
  owner: PostgresOwner | undefined;
  timeoutMs: number;
}

export interface PostmasterRequest {
  dataDir: string;
  port: number;
  flags: string[];
  owner: PostgresOwner | undefined;
  timeoutMs: number;
  onLog: (line: string) => void;
}

export interface Postmaster {
  pid: number;
  /** settles when the server process has ended, however */
  exited: Promise<void>;
  /** fast shutdown (SIGINT), then SIGKILL after graceMs; resolves once the process is gone */
  stop(graceMs?: number): Promise<void>;
}

const READY_LINE = 'database system is ready to accept connections';

/** Creates a cluster in dataDir; rejects with initdb's own words when it fails. */
export function runInitdb(binaries: PostgresBinaries, request: InitdbRequest): Promise<void> {
  const args = [`--pgdata=${request.dataDir}`, '--auth=scram-sha-256', `--username=${request.user}`, `--pwfile=${request.passwordFile}`, '--encoding=UTF8', '--locale=C'];
  const child = spawnAs(binaries.initdb, args, request.owner);
  const forget = killOnExit(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(postgresError('PostgresInitTimeout', `initdb did not finish creating ${request.dataDir} within ${request.timeoutMs / 1000} s`, request.dataDir, output, 'the machine may be overloaded or the disk full (df -h); delete the folder and run again'));
    }, request.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(spawnFailure(binaries.initdb, request.owner, error));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      forget();
      if (code === 0) resolve();
      else reject(postgresError('PostgresInitFailed', `initdb failed (${signal ?? `exit code ${code}`}) creating ${request.dataDir}`, request.dataDir, output, `delete ${request.dataDir} and run again`));
    });
  });
}

/** Starts the postmaster; resolves once it accepts connections, rejects at once if it cannot. */
export function startPostmaster(binaries: PostgresBinaries, request: PostmasterRequest): Promise<Postmaster> {
  const child = spawnAs(binaries.postgres, ['-D', request.dataDir, '-p', String(request.port), ...request.flags], request.owner);
  // SIGQUIT is PostgreSQL's immediate shutdown: it ends its backends itself, at once
  const forget = killOnExit(child, 'SIGQUIT');
  const recent: string[] = [];
  let partial = '';
  const onOutput = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      request.onLog(line);
      if (line.includes(READY_LINE)) ready();
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  let ready: () => void = () => undefined;
  // 'exit', not 'close': backends that outlive a killed postmaster for a moment hold its pipes open
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).then(() => {
    forget();
  });
  const postmaster: Postmaster = {
    pid: child.pid ?? -1,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return exited;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise<Postmaster>((resolve, reject) => {
    const timer = setTimeout(() => {
      void postmaster.stop(1000);
      reject(postgresError('PostgresStartTimeout', `PostgreSQL on 127.0.0.1:${request.port} did not accept connections within ${request.timeoutMs / 1000} s`, request.dataDir, recent.join('\n'), 'the machine may be overloaded; run again, or pass a longer timeout'));
    }, request.timeoutMs);
    ready = () => {
      clearTimeout(timer);
      resolve(postmaster);
    };
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(spawnFailure(binaries.postgres, request.owner, error));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(postgresError('PostgresExited', `PostgreSQL on 127.0.0.1:${request.port} exited while starting (${signal ?? `exit code ${code}`})`, request.dataDir, recent.join('\n'), `read its last lines above; if the cluster is broken, delete ${request.dataDir}`));
    });
  });
}

// The child runs as `owner` when given (we are root), with a C locale for stable messages.
function spawnAs(program: string, args: string[], owner: PostgresOwner | undefined): ChildProcess {
  return spawn(program, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
}

function spawnFailure(program: string, owner: PostgresOwner | undefined, error: NodeJS.ErrnoException): CagwError {
  const as = owner ? ` as the ${owner.name} user` : '';
  return new CagwError('PostgresSpawnFailed', `could not run ${program}${as}: ${error.code ?? error.message}`, {
    source: 'user',
    where: program,
    fix: error.code === 'EACCES' ? `let${as || ' this user'} reach and run ${program} (every folder above it needs o+x), or run npm ci again` : 'run npm ci again to reinstall PostgreSQL',
    cause: error,
  });
}

function postgresError(code: string, message: string, where: string, output: string, fix: string): CagwError {
  const tail = output.trim().split('\n').slice(-5).join(' | ');
  return new CagwError(code, tail ? `${message}: ${tail}` : message, { source: 'internal', where, fix });
}
