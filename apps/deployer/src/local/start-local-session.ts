// `cagw local` as a module: renders the profile, runs the real gateway on 127.0.0.1 with every
// policy, model and admin setting kept (PostgreSQL, the issuer and optionally the upstream are
// loopback stand-ins), and leaves a session file for `cagw local probe`. Never prints.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { parse } from 'yaml';
import { CagwError } from '@cagw/errors';
import { type GroupPolicy, type Settings } from '@cagw/profile';
import { isLoopbackArtefact, renderGatewayConfig, renderManagedSettings, type ManagedSettings } from '@cagw/config-render';
import { startLocalGateway, stopSharedServices, type GatewayConfig, type TestUser } from '@cagw/local-gateway';
import { readConfigFacts } from './config-facts.ts';
import { releaseSourceOfProfile } from './release-source-of-profile.ts';
import { localGatewayEnvironment } from './gateway-environment.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { usersOutsideAllowedDomains } from './local-users.ts';
import { readRunningSession, removeSessionFile, sessionFilePath, writeSessionFile, type SessionFile } from './session-file.ts';
import { removeSignInCodeFile, writeSignInCodeFile } from './sign-in-code-file.ts';

export interface LocalSessionOptions {
  settings: Settings;
  profileName: string;
  stateDir: string;
  /** gateway port on 127.0.0.1 */
  port: number;
  users: TestUser[];
  /** 'config': the upstream the profile names (Bedrock through the local AWS credential chain); only on request */
  upstream: 'config' | 'stub';
  /** start from an empty state directory (PostgreSQL data, secrets) */
  reset: boolean;
  /** the caller's environment, for the AWS credential chain and proxies */
  env: Readonly<Record<string, string | undefined>>;
  /** the loopback gateway starter; tests pass a fake */
  startGateway?: typeof startLocalGateway;
  /** how often the per-IP sign-in counters are cleared (ms); see below */
  signInLimitResetMs?: number;
  /** each line the gateway prints, as it prints it */
  onGatewayLog?: (line: string) => void;
}

export interface LocalSession {
  url: string;
  version: string;
  /** from the call to a ready gateway (PostgreSQL, issuer, gateway) */
  readyMs: number;
  upstream: 'config' | 'stub';
  users: TestUser[];
  /** users whose email domain the config does not allow: the gateway will refuse them */
  refusedUsers: TestUser[];
  /** what a local Claude Code needs in its managed-settings.json to use this gateway */
  managedSettings: ManagedSettings;
  policies: GroupPolicy[];
  spendCaps: boolean;
  /** what the development sign-in page asks for: print it on this terminal only */
  signInCode: string;
  /** mode 0600 file holding it, for `cagw local probe` */
  signInCodeFile: string;
  /** the gateway's boot warnings about the profile (the loopback issuer's notices left out) */
  warnings: string[];
  stateDir: string;
  /** where PostgreSQL keeps its data when the postgres user (cagw run as root) cannot enter stateDir */
  postgresDataElsewhere?: string;
  sessionFile: string;
  ports: SessionFile['ports'];
  gatewayPid: number;
  /** resolves if the gateway process ends by itself, with its last log lines */
  gatewayExited: Promise<string[]>;
  /** stops the gateway, the stub, the issuer and PostgreSQL, and removes the session file */
  stop(): Promise<void>;
}

// The gateway limits device sign-ins per client IP (10 per 10 minutes); on loopback every probe
// and every person comes from 127.0.0.1, so a few probes would lock everyone out.
const SIGN_IN_LIMIT_RESET_MS = 30_000;

export async function startLocalSession(options: LocalSessionOptions): Promise<LocalSession> {
  const startedAt = performance.now();
  await prepareStateDir(options.stateDir, options.reset);
  const rendered = renderGatewayConfig(options.settings, { profileName: options.profileName });
  // parsed from the YAML itself, so the gateway runs exactly what a deploy ships
  const config = parse(rendered.yaml) as GatewayConfig;
  const facts = readConfigFacts(config);
  const { secrets, path: secretsFile } = await loadOrCreateLocalSecrets(options.stateDir);
  const version = options.settings.CLAUDE_VERSION;

  const start = options.startGateway ?? startLocalGateway;
  const gateway = await start({
    config,
    ...(version ? { version } : {}),
    users: options.users,
    env: localGatewayEnvironment(options.env, facts, secrets),
    port: options.port,
    stateDir: options.stateDir,
    upstream: options.upstream,
    // another CLAUDE_VERSION is verified against the same release tree and key the image uses
    release: releaseSourceOfProfile(options.settings),
    ...(options.onGatewayLog ? { onLogLine: options.onGatewayLog } : {}),
  });
  const readyMs = Math.round(performance.now() - startedAt);

  const ports: SessionFile['ports'] = {
    gateway: gateway.port,
    postgres: gateway.database.port,
    issuer: Number(new URL(gateway.issuerUrl).port),
    ...(gateway.stubUpstream ? { stub: gateway.stubUpstream.port } : {}),
  };
  const policies = [...options.settings.policies];
  let sessionFile: string;
  let signInCodeFile: string;
  try {
    signInCodeFile = await writeSignInCodeFile(options.stateDir, gateway.signInCode);
    sessionFile = await writeSessionFile(options.stateDir, {
      pid: process.pid,
      profile: options.profileName,
      startedAt: new Date().toISOString(),
      url: gateway.url,
      version: gateway.version,
      upstream: options.upstream,
      ports,
      gatewayPid: gateway.pid,
      users: options.users,
      policies,
      models: facts.models,
      spendCaps: facts.spendCaps,
      adminGroups: facts.adminGroups,
      secretsFile,
      signInCodeFile,
    });
  } catch (error) {
    await gateway.stop();
    throw error;
  }

  const resetTimer = setInterval(() => void gateway.resetSignInRateLimits().catch(() => undefined), options.signInLimitResetMs ?? SIGN_IN_LIMIT_RESET_MS);
  resetTimer.unref();
  // the gateway could end on its own (a crash, an OOM kill): the session then has nothing to serve
  const gatewayExited = gateway.exited.then(() => gateway.logs.slice(-5));

  let stopped: Promise<void> | undefined;
  return {
    url: gateway.url,
    version: gateway.version,
    readyMs,
    upstream: options.upstream,
    users: options.users,
    refusedUsers: usersOutsideAllowedDomains(options.users, facts.allowedEmailDomains),
    managedSettings: renderManagedSettings({ publicUrl: gateway.url }),
    policies,
    spendCaps: facts.spendCaps,
    signInCode: gateway.signInCode,
    signInCodeFile,
    warnings: gateway.warnings.filter((warning) => !isLoopbackArtefact(warning)),
    stateDir: options.stateDir,
    ...(gateway.database.relocatedFrom ? { postgresDataElsewhere: gateway.database.dataDir } : {}),
    sessionFile,
    ports,
    gatewayPid: gateway.pid,
    gatewayExited,
    stop() {
      stopped ??= (async () => {
        clearInterval(resetTimer);
        await Promise.all([gateway.stop(), stopSharedServices(), removeSessionFile(options.stateDir), removeSignInCodeFile(options.stateDir)]);
      })();
      return stopped;
    },
  };
}

// One session per state directory: PostgreSQL refuses a second server on the same data, and
// `cagw local probe` must find exactly one session.
async function prepareStateDir(stateDir: string, reset: boolean): Promise<void> {
  let running: SessionFile | undefined;
  try {
    running = readRunningSession(stateDir);
  } catch {
    running = undefined;
  }
  if (running) {
    throw new CagwError('LocalSessionRunning', `cagw local already runs for this profile at ${running.url} (pid ${running.pid})`, {
      source: 'user',
      where: sessionFilePath(stateDir),
      fix: `use that one, or stop it first (Ctrl-C in its terminal, or kill ${running.pid})`,
    });
  }
  if (reset && existsSync(stateDir)) await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
}
