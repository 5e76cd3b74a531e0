// The database stack's one-shot role task (database.yaml, RoleTaskDefinition) run as ECS runs it:
// the container's command under /bin/sh, with the environment the task definition sets and the two
// secrets ECS injects, against a local PostgreSQL. The psql is the machine's (Debian's 15; the task's
// image has 16): both expand variables in a script, \getenv and \if alike.
import { execFile } from 'node:child_process';
import { chown, chmod, stat, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalPostgres } from '@cagw/local-gateway';
import pg from 'pg';
import { parseTemplate } from '../parse-template.ts';
import { loadTemplate } from '../stacks.ts';
import { asArray, asRecord } from '../template-values.ts';

export interface RoleTaskContainer {
  command: string;
  /** the task definition's Environment; PGHOST and PGPORT (the instance's endpoint) are left out */
  environment: Record<string, string>;
  /** the names ECS injects from Secrets Manager */
  secrets: string[];
}

export async function roleTaskContainer(): Promise<RoleTaskContainer> {
  const template = parseTemplate((await loadTemplate('database')).body, 'database.yaml');
  const task = asRecord(asRecord(template.body.Resources).RoleTaskDefinition);
  const container = asRecord(asArray(asRecord(task.Properties).ContainerDefinitions)[0]);
  const [entryPoint, command] = [asArray(container.EntryPoint), asArray(container.Command)];
  if (entryPoint.join(' ') !== '/bin/sh -c' || command.length !== 1 || typeof command[0] !== 'string') {
    throw new Error('database.yaml RoleTaskDefinition no longer runs one /bin/sh -c command: update this runner');
  }
  const environment: Record<string, string> = {};
  for (const entry of asArray(container.Environment).map(asRecord)) {
    const name = String(entry.Name);
    if (name === 'PGHOST' || name === 'PGPORT') continue;
    if (typeof entry.Value !== 'string') throw new Error(`database.yaml RoleTaskDefinition: ${name} is not a plain string`);
    environment[name] = entry.Value;
  }
  return { command: command[0], environment, secrets: asArray(container.Secrets).map((s) => String(asRecord(s).Name)) };
}

export interface RoleTaskRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the task against `server` with the secrets given (a missing one is left out, as a misconfigured task would). */
export async function runRoleTask(server: { host: string; port: number }, secrets: Record<string, string>): Promise<RoleTaskRun> {
  const container = await roleTaskContainer();
  const unknown = Object.keys(secrets).filter((name) => !container.secrets.includes(name));
  if (unknown.length > 0) throw new Error(`the role task is not given ${unknown.join(', ')}`);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...container.environment,
    PGHOST: server.host,
    PGPORT: String(server.port),
    // bounds the test's wait on a server that does not answer
    PGCONNECT_TIMEOUT: '10',
    ...secrets,
  };
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', container.command], { env, timeout: 60_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(new Error(`the role task did not run: ${error.message}`, { cause: error }));
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

async function poll(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** As RDS does (rds.force_ssl aside): TLS on, with a throwaway self-signed certificate made by openssl. */
export async function enableTls(postgres: LocalPostgres): Promise<void> {
  const [cert, key] = [join(postgres.dataDir, 'server.crt'), join(postgres.dataDir, 'server.key')];
  await new Promise<void>((resolve, reject) => {
    execFile('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], { timeout: 30_000 }, (error, _out, stderr) =>
      error ? reject(new Error(`openssl could not make the test certificate: ${stderr || error.message}`)) : resolve());
  });
  // the server reads them as the user it runs as, and refuses a key others may read
  const owner = await stat(postgres.dataDir);
  for (const file of [cert, key]) await chown(file, owner.uid, owner.gid);
  await chmod(key, 0o600);
  for (const sql of [`ALTER SYSTEM SET ssl_cert_file = '${cert}'`, `ALTER SYSTEM SET ssl_key_file = '${key}'`, 'ALTER SYSTEM SET ssl = on', 'SELECT pg_reload_conf()']) {
    await postgres.query('postgres', sql);
  }
  await poll('TLS after the reload', async () => (await postgres.query('postgres', "SELECT current_setting('ssl') AS ssl"))[0]?.ssl === 'on');
}

const HBA_MARK = '# cagw test';

/**
 * Makes `user`'s TCP connections authenticate with `method` (md5, trust), or as initdb set them
 * (scram-sha-256) when `method` is undefined, and waits until a new connection sees it.
 */
export async function authenticateWith(postgres: LocalPostgres, user: string, method: 'md5' | 'trust' | undefined, password: string): Promise<void> {
  const [{ hba_file: hbaFile }] = (await postgres.query('postgres', 'SHOW hba_file')) as [{ hba_file: string }];
  const kept = (await readFile(hbaFile, 'utf8')).split('\n').filter((line) => !line.endsWith(HBA_MARK));
  // the first matching line wins
  const lines = [...(method ? [`host all ${user} 127.0.0.1/32 ${method} ${HBA_MARK}`] : []), ...kept];
  await writeFile(hbaFile, lines.join('\n'));
  await postgres.query('postgres', 'SELECT pg_reload_conf()');
  // SYSTEM_USER (PostgreSQL 16) names the method that signed the session in; NULL under trust
  const expected = method === 'trust' ? null : `${method ?? 'scram-sha-256'}:${user}`;
  await poll(`${method ?? 'scram-sha-256'} for ${user}`, async () => {
    const client = new pg.Client({ host: postgres.host, port: postgres.port, user, password, database: 'gateway', connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.query<{ u: string | null }>('SELECT system_user AS u')).rows[0]?.u === expected;
    } finally {
      await client.end().catch(() => undefined);
    }
  });
}
