// The real gateway binary boots through entrypoint.sh against a real PostgreSQL, as a role whose
// password holds every URL-structural character, with a PGDATABASE trap in the environment.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packGatewayConfig } from '@cagw/config-render';
import { DEFAULT_TEST_USERS, findFreeLoopbackPort, PINNED_GATEWAY_VERSION, resolveGatewayBinary, startDevIssuer, startLocalPostgres } from '@cagw/local-gateway';
import type { DevClient, DevIssuer, LocalPostgres } from '@cagw/local-gateway';
import { entrypointSandbox } from './test-support/entrypoint-run.ts';
import { DOCKER_DIR, runBash } from './test-support/run-bash.ts';

const ROLE = 'gw app@corp';
const PASSWORD = `p#w%d&x@y/z?q:r s+t=;,[]!$'()*"\\é${randomBytes(4).toString('hex')}`;
const DATABASE = 'claude_gateway';

const work = mkdtempSync(join(tmpdir(), 'cagw-entrypoint-int-'));
const sandbox = entrypointSandbox();
let postgres: LocalPostgres;
let issuer: DevIssuer;
let client: DevClient;
let claudeBin: string;
let gatewayPort: number;
const started: ChildProcess[] = [];

async function asSuperuser<T>(database: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database });
  await c.connect();
  try {
    return await use(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  [postgres, issuer] = await Promise.all([startLocalPostgres(), startDevIssuer()]);
  gatewayPort = await findFreeLoopbackPort();
  client = await issuer.registerClient({ redirectUris: [`http://127.0.0.1:${gatewayPort}/oauth/callback`], users: DEFAULT_TEST_USERS, signInCode: randomBytes(8).toString('hex') });
  claudeBin = (await resolveGatewayBinary({ version: PINNED_GATEWAY_VERSION, cacheDir: join(work, 'binaries') })).path;
  await asSuperuser('postgres', async (c) => {
    await c.query(`CREATE ROLE ${c.escapeIdentifier(ROLE)} LOGIN PASSWORD ${c.escapeLiteral(PASSWORD)}`);
    await c.query(`CREATE DATABASE ${DATABASE} OWNER ${c.escapeIdentifier(ROLE)}`);
  });
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.allSettled([issuer?.stop(), postgres?.stop()]);
  sandbox.remove();
  rmSync(work, { recursive: true, force: true });
});

/** The environment an ECS task would give the container, pointed at the loopback parts. */
function taskEnvironment(): Record<string, string> {
  const config = [
    `listen: { host: 127.0.0.1, port: ${gatewayPort} }`,
    `oidc: { issuer: "${issuer.url}", client_id: "${client.clientId}", client_secret: "\${OIDC_CLIENT_SECRET}" }`,
    'session: { jwt_secret: "${GATEWAY_JWT_SECRET}" }',
    'store: { postgres_url: "${GATEWAY_POSTGRES_URL}" }',
    'upstreams: [ { provider: bedrock, region: us-east-1, auth: {} } ]',
  ].join('\n');
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    CLAUDE_BIN: claudeBin,
    CLAUDE_CONFIG_DIR: join(work, 'claude-config'),
    CLAUDE_GATEWAY_ALLOW_LOOPBACK: '1',
    GATEWAY_CONFIG_PACKED: packGatewayConfig(config),
    GATEWAY_PG_HOST: postgres.host,
    GATEWAY_PG_PORT: String(postgres.port),
    GATEWAY_PG_USER: ROLE,
    GATEWAY_PG_PASSWORD: PASSWORD,
    GATEWAY_PG_DATABASE: DATABASE,
    GATEWAY_PG_SSLMODE: 'disable', // the loopback cluster has no TLS
    // The gateway's driver would run its migrations in this database instead of the URL's.
    PGDATABASE: 'postgres',
    OIDC_CLIENT_SECRET: client.clientSecret,
    GATEWAY_JWT_SECRET: randomBytes(32).toString('hex'),
  };
}

function startEntrypoint(env: Record<string, string>) {
  const child = spawn('bash', ['--norc', '--noprofile', join(DOCKER_DIR, 'entrypoint.sh')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function waitForReady(exited: Promise<number | null>, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    const ready = await fetch(`http://127.0.0.1:${gatewayPort}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the gateway did not become ready:\n${stderr()}`);
}

describe('entrypoint.sh against a real PostgreSQL and the real gateway', () => {
  test('the URL entrypoint.sh builds signs in as the role whose password holds every structural character', async () => {
    const run = sandbox.run({ ...taskEnvironment(), CLAUDE_BIN: sandbox.claudeBin, CLAUDE_CONFIG_DIR: sandbox.configDir });
    const connection = new pg.Client({ connectionString: run.exec?.env.GATEWAY_POSTGRES_URL });
    await connection.connect();
    try {
      const { rows } = await connection.query<{ who: string; db: string }>('SELECT current_user AS who, current_database() AS db');
      expect(rows[0]).toEqual({ who: ROLE, db: DATABASE });
    } finally {
      await connection.end();
    }
  });

  test('the gateway boots, migrates the URL database as that role, and sees neither PG* nor the raw secret', async () => {
    const gateway = startEntrypoint(taskEnvironment());
    try {
      await waitForReady(gateway.exited, gateway.stderr);
      const discovery = await fetch(`http://127.0.0.1:${gatewayPort}/.well-known/oauth-authorization-server`);
      expect(discovery.status).toBe(200);

      // exec kept the pid: /proc/<pid> is the gateway itself, PID 1 in the container
      const pid = gateway.child.pid!;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
      expect(argv.slice(1)).toEqual(['gateway', '--config', join(work, 'claude-config', 'gateway.yaml')]);
      const names = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').map((entry) => entry.slice(0, entry.indexOf('=')));
      expect(names).toContain('GATEWAY_POSTGRES_URL');
      expect(names.filter((n) => n.startsWith('PG') || n.startsWith('GATEWAY_PG_') || n === 'GATEWAY_CONFIG_PACKED')).toEqual([]);

      const owner = await asSuperuser(DATABASE, (c) => c.query<{ tableowner: string }>("SELECT tableowner FROM pg_tables WHERE tablename = '_migrations'"));
      expect(owner.rows).toEqual([{ tableowner: ROLE }]);

      const health = runBash('./healthcheck.sh', { env: { GATEWAY_PORT: String(gatewayPort) } });
      expect(health.status).toBe(0);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
    expect(runBash('./healthcheck.sh', { env: { GATEWAY_PORT: String(gatewayPort) } }).status).toBe(1);
  });

  test('the same password left unencoded in the URL makes the real gateway refuse to boot', async () => {
    const env = taskEnvironment();
    const raw = `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${postgres.port}/${DATABASE}?sslmode=disable`;
    for (const name of ['GATEWAY_PG_HOST', 'GATEWAY_PG_PORT', 'GATEWAY_PG_USER', 'GATEWAY_PG_PASSWORD', 'GATEWAY_PG_DATABASE', 'GATEWAY_PG_SSLMODE']) delete env[name];
    const gateway = startEntrypoint({ ...env, GATEWAY_POSTGRES_URL: raw });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toMatch(/claude gateway: .*(cannot be parsed as a URL|URI error|is not a URL the gateway can read)/);
    expect(gateway.stderr()).not.toContain(PASSWORD);
  });
});
