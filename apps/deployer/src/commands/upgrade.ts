// cagw upgrade --to VERSION: shows what the new gateway version changes for this exact config
// (its warnings under both binaries, the keys it refuses), then deploys it in one pass (one image
// build, one rollout), having recorded the task definition that ran before for cagw rollback.
import { join } from 'node:path';
import { CagwError } from '@cagw/errors';
import type { CliIo } from '../cli/cli-io.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { profileFlag, profileName } from '../cli/load-profile.ts';
import { loadRenderableProfile } from '../cli/load-renderable-profile.ts';
import { outDirOf, runDeployment, type DeploymentDeps } from '../cli/run-deployment.ts';
import { systemDeploymentDeps } from '../cli/system-deployment-deps.ts';
import { UsageError } from '../cli/usage-error.ts';
import { compareUnderBoth, type VersionComparison } from '../upgrade/compare-under-both.ts';
import { readDeployedGatewayImage } from '../upgrade/deployed-gateway-image.ts';
import { setProfileVersion } from '../upgrade/profile-version.ts';
import { compareReleases } from '../upgrade/release-order.ts';
import { saveRollbackRecord } from '../state/rollback-store.ts';

const USAGE = 'cagw upgrade --profile FILE --to VERSION [--check] [--allow-downgrade] [--yes]';

export interface UpgradeDeps {
  /** the deploy's dependencies, for an environment that names the new version */
  deployment(env: NodeJS.ProcessEnv): DeploymentDeps;
  compare: typeof compareUnderBoth;
}

export const systemUpgradeDeps = (): UpgradeDeps => ({
  deployment: (env) => systemDeploymentDeps(env),
  compare: compareUnderBoth,
});

export const makeUpgradeCommand = (deps: () => UpgradeDeps = systemUpgradeDeps) => defineCommand({
  name: 'upgrade',
  summary: 'Move the gateway to another Claude Code version: show what changes, validate, deploy once, keep the way back',
  details: [
    'Boots the rendered config under the running version and under VERSION (both real binaries) and',
    'shows the warnings that appear or go and any key the new version refuses; then deploys VERSION',
    '(one image build, one rollout), records the version and image that ran before (cagw rollback',
    "returns to them) and writes CLAUDE_VERSION=VERSION into the profile. A version older than the",
    "profile's is refused unless --allow-downgrade. --check stops after the comparison. With",
    'BUILD_IMAGE=false only --check runs: the image is yours to build.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    to: { type: 'string', value: 'VERSION', desc: 'the Claude Code release to run, e.g. 2.1.331' },
    check: { type: 'boolean', desc: 'only compare and validate; deploy nothing' },
    'allow-downgrade': { type: 'boolean', desc: 'allow a version older than the one running' },
    yes: { type: 'boolean', short: 'y', desc: 'deploy without asking (required without a terminal)' },
    json: { type: 'boolean', desc: 'print the comparison as one JSON document' },
  },
  async run(flags, _positionals, io) {
    if (!flags.to || !/^\d+\.\d+\.\d+$/.test(flags.to)) throw new UsageError('--to needs a release version such as 2.1.331', USAGE);
    if (!flags.profile) throw new UsageError('--profile is needed: the upgrade is written into it', USAGE);
    const settings = loadRenderableProfile(flags.profile, io);
    const from = settings.CLAUDE_VERSION;
    const order = compareReleases(flags.to, from);
    if (order === 0) {
      io.result(`the profile already runs claude gateway ${from}: nothing to upgrade`);
      return 0;
    }
    if (order < 0 && !flags['allow-downgrade']) {
      throw new CagwError('UpgradeIsDowngrade', `${flags.to} is older than ${from}, the version the profile runs`, {
        source: 'user',
        where: 'CLAUDE_VERSION',
        fix: `to go back after an upgrade use cagw rollback; to run ${flags.to} anyway add --allow-downgrade (remove config keys newer than ${flags.to} first)`,
      });
    }
    if (!settings.BUILD_IMAGE && !flags.check) {
      throw new CagwError('UpgradeNeedsBuiltImage', `BUILD_IMAGE=false: the gateway runs GATEWAY_IMAGE_URI (${settings.GATEWAY_IMAGE_URI}), so deploying CLAUDE_VERSION=${flags.to} would change nothing that runs`, {
        source: 'user',
        where: 'BUILD_IMAGE',
        fix: `build an image of Claude Code ${flags.to} (cagw image build --profile ${flags.profile} --push), set GATEWAY_IMAGE_URI to it and CLAUDE_VERSION=${flags.to}, then run cagw deploy (cagw upgrade --check compares the versions first); or set BUILD_IMAGE=true`,
      });
    }
    if (!flags.json) io.info(`booting the config under claude gateway ${from} and ${flags.to}...`);
    const comparison = await deps().compare(settings, flags.to, { profileName: profileName(flags.profile) });
    if (flags.json) io.result({ from: comparison.from, to: comparison.to, accepted: comparison.accepted, refused: comparison.refused, newWarnings: comparison.newWarnings, goneWarnings: comparison.goneWarnings });
    else io.result(formatComparison(comparison));
    if (!comparison.accepted) return 1;
    if (flags.check) return 0;
    return deployUpgrade(flags.profile, flags.to, from, flags.yes, io, deps());
  },
});

export const upgradeCommand = makeUpgradeCommand();

async function deployUpgrade(profile: string, to: string, from: string, yes: boolean, io: CliIo, deps: UpgradeDeps): Promise<number> {
  const settings = loadRenderableProfile(profile, io);
  // the environment wins over the profile: this one deploy runs the new version
  const deployment = deps.deployment({ ...process.env, CLAUDE_VERSION: to });
  const previousImage = await readDeployedGatewayImage(deployment.clients(settings).cfn, settings.stackNames.gateway, settings.AWS_PROFILE);
  const recordPath = join(outDirOf(profile, deployment.outRoot), 'rollback.json');
  const { s3, sts } = deployment.clients(settings);
  // in the account, so that another operator can roll back; out/ keeps a copy
  const savedIn = await saveRollbackRecord(recordPath, { previousVersion: from, previousImage, upgradedTo: to, at: new Date().toISOString() },
    s3 && sts ? { s3, sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(profile) } : undefined);
  io.info(`recorded claude gateway ${from} (${previousImage}) in ${savedIn}: cagw rollback returns to it`);
  const code = await runDeployment({ profile, yes, json: false, 'dry-run': false, 'allow-replace': [] }, io, deployment, { gatewayOnly: false, command: 'cagw upgrade' });
  if (code !== 0) return code;
  setProfileVersion(profile, to);
  io.info(`wrote CLAUDE_VERSION=${to} into ${profile}, so the next deploy keeps it`);
  return 0;
}

export function formatComparison(c: VersionComparison): string {
  const lines = [`claude gateway ${c.from} -> ${c.to}: ${c.accepted ? 'the new version boots this config' : 'the new version REFUSES this config'}`];
  for (const refusal of c.refused) lines.push(`  refused  ${refusal.path || 'gateway.yaml'}: ${refusal.message}${refusal.source ? ` (from ${refusal.source})` : ''}`);
  for (const warning of c.newWarnings) lines.push(`  new warning   ${warning}`);
  for (const warning of c.goneWarnings) lines.push(`  gone warning  ${warning}`);
  if (c.accepted && c.newWarnings.length === 0 && c.goneWarnings.length === 0) lines.push('  no difference in what the gateway says about this config');
  return lines.join('\n');
}
