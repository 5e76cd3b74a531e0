// cagw preflight: every check of the profile against the account and the world, all run,
// all reported, before anything is created. Offline checks need no credentials; AWS checks
// are skipped (with the reason) when the default credential chain has none.
import { checkRenderInput, renderGatewayConfig } from '@cagw/config-render';
import { allChecks, detectAwsCredentials, runPreflight, systemPreflightClients, unknownCheckIds, type CheckResult } from '@cagw/preflight';
import { CagwError } from '@cagw/errors';
import { formatProblem, loadSettings, type ProfileProblem } from '@cagw/profile';
import { defineCommand } from '../cli/command-spec.ts';
import { formatTable } from '../cli/format-table.ts';
import { profileFlag, reportOverrides } from '../cli/load-profile.ts';
import { UsageError } from '../cli/usage-error.ts';

const USAGE = 'cagw preflight [--profile FILE] [--json] [--only ID,...]';

export const preflightCommand = defineCommand({
  name: 'preflight',
  summary: 'Check the profile against the AWS account and the world before deploying',
  details: [
    'Runs every check concurrently and lists each result (pass, warn, fail, skip) with its fix.',
    'Offline checks (profile, rendered config, templates) always run; AWS checks run when the',
    'default credential chain (or AWS_PROFILE) has credentials, and are skipped with the reason otherwise.',
    `Checks: ${allChecks.map((c) => c.id).join(', ')}`,
    'Exit 0 when nothing failed (warnings do not fail), 1 otherwise.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    json: { type: 'boolean', desc: 'print { "results": [ { id, title, status, message, fix } ] } as one JSON document' },
    only: { type: 'string', value: 'ID,...', desc: 'run only these checks: ids, or groups such as tls or aws' },
  },
  async run(flags, _positionals, io) {
    const only = flags.only ? flags.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const unknown = unknownCheckIds(only);
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

    const credentials = await detectAwsCredentials({ profile: settings.AWS_PROFILE });
    if (!credentials.available) io.info(`AWS checks skipped: ${credentials.reason} (${credentials.detail}); configure credentials (e.g. aws sso login) to check the account`);
    const clients = systemPreflightClients({ region: settings.AWS_REGION, bedrockRegion: settings.bedrockRegion, credentials, pathValue: process.env.PATH ?? '' });
    const { results } = await runPreflight(settings, rendered, clients, { only });
    return report([...renderResults, ...results], flags.json, io);
  },
});

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
