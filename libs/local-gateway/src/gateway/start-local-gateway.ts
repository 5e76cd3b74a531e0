import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientAuthMethod, SigningAlgorithmWithNone } from 'oidc-provider';
import { stringify } from 'yaml';
import { CagwError } from '@cagw/errors';
import { PINNED_GATEWAY_VERSION } from '../binary/pinned-version.ts';
import { resolveGatewayBinary } from '../binary/resolve-gateway-binary.ts';
import type { ReleaseSource } from '../binary/verify-gateway-binary.ts';
import { throwawayValuesForUnset } from '../config/fill-unset-variables.ts';
import { localizeGatewayConfig, type GatewayConfig } from '../config/localize-gateway-config.ts';
import { removeOnExit } from '../lifecycle/exit-cleanup.ts';
import { holdSharedServices, sharedIssuer, sharedPostgres, stopSharedServices } from '../lifecycle/shared-services.ts';
import { LOOPBACK_HOST, assertLoopbackPortFree, findFreeLoopbackPort } from '../net/loopback-port.ts';
import { newSignInCode, rememberSignInCode } from '../oidc/sign-in-code.ts';
import { checkTestUsers, defaultTestUsersFor, type TestUser } from '../oidc/test-users.ts';
import type { LocalPostgres } from '../postgres/local-postgres.ts';
import { startStubUpstream, type StubUpstream } from '../stub-upstream/stub-anthropic-upstream.ts';
import { GatewayConfigRejected, isConfigFault } from './gateway-config-rejected.ts';
import { spawnGateway, type GatewayProcess } from './gateway-process.ts';
import { parseGatewayFailure } from './parse-gateway-failure.ts';

export interface StartLocalGatewayOptions {
  /** the parsed gateway.yaml, as rendered for the real deployment */
  config: GatewayConfig;
  /** gateway version; the pinned one when omitted */
  version?: string;
  /** where other gateway versions get installed; ~/.cache/cagw/gateway when omitted */
  cacheDir?: string;
  /** where another version's signed release manifest and key come from; Anthropic's when omitted */
  release?: Partial<ReleaseSource>;
  /** who can sign in at the development issuer; three defaults (engineering, contractors, finance-admins) in the config's allowed email domain */
  users?: readonly TestUser[];
  /** the environment `${VAR}` references resolve from, and the gateway's (minus PG* variables) */
  env?: Readonly<Record<string, string | undefined>>;
  /** gateway port on 127.0.0.1; a free one when omitted */
  port?: number;
  /** keep PostgreSQL here between runs (cagw local); a throwaway cluster when omitted */
  stateDir?: string;
  /** 'stub' points every upstream at a loopback stand-in for the Messages API */
  upstream?: 'config' | 'stub';
  /** leave PostgreSQL and the issuer running after stop(), for the next start; see stopSharedServices() */
  keepSharedServices?: boolean;
  readyTimeoutMs?: number;
  /** the code the development sign-in page asks for; a fresh one when omitted */
  signInCode?: string;
  /** called with each line the gateway prints, as it prints it (for a live log) */
  onLogLine?: (line: string) => void;
}

export interface LocalGateway {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  version: string;
  /** from the call to the first 200 on /readyz */
  bootMs: number;
  /** the gateway's own boot warnings, without the `[gateway] <time> warn ` prefix */
  warnings: string[];
  /** what the gateway printed so far, the last 5000 lines (grows while it runs) */
  logs: string[];
  /** settles when the gateway process ends, by stop() or on its own */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  issuerUrl: string;
  users: readonly TestUser[];
  /** what the development sign-in page asks for; show it to the person at this terminal only */
  signInCode: string;
  /** present with upstream: 'stub' */
  stubUpstream?: StubUpstream;
  /** the Postgres database holding this gateway's store; relocatedFrom when the cluster could not live in stateDir (see cluster-home.ts) */
  database: { name: string; port: number; dataDir: string; relocatedFrom?: string };
  /** the gateway's process id, for checks that it is gone after stop() */
  pid: number;
  /** clears the per-IP sign-in rate-limit counters the gateway keeps in Postgres (10 /device per 10 min) */
  resetSignInRateLimits(): Promise<void>;
  /** stops the gateway, and the shared parts too when it was the last one (unless kept) */
  stop(): Promise<void>;
}

// Names of the variables that carry cagw's own loopback secrets into the gateway.
const CLIENT_SECRET_VAR = 'CAGW_LOCAL_OIDC_CLIENT_SECRET';
const POSTGRES_PASSWORD_VAR = 'CAGW_LOCAL_POSTGRES_PASSWORD';
const STUB_API_KEY_VAR = 'CAGW_LOCAL_STUB_API_KEY';
const PERSISTENT_DATABASE = 'gateway';

const WARN_LINE = /^\[gateway\] \S+ warn (.*)$/;

let databaseCounter = 0;

/** Runs the real gateway on 127.0.0.1 with a config, against embedded Postgres and the dev issuer. */
export async function startLocalGateway(options: StartLocalGatewayOptions): Promise<LocalGateway> {
  const startedAt = performance.now();
  const version = options.version ?? PINNED_GATEWAY_VERSION;
  const oidc = (options.config.oidc ?? {}) as Record<string, unknown>;
  const users = checkTestUsers(options.users ?? defaultTestUsersFor(oidc.allowed_email_domains), 'test users');
  const env = options.env ?? {};
  const groupsClaim = typeof oidc.groups_claim === 'string' ? oidc.groups_claim : 'groups';

  if (options.port !== undefined) await assertLoopbackPortFree(options.port, 'gateway');
  const release = holdSharedServices();
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
    cleanups.length = 0;
    if (release() === 0 && !options.keepSharedServices) await stopSharedServices();
  };

  try {
    const [binary, postgres, issuer, port] = await Promise.all([
      resolveGatewayBinary({ version, cacheDir: options.cacheDir ?? join(homedir(), '.cache', 'cagw', 'gateway'), ...(options.release ? { release: options.release } : {}) }),
      sharedPostgres(options.stateDir),
      sharedIssuer(groupsClaim),
      options.port ?? findFreeLoopbackPort(),
    ]);
    const workDir = await mkdtemp(join(tmpdir(), 'cagw-gateway-'));
    const forgetWorkDir = removeOnExit(workDir);
    cleanups.push(() => rm(workDir, { recursive: true, force: true }).then(forgetWorkDir));

    const databaseName = options.stateDir ? PERSISTENT_DATABASE : `gateway_${process.pid}_${++databaseCounter}`;
    await postgres.ensureDatabase(databaseName);
    if (!options.stateDir) cleanups.push(() => postgres.dropDatabase(databaseName));
    // counters in a kept database survive restarts; a fresh local run starts without them
    const resetSignInRateLimits = () => clearSignInRateLimits(postgres, databaseName);
    if (options.stateDir) await resetSignInRateLimits();

    const origin = `http://${LOOPBACK_HOST}:${port}`;
    const signInCode = options.signInCode ?? newSignInCode();
    const client = await issuer.registerClient({
      redirectUris: [`${origin}/oauth/callback`, `http://localhost:${port}/oauth/callback`],
      users,
      signInCode,
      ...(typeof oidc.token_endpoint_auth_method === 'string' ? { tokenEndpointAuthMethod: oidc.token_endpoint_auth_method as ClientAuthMethod } : {}),
      ...(typeof oidc.id_token_signed_response_alg === 'string' ? { idTokenSigningAlg: oidc.id_token_signed_response_alg as SigningAlgorithmWithNone } : {}),
    });
    cleanups.push(() => client.unregister());
    cleanups.push(rememberSignInCode(origin, signInCode));

    let stubUpstream: StubUpstream | undefined;
    if (options.upstream === 'stub') {
      stubUpstream = await startStubUpstream();
      cleanups.push(() => stubUpstream?.stop());
    }

    const localized = localizeGatewayConfig(options.config, {
      port,
      issuerUrl: issuer.url,
      clientId: client.clientId,
      clientSecretRef: `\${${CLIENT_SECRET_VAR}}`,
      postgresUrl: `postgres://${postgres.user}@${postgres.host}:${postgres.port}/${databaseName}?sslmode=disable`,
      postgresPasswordRef: `\${${POSTGRES_PASSWORD_VAR}}`,
      ...(stubUpstream ? { stubUpstreamUrl: stubUpstream.url, stubApiKeyRef: `\${${STUB_API_KEY_VAR}}` } : {}),
    });
    const loopbackSecrets: Record<string, string> = {
      [CLIENT_SECRET_VAR]: client.clientSecret,
      [POSTGRES_PASSWORD_VAR]: postgres.password,
      ...(stubUpstream ? { [STUB_API_KEY_VAR]: stubUpstream.apiKey } : {}),
    };
    const configPath = join(workDir, 'gateway.yaml');
    // the file holds only ${VAR} references: every secret travels in the environment
    await writeFile(configPath, stringify(localized), { mode: 0o600 });
    const claudeConfigDir = join(workDir, 'claude-config');
    await mkdir(claudeConfigDir);

    const gatewayEnv = {
      ...withoutPostgresVariables(env),
      ...throwawayValuesForUnset(localized, { ...env, ...loopbackSecrets }),
      ...loopbackSecrets,
      CLAUDE_GATEWAY_ALLOW_LOOPBACK: '1',
      CLAUDE_CONFIG_DIR: claudeConfigDir,
      NO_PROXY: [env.NO_PROXY ?? env.no_proxy, LOOPBACK_HOST, 'localhost'].filter(Boolean).join(','),
    };
    const gateway = spawnGateway(binary.path, configPath, gatewayEnv, options.onLogLine);
    cleanups.push(() => gateway.stop());

    // the parts the gateway needs while it boots: any of them ending ends the wait with its name
    const parts: LoopbackPart[] = [
      { name: 'PostgreSQL', port: postgres.port, ended: postgres.exited },
      { name: 'the development sign-in issuer', port: Number(new URL(issuer.url).port), ended: issuer.ended },
      ...(stubUpstream ? [{ name: 'the stub upstream', port: stubUpstream.port, ended: stubUpstream.ended }] : []),
    ];
    await waitUntilReady(gateway, origin, version, options.readyTimeoutMs ?? 30_000, parts);
    const bootMs = Math.round(performance.now() - startedAt);

    let stopped: Promise<void> | undefined;
    return {
      url: origin,
      port,
      version,
      bootMs,
      warnings: gateway.logs.flatMap((line) => WARN_LINE.exec(line)?.[1] ?? []),
      logs: gateway.logs,
      exited: gateway.exited,
      issuerUrl: issuer.url,
      users,
      signInCode,
      ...(stubUpstream ? { stubUpstream } : {}),
      database: { name: databaseName, port: postgres.port, dataDir: postgres.dataDir, ...(postgres.relocatedFrom ? { relocatedFrom: postgres.relocatedFrom } : {}) },
      pid: gateway.child.pid ?? -1,
      resetSignInRateLimits,
      stop() {
        stopped ??= cleanUp();
        return stopped;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

// The gateway keeps sign-in rate-limit counters as `rl:*` rows of its `kv` table (gateway-runtime.md §3).
async function clearSignInRateLimits(postgres: LocalPostgres, database: string): Promise<void> {
  const [table] = await postgres.query(database, "SELECT to_regclass('public.kv') AS name");
  if (table?.name) await postgres.query(database, "DELETE FROM kv WHERE key LIKE 'rl:%'");
}

// Bun.SQL lets PGDATABASE override the database in the URL (oven-sh/bun#41570), so no PG*
// variable of the caller may reach the gateway.
function withoutPostgresVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !name.startsWith('PG')) kept[name] = value;
  return kept;
}

interface LoopbackPart {
  name: string;
  port: number;
  ended: Promise<void>;
}

async function waitUntilReady(gateway: GatewayProcess, origin: string, version: string, timeoutMs: number, parts: LoopbackPart[]): Promise<void> {
  let exited = false;
  void gateway.exited.then(() => {
    exited = true;
  });
  let endedPart: LoopbackPart | undefined;
  for (const part of parts) void part.ended.then(() => (endedPart ??= part));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (endedPart) throw partEnded(endedPart, version);
    if (exited) {
      // a gateway that lost its database or issuer may exit before that part's end is reported:
      // give the parts a moment, so the error names the cause rather than the consequence
      await Promise.race([...parts.map((part) => part.ended), new Promise((resolve) => setTimeout(resolve, 500))]);
      if (endedPart) throw partEnded(endedPart, version);
      throw bootFailure(gateway, version);
    }
    try {
      const response = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (exited) throw bootFailure(gateway, version);
  throw new CagwError('GatewayBootTimeout', `claude gateway ${version} did not answer ${origin}/readyz within ${(timeoutMs / 1000).toFixed(1)} s; its last lines: ${gateway.logs.slice(-3).join(' | ') || '(none)'}`, {
    source: 'internal',
    where: origin,
    fix: 'the machine may be overloaded (run again, or give readyTimeoutMs more time); if it repeats, run with the gateway log shown and report what it says',
  });
}

function partEnded(part: LoopbackPart, version: string): CagwError {
  return new CagwError('LoopbackPartEnded', `${part.name} on 127.0.0.1:${part.port} stopped while claude gateway ${version} was starting`, {
    source: 'internal',
    where: `127.0.0.1:${part.port}`,
    fix: 'something stopped or killed it (a second Ctrl-C, the OOM killer, a kill): run again',
  });
}

function bootFailure(gateway: GatewayProcess, version: string): CagwError {
  const failure = parseGatewayFailure(gateway.stderr());
  if (failure && isConfigFault(failure)) return new GatewayConfigRejected(failure, version);
  const reason = failure?.text ?? (gateway.logs.slice(-3).join(' | ') || 'it exited without a message');
  return new CagwError('GatewayBootFailed', `claude gateway ${version} stopped while starting on loopback: ${reason}`, {
    source: 'internal',
    where: 'the loopback PostgreSQL, issuer or binary cagw started',
    fix: 'run again; if it repeats, report it with this message',
  });
}
