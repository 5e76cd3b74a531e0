// cagw validate: boots the real gateway binary (the version the profile deploys) on loopback
// with the profile's rendered config, and reports PASS or the gateway's own findings, traced
// back to the profile variable or policy that produced them. No AWS call.
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import { isLoopbackArtefact, renderGatewayConfig, traceGatewayErrors, traceGatewayWarning, type TracedFinding } from '@cagw/config-render';
import { GatewayConfigRejected, startLocalGateway } from '@cagw/local-gateway';
import { parse } from 'yaml';
import { describeError, type CliIo } from '../cli/cli-io.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { profileFlag, profileName } from '../cli/load-profile.ts';
import { loadRenderableProfile } from '../cli/load-renderable-profile.ts';
import { releaseSourceOfProfile } from '../local/release-source-of-profile.ts';

export interface ValidationReport {
  result: 'pass' | 'fail';
  version: string;
  bootMs?: number;
  /** the gateway's refusals, each with the profile source behind its path */
  errors: TracedFinding[];
  /** the gateway's `warn` lines at boot about the profile */
  warnings: { text: string; source: string | undefined }[];
  /** warnings about the loopback stand-ins (e.g. the dev issuer's scopes), not the deployment */
  loopbackNotes: string[];
  packedBytes: number;
  limit: number;
}

export const validateCommand = defineCommand({
  name: 'validate',
  summary: "Prove the profile's gateway config with the real gateway binary, booted on loopback",
  details: [
    'Renders the profile, points the copy\'s listen, oidc issuer and store at a loopback PostgreSQL and',
    'development issuer (everything else is kept exactly), fills unset ${VAR} secrets with throwaway',
    'values, and boots the gateway version the profile deploys (CLAUDE_VERSION). A version other than',
    'the bundled one is installed from RELEASE_MIRROR_URL when set and verified with RELEASE_KEY_FILE',
    'and RELEASE_KEY_FINGERPRINT, as the image build does. No AWS call.',
    'Exit 0 on PASS; 1 when the gateway refuses the config, the packed config is over the parameter',
    'limit, or (with --strict) the gateway printed a warning.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    strict: { type: 'boolean', desc: 'fail when the gateway prints any warning at boot' },
    json: { type: 'boolean', desc: 'print { result, version, bootMs, errors, warnings, loopbackNotes, packedBytes, limit } as one JSON document' },
  },
  async run(flags, _positionals, io) {
    const settings = loadRenderableProfile(flags.profile, io);
    if (!flags.json) io.info(`booting claude gateway ${settings.CLAUDE_VERSION ?? ''} on loopback with the rendered config...`);
    const { report, fits } = await validateSettings(settings, { strict: flags.strict, profileName: profileName(flags.profile) });
    const failed = report.result === 'fail';
    if (flags.json) io.result(report);
    else printReport(report, fits, flags.strict, io);
    return failed ? 1 : 0;
  },
});

export interface ValidateOptions {
  strict: boolean;
  profileName?: string;
  /** the loopback gateway starter; tests pass a fake */
  startGateway?: typeof startLocalGateway;
  /** keep PostgreSQL and the issuer up for the next validation in this process (stopSharedServices ends them) */
  keepSharedServices?: boolean;
}

/** Renders the settings, boots the real gateway with the config, and says what it found. */
export async function validateSettings(settings: Settings, options: ValidateOptions): Promise<{ report: ValidationReport; fits: boolean }> {
  const rendered = renderGatewayConfig(settings, options.profileName ? { profileName: options.profileName } : {});
  const version = settings.CLAUDE_VERSION ?? '';
  const start = options.startGateway ?? startLocalGateway;
  const report: ValidationReport = { result: 'fail', version, errors: [], warnings: [], loopbackNotes: [], packedBytes: rendered.budget.packedBytes, limit: rendered.budget.limit };
  try {
    // parsed from the YAML itself, so the gateway sees exactly what a deploy ships
    const gateway = await start({
      config: parse(rendered.yaml) as Record<string, unknown>,
      ...(version ? { version } : {}),
      env: {},
      // another version is verified against the profile's release mirror and key, as the image is
      release: releaseSourceOfProfile(settings),
      ...(options.keepSharedServices ? { keepSharedServices: true } : {}),
    });
    report.bootMs = gateway.bootMs;
    report.warnings = gateway.warnings.filter((w) => !isLoopbackArtefact(w)).map((text) => ({ text, source: traceGatewayWarning(text, rendered.sources) }));
    report.loopbackNotes = gateway.warnings.filter((w) => isLoopbackArtefact(w));
    await gateway.stop();
  } catch (e) {
    if (!GatewayConfigRejected.isRejection(e)) throw e;
    report.errors = traceGatewayErrors(e.errors, rendered.sources);
  }
  const failed = report.errors.length > 0 || !rendered.budget.fits || (options.strict && report.warnings.length > 0);
  report.result = failed ? 'fail' : 'pass';
  return { report, fits: rendered.budget.fits };
}

function printReport(report: ValidationReport, fits: boolean, strict: boolean, io: CliIo): void {
  for (const note of report.loopbackNotes) io.info(`note (about the loopback issuer, not your IdP): ${note.replace(/^\[gateway\] \S+ warn /, '')}`);
  for (const w of report.warnings) io.warn(`gateway: ${w.text.replace(/^\[gateway\] \S+ warn /, '')}${w.source ? `\n  from: ${w.source}` : ''}`);
  for (const e of report.errors) io.error(`${e.path || 'gateway.yaml'}: ${e.message}${e.source ? `\n  from: ${e.source}` : ''}`);
  if (!fits) {
    const over = new CagwError('GatewayConfigTooLarge', `the packed config is ${report.packedBytes} bytes, over the ${report.limit}-byte parameter limit`, {
      source: 'user',
      fix: 'trim the group policies (cagw render shows the budget)',
    });
    io.error(describeError(over));
  }
  if (report.result === 'pass') {
    io.result(`PASS claude gateway ${report.version} booted the config in ${report.bootMs} ms (${report.warnings.length} warning(s); packed ${report.packedBytes} of ${report.limit} bytes)`);
  } else {
    const why = report.errors.length > 0 ? `the gateway refused the config (${report.errors.length} finding(s))` : !fits ? 'the packed config is too large' : strict ? `${report.warnings.length} warning(s) with --strict` : 'see above';
    io.result(`FAIL claude gateway ${report.version}: ${why}`);
  }
}
