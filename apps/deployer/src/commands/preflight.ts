// cagw preflight: every check of the profile against the account and the world, all run,
// all reported, before anything is created. Without credentials the AWS checks cannot run, and
// preflight fails naming them instead of passing what it could not check; --offline runs only
// the checks that need neither AWS nor the network. The image pins the profile leaves out are
// resolved here (and recorded in the lock beside it) when a registry answers.
import { checkRenderInput, renderGatewayConfig } from '@cagw/config-render';
import { allChecks, detectAwsCredentials, runPreflight, selectChecks, systemPreflightClients, unknownCheckIds, type CheckResult } from '@cagw/preflight';
import { CagwError } from '@cagw/errors';
import { formatProblem, loadSettings, type ProfileProblem, type Settings } from '@cagw/profile';
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { profileFlag, reportOverrides } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';
import { pinsLockPath } from '../image/pins-lock.ts';
import { pinCommandFor, pinsMissingFix, pinsNeeded, resolvePins, type PinState } from '../image/resolve-pins.ts';

/** The check preflight adds for the image pins (resolved by the deployer, not @cagw/preflight). */
const PINS_CHECK = { id: 'image.pins', title: 'the images are pinned by digest' };

const USAGE = 'cagw preflight [--profile FILE] [--json] [--only ID,...] [--offline]';

export const preflightCommand = defineCommand({
  name: 'preflight',
  summary: 'Check the profile against the AWS account and the world before deploying',
  details: [
    'Runs every check concurrently and lists each result (pass, warn, fail, skip) with its fix.',
    'Offline checks (profile, rendered config, templates) always run; AWS checks need credentials from',
    'the default credential chain (or AWS_PROFILE): without them they are listed as skipped and',
    'aws.credentials fails, since a preflight that could not look at the account has not passed.',
    'image.pins resolves the images the profile names by tag (BASE_IMAGE, DB_CLIENT_IMAGE, the collector)',
    'that neither the profile nor its lock pins, and records them in the lock beside the profile',
    '(profiles/my.env -> profiles/my.pins.lock.json), as cagw pin does.',
    '--offline runs only the checks that need neither AWS nor the network (the pins come from the',
    'profile and its lock only) and exits 0 when they pass.',
    `Checks: ${[...allChecks.map((c) => c.id), PINS_CHECK.id].join(', ')}`,
    'Exit 0 when nothing failed (warnings do not fail), 1 otherwise.',
    '',
    'Examples:',
    '  cagw preflight --profile profiles/my.env             everything, against the account',
    '  cagw preflight --profile profiles/my.env --offline   before credentials: the profile, templates, pins',
    '  cagw preflight --profile profiles/my.env --only tls  the TLS checks only',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    json: { type: 'boolean', desc: 'print { "results": [ { id, title, status, message, fix } ] } as one JSON document' },
    only: { type: 'string', value: 'ID,...', desc: 'run only these checks: ids, or groups such as tls or aws' },
    offline: { type: 'boolean', desc: 'run only the checks that need neither AWS credentials nor the network; exit 0 when they pass' },
  },
  async run(flags, _positionals, io) {
    const only = flags.only ? flags.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const unknown = unknownCheckIds(only).filter((o) => !selects(o, PINS_CHECK.id));
    if (unknown.length > 0) throw new UsageError(`--only names no check: ${unknown.join(', ')} (checks: ${allChecks.map((c) => c.id).join(', ')})`, USAGE);

    const loaded = loadSettings({ ...(flags.profile ? { profilePath: flags.profile } : {}), env: process.env });
    for (const w of loaded.warnings) io.warn(formatProblem(w));
    reportOverrides(loaded.overrides, io);
    if (!loaded.settings) {
      // The other checks need valid Settings: report every profile problem as a failed check.
      return report(loaded.problems.map(profileProblemResult), flags.json, io);
    }
    const settings = loaded.settings;

    const renderProblems = checkRenderInput(settings);
    const rendered = renderProblems.length === 0 ? renderGatewayConfig(settings) : undefined;
    const renderResults: CheckResult[] = renderProblems.map((p) => ({ id: 'config.render', title: 'the gateway config renders', status: 'fail', message: p.message, fix: CagwError.is(p) ? (p.fix ?? '') : '' }));

    const pinsWanted = only.length === 0 || only.some((o) => selects(o, PINS_CHECK.id));
    const pinsResult = pinsWanted ? await checkPins(settings, flags.offline) : [];
    if (flags.offline) {
      const offlineChecks = allChecks.filter((c) => c.needs === 'offline');
      const clients = systemPreflightClients({ region: settings.AWS_REGION, bedrockRegion: settings.bedrockRegion, credentials: { available: false, reason: 'offline', detail: '--offline' }, pathValue: process.env.PATH ?? '' });
      const { results } = await runPreflight(settings, rendered, clients, { only, checks: offlineChecks });
      return report([...renderResults, ...pinsResult, ...results], flags.json, io);
    }
    // the credential chain can take seconds (instance metadata): asked only when an AWS check runs
    const awsWanted = selectChecks(allChecks, only).some((c) => c.needs === 'aws');
    const credentials = awsWanted ? await detectAwsCredentials({ profile: settings.AWS_PROFILE }) : { available: false as const, reason: 'no AWS check was asked for', detail: '--only' };
    const clients = systemPreflightClients({ region: settings.AWS_REGION, bedrockRegion: settings.bedrockRegion, credentials, pathValue: process.env.PATH ?? '' });
    const { results } = await runPreflight(settings, rendered, clients, { only });
    // a preflight that could not look at the account has not passed: the skipped checks say why
    const credentialsResult: CheckResult[] = credentials.available || !awsWanted ? [] : [{
      id: 'aws.credentials', title: 'AWS credentials to check the account', status: 'fail',
      message: `no AWS credentials (${credentials.reason}: ${credentials.detail}), so ${results.filter((r) => r.status === 'skip' && r.message.startsWith('needs AWS credentials')).length} AWS checks could not run`,
      fix: `sign in (aws sso login${settings.AWS_PROFILE ? ` --profile ${settings.AWS_PROFILE}` : ''}) or configure credentials, then run cagw preflight again; cagw preflight --offline runs only the checks that need no credentials`,
    }];
    return report([...renderResults, ...pinsResult, ...credentialsResult, ...results], flags.json, io);
  },
});

/** `--only` entry `o` selects check `id` (the rule of @cagw/preflight's selectChecks). */
const selects = (o: string, id: string) => id === o || id.startsWith(`${o}.`);

/** The image.pins result: every pin from the profile or its lock, else resolved now and recorded (not --offline). */
async function checkPins(settings: Settings, offline: boolean): Promise<CheckResult[]> {
  if (pinsNeeded(settings).length === 0) return [];
  const pinned = offline ? await resolvePins(settings, { resolve: async () => { throw new Error('--offline asks no registry'); } }) : await resolvePins(settings);
  const missing = pinned.pins.filter((p) => p.from === 'missing');
  const describe = (p: PinState) => `${p.variable} (${p.from === 'registry' ? `resolved now from ${p.image}` : `from the ${p.from}`})`;
  if (missing.length === 0) {
    const lock = pinned.lockWritten ? `; recorded in ${pinned.lockWritten}` : '';
    return [{ ...PINS_CHECK, status: 'pass', message: `${pinned.pins.map(describe).join(', ')}${lock}`, fix: '' }];
  }
  const names = missing.map((p) => `${p.variable} (${p.image}${offline ? '' : `: ${p.reason}`})`).join(', ');
  const lock = settings.profilePath ? ` nor in ${pinsLockPath(settings.profilePath)}` : '';
  if (offline) {
    return [{ ...PINS_CHECK, status: 'warn', message: `not pinned in the profile${lock}, and --offline asks no registry: ${names}`, fix: `run ${pinCommandFor(settings.profilePath)} where the registries are reachable` }];
  }
  return [{ ...PINS_CHECK, status: 'fail', message: `${missing.length} image(s) not pinned in the profile${lock}, and the registry could not be asked: ${names}`, fix: pinsMissingFix(settings.profilePath) }];
}

function profileProblemResult(p: ProfileProblem): CheckResult {
  const value = p.value === undefined ? '' : ` "${p.value}"`;
  return { id: 'profile', title: 'the profile is valid', status: 'fail', message: `${p.variable}${value}: ${p.message}${p.where ? ` (${p.where})` : ''}`, fix: p.fix };
}

function report(results: CheckResult[], json: boolean, io: { result(value: unknown): void; info(text: string): void }): number {
  const failed = results.filter((r) => r.status === 'fail').length;
  if (json) io.result({ results: results.map(({ id, title, status, message, fix }) => ({ id, title, status, message, fix })) });
  else {
    io.result(formatTable(['check', 'result', 'message', 'fix'], results.map((r) => [r.id, r.status, r.message, r.fix])));
    const count = (s: string) => results.filter((r) => r.status === s).length;
    io.info(`preflight: ${count('pass')} passed, ${count('warn')} warned, ${failed} failed, ${count('skip')} skipped`);
  }
  return failed > 0 ? 1 : 0;
}
