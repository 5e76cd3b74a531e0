// cagw local: the real gateway on 127.0.0.1 with the profile's policies, models and admin
// settings, embedded PostgreSQL, a development sign-in page and the profile's upstream (or a
// stub). cagw local probe: signs the test users in and shows what each of them gets.
import { relative } from 'node:path';
import { findFreeLoopbackPort } from '@cagw/local-gateway';
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import type { CliIo } from '../cli/cli-io.ts';
import { defineCommand, type FlagValues } from '../cli/command-spec.ts';
import { profileFlag, profileName } from '../cli/load-profile.ts';
import { loadRenderableProfile } from '../cli/load-renderable-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { seemsToHaveAwsCredentials } from '../local/aws-credentials-hint.ts';
import { takeOverInterrupts } from '../local/interrupts.ts';
import { loadLocalUsers } from '../local/local-users.ts';
import { MANAGED_SETTINGS_PATHS } from '../local/managed-settings-paths.ts';
import { matchPolicy } from '../local/match-policy.ts';
import { probeLocalSession, type ProbeReport } from '../local/probe-local-session.ts';
import { runUntilStopped, type SessionEnd } from '../local/run-until-stopped.ts';
import { findRunningSessionWithoutProfile } from '../local/find-running-session.ts';
import { readRunningSession, type SessionFile } from '../local/session-file.ts';
import { startLocalSession, type LocalSession } from '../local/start-local-session.ts';
import { localStateDir } from '../local/state-dir.ts';

const USAGE = 'cagw local [probe] [flags]';
const EXIT_INTERRUPTED = 130;

const flags = {
  profile: profileFlag,
  port: { type: 'string', value: 'PORT', default: '8080', desc: 'the gateway port on 127.0.0.1' },
  users: { type: 'string', value: 'FILE', desc: 'test users as YAML (email, name, groups); default local-users.yaml beside the profile' },
  // stub by default: loopback is shared by every user of the machine, so real Bedrock credentials
  // behind it are an explicit choice, never what `npm start` does
  upstream: { type: 'string', value: 'stub|profile', default: 'stub', desc: "stub (default): a canned reply, no cloud; profile: the profile's upstream (Bedrock with your AWS credentials), only when you ask for it" },
  'state-dir': { type: 'string', value: 'DIR', desc: 'where PostgreSQL data and the session file live (default .cagw/local/<profile name>)' },
  reset: { type: 'boolean', desc: 'start with an empty state directory (drops spend, caps and sign-ins kept from earlier runs)' },
  log: { type: 'boolean', desc: "print the gateway's own log on stderr as it runs (sign-ins, refusals, requests)" },
  user: { type: 'string', value: 'EMAIL', desc: 'probe: only this test user (with --cap-demo: the one who gets the zero cap)' },
  'cap-demo': { type: 'boolean', desc: 'probe: set a zero spend cap for one user through the admin API, show their 429, then remove it' },
  json: { type: 'boolean', desc: 'print the session (local) or the probe report (probe) as one JSON document' },
} as const;
type LocalFlags = FlagValues<typeof flags>;

export const localCommand = defineCommand({
  name: 'local',
  summary: "Run the real gateway on this machine with the profile's policies (no AWS, no Docker); 'local probe' shows what each user gets",
  details: [
    'cagw local renders the profile and runs the gateway on 127.0.0.1 with every policy, model and',
    'admin setting kept; PostgreSQL is embedded (data kept in the state directory between runs), a',
    'development sign-in page lists the test users and asks for a sign-in code that only this',
    'terminal shows, and the upstream is a stub unless --upstream profile asks for the profile\'s.',
    'It runs until Ctrl-C, which stops everything it started; a second Ctrl-C forces the stop.',
    '',
    'cagw local probe (in another terminal, same --profile) signs each test user in through the real',
    'device flow and shows the policy they match, their managed settings, the models /v1/models',
    'returns, and whether a model outside their allowlist is refused (400).',
  ].join('\n'),
  flags,
  positionals: [{ name: 'probe', desc: 'probe the running session instead of starting one' }],
  async run(values, positionals, io) {
    const [sub] = positionals;
    if (sub !== undefined && sub !== 'probe') throw new UsageError(`unknown sub-command "${sub}" for cagw local`, USAGE);
    if (sub === 'probe') return probe(values, io);
    const stateDir = values['state-dir'] ?? localStateDir(values.profile, process.cwd());
    return runLocal(values, stateDir, io);
  },
});

async function runLocal(values: LocalFlags, stateDir: string, io: CliIo): Promise<number> {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port "${values.port}" is not a port number (1-65535)`, USAGE);
  if (values.upstream !== 'profile' && values.upstream !== 'stub') throw new UsageError(`--upstream "${values.upstream}" is neither profile nor stub`, USAGE);
  const settings = loadRenderableProfile(values.profile, io);
  const { users, source } = loadLocalUsers(values.users, values.profile);
  io.info(`starting claude gateway ${settings.CLAUDE_VERSION} on 127.0.0.1:${port} with embedded PostgreSQL (${shortPath(stateDir)}) and a development sign-in page...`);

  const session: LocalSession = await startLocalSession({
    settings,
    profileName: profileName(values.profile),
    stateDir,
    port,
    users,
    upstream: values.upstream === 'stub' ? 'stub' : 'config',
    reset: values.reset,
    env: process.env,
    ...(values.log ? { onGatewayLog: (line: string) => io.info(line) } : {}),
  }).catch(async (error: unknown) => {
    throw await portInUseNamingFlag(error, port, values.profile);
  });
  const interrupts = takeOverInterrupts();
  for (const warning of session.warnings) io.warn(`gateway: ${warning}`);
  if (session.upstream === 'config' && !seemsToHaveAwsCredentials(process.env)) {
    io.warn('no AWS credentials found: sign-in, policies and /v1/models work, but requests that reach Bedrock fail (502); add --upstream stub for canned replies');
  }
  for (const user of session.refusedUsers) io.warn(`${user.email} is outside ALLOWED_DOMAINS: the gateway will refuse this test user`);
  if (values.json) io.result(sessionSummary(session, source));
  // the code goes to this terminal only: --json output is often piped or logged
  if (values.json) io.info(`sign-in code: ${session.signInCode} (type it on the sign-in page)`);
  else io.result(formatReady(session, settings, source));

  const end = await runUntilStopped(session, interrupts, {
    stopping: (how) => io.info(stoppingLine(how)),
    forceStop: () => {
      io.warn('stopping now: killing the gateway and PostgreSQL without waiting');
      process.exit(EXIT_INTERRUPTED);
    },
  });
  io.info('stopped: the gateway, PostgreSQL, the sign-in issuer and the stub no longer run');
  const code = end.kind === 'signal' ? EXIT_INTERRUPTED : 1;
  return code;
}

async function probe(values: LocalFlags, io: CliIo): Promise<number> {
  const session = runningSessionFor(values, process.cwd(), io);
  if (!values.json) io.info(`signing the test users in to ${session.url} through the device flow...`);
  const report = await probeLocalSession(session, { ...(values.user ? { user: values.user } : {}), capDemo: values['cap-demo'] });
  if (values.json) io.result(report);
  else io.result(formatProbe(report));
  const failed = report.users.some((user) => !user.signedIn || user.error !== undefined) || (report.capDemo !== undefined && !report.capDemo.ok);
  return failed ? 1 : 0;
}

/** The gateway's port is the one --port chose: say so in the fix, with a port that is free now. */
async function portInUseNamingFlag(error: unknown, port: number, profilePath: string | undefined): Promise<unknown> {
  if (!CagwError.is(error) || error.code !== 'PortInUse' || error.where !== `127.0.0.1:${port}`) return error;
  const profileArg = profilePath ? ` --profile ${shortPath(profilePath)}` : '';
  const freePort = await findFreeLoopbackPort();
  return new CagwError('PortInUse', error.message, {
    source: 'user',
    where: error.where,
    fix: `stop what listens there (ss -ltnp 'sport = :${port}'), or pick another port with --port, e.g. one free now: cagw local${profileArg} --port ${freePort}`,
    cause: error,
  });
}

/** The session --state-dir or --profile names; with neither, the one running in this folder (as docs/deploy.md runs probe). */
function runningSessionFor(values: LocalFlags, cwd: string, io: CliIo): SessionFile {
  if (values['state-dir'] !== undefined || values.profile !== undefined) return readRunningSession(values['state-dir'] ?? localStateDir(values.profile, cwd));
  const found = findRunningSessionWithoutProfile(cwd);
  if (!values.json) io.info(`probing the cagw local started with profile ${found.session.profile} (${shortPath(found.stateDir)})`);
  return found.session;
}

export function sessionSummary(session: LocalSession, usersSource: string) {
  return {
    url: session.url,
    version: session.version,
    readyMs: session.readyMs,
    upstream: session.upstream,
    ports: session.ports,
    gatewayPid: session.gatewayPid,
    stateDir: session.stateDir,
    ...(session.postgresDataElsewhere ? { postgresDataElsewhere: session.postgresDataElsewhere } : {}),
    sessionFile: session.sessionFile,
    signInCodeFile: session.signInCodeFile,
    managedSettings: session.managedSettings,
    managedSettingsPaths: MANAGED_SETTINGS_PATHS,
    usersSource,
    users: session.users.map((user) => ({ ...user, policy: matchPolicy(session.policies, user.groups)?.name })),
  };
}

export function formatReady(session: LocalSession, settings: Settings, usersSource: string): string {
  const upstream =
    session.upstream === 'stub'
      ? 'a stub on loopback that answers every request with a canned reply (no cloud; --upstream profile for Bedrock with your AWS credentials)'
      : `the profile's (Bedrock in ${settings.bedrockRegion}) with your local AWS credentials`;
  const width = Math.max(...session.users.map((user) => user.email.length));
  const lines = [
    `claude gateway ${session.version} is running at ${session.url} (ready in ${(session.readyMs / 1000).toFixed(1)} s)`,
    `  policies  ${session.policies.map((policy) => policy.name).join(', ') || '(none)'}; spend caps ${session.spendCaps ? 'on' : 'off'}`,
    `  upstream  ${upstream}`,
    session.postgresDataElsewhere
      ? `  state     ${shortPath(session.stateDir)} (kept between runs; --reset starts afresh), PostgreSQL data in ${session.postgresDataElsewhere} (the postgres user it runs as cannot enter this folder)`
      : `  state     ${shortPath(session.stateDir)} (PostgreSQL data, kept between runs; --reset starts afresh)`,
    `  sign-in   code ${session.signInCode} (the sign-in page asks for it; anyone on this machine can reach 127.0.0.1, only you see this terminal)`,
    '',
    'To use it from Claude Code on this machine, put this in managed-settings.json:',
    JSON.stringify(session.managedSettings, null, 2),
    ...MANAGED_SETTINGS_PATHS.map(({ os, path }) => `  ${`${os}:`.padEnd(15)}${path}`),
    'then run `claude` and /login: type the sign-in code above on the sign-in page and pick a test user.',
    '',
    `Test users (${shortPath(usersSource)}):`,
    ...session.users.map((user) => `  ${user.email.padEnd(width)}  ${user.name}  [${user.groups.join(', ')}] -> policy ${matchPolicy(session.policies, user.groups)?.name ?? '(none matches)'}`),
    '',
    `See what each gets:  cagw local probe${settings.profilePath ? ` --profile ${shortPath(settings.profilePath)}` : ''}   (add --cap-demo to try a spend cap)`,
    'Stop:                Ctrl-C (stops the gateway, PostgreSQL, the sign-in issuer and the stub)',
  ];
  return lines.join('\n');
}

export function formatProbe(report: ProbeReport): string {
  const lines = [`${report.url} (claude gateway ${report.version}, upstream ${report.upstream})`];
  for (const user of report.users) {
    lines.push('', `${user.email} [${user.groups.join(', ')}] -> policy ${user.policy ?? '(none matches)'}`);
    if (!user.signedIn || user.error) {
      lines.push(`  FAILED ${user.error ?? 'sign-in failed'}`);
      if (!user.signedIn) continue;
    }
    const managed = user.managedSettings;
    lines.push(`  managed settings  ${managed?.status === 200 ? JSON.stringify(managed.settings) : `${managed?.status ?? '-'} ${managed?.error ?? ''}`}`);
    lines.push(`  /v1/models        ${user.models.join(', ') || '(none)'}`);
    const outside = user.outsideAllowlist;
    lines.push(
      outside === null
        ? '  outside allowlist every model of the config is allowed'
        : `  outside allowlist ${outside.model}: ${outside.refused ? 'refused (400)' : `NOT refused (${outside.status})`}${outside.error ? ` ${outside.error}` : ''}`,
    );
  }
  const demo = report.capDemo;
  if (demo) {
    lines.push('', `spend cap demo: a daily cap of $0 for ${demo.user} (removed again afterwards)`);
    lines.push(`  ${demo.user} -> ${demo.blocked.model}: ${demo.blocked.status}${demo.blocked.error ? ` ${demo.blocked.error}` : ''}`);
    for (const other of demo.others) lines.push(`  ${other.email} -> ${other.model}: ${other.status}${other.error ? ` ${other.error}` : ''}`);
    lines.push(demo.ok ? '  the capped user is blocked (429) and the others are not' : '  UNEXPECTED: the cap did not block exactly the capped user');
  }
  return lines.join('\n');
}

function stoppingLine(end: SessionEnd): string {
  if (end.kind === 'signal') return `${end.signal}: stopping the gateway, PostgreSQL, the sign-in issuer and the stub (Ctrl-C again to force)...`;
  return `the gateway stopped by itself; stopping the rest. Its last lines:\n  ${end.lastLogs.join('\n  ') || '(none)'}`;
}

function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
