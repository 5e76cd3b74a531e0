// cagw rollback: returns the gateway to the Claude Code version and image it ran before the last
// cagw upgrade, and puts that version back in the profile.
//
// The way back is a CloudFormation deploy of the previous version, not an ECS UpdateService to
// the previous task definition: CloudFormation deregisters a replaced AWS::ECS::TaskDefinition,
// and ECS refuses to point a service at an INACTIVE revision (ECS developer guide,
// "Deregistering an Amazon ECS task definition revision"). A direct update would also leave the
// service drifting from its stack. The deploy reuses the previous image from ECR (its tag is
// found, nothing is built), shows the change set, asks once and rolls the gateway out once.
import { join } from 'node:path';
import { defineCommand } from '../cli/command-spec.ts';
import type { CliIo } from '../cli/cli-io.ts';
import { profileFlag, profileName } from '../cli/load-profile.ts';
import { loadRenderableProfile } from '../cli/load-renderable-profile.ts';
import { outDirOf, runDeployment, type DeploymentDeps } from '../cli/run-deployment.ts';
import { systemDeploymentDeps } from '../cli/system-deployment-deps.ts';
import { UsageError } from '../cli/usage-error.ts';
import { readDeployedGatewayImage } from '../upgrade/deployed-gateway-image.ts';
import { setProfileVersion } from '../upgrade/profile-version.ts';
import { loadRollbackRecord } from '../state/rollback-store.ts';

export interface RollbackDeps {
  /** the deploy's dependencies, for an environment that names the previous version */
  deployment(env: NodeJS.ProcessEnv): DeploymentDeps;
  /** folder under which out/<profile>/ is (default the working folder) */
  outRoot?: string;
}

export const makeRollbackCommand = (deps: () => RollbackDeps = () => ({ deployment: (env) => systemDeploymentDeps(env) })) => defineCommand({
  name: 'rollback',
  summary: 'Return the gateway to the version and image it ran before the last cagw upgrade',
  details: [
    'Reads out/<profile>/rollback.json (written by cagw upgrade) and deploys the previous CLAUDE_VERSION',
    'through CloudFormation: the previous image is reused from ECR, the change set is shown and confirmed',
    'once, the gateway rolls out once, and the previous CLAUDE_VERSION is written into the profile.',
  ].join('\n'),
  flags: {
    profile: profileFlag,
    yes: { type: 'boolean', short: 'y', desc: 'roll back without asking (required without a terminal)' },
  },
  async run(flags, _positionals, io) {
    if (!flags.profile) throw new UsageError('--profile is needed: the rollback is written into it', 'cagw rollback --profile FILE [--yes]');
    return rollBack(flags.profile, flags.yes, io, deps());
  },
});

export const rollbackCommand = makeRollbackCommand();

async function rollBack(profile: string, yes: boolean, io: CliIo, deps: RollbackDeps): Promise<number> {
  const settings = loadRenderableProfile(profile, io);
  const { s3, sts } = deps.deployment(process.env).clients(settings);
  // the account's record first: the upgrade may have run on another machine
  const record = await loadRollbackRecord(join(outDirOf(profile, deps.outRoot), 'rollback.json'),
    s3 && sts ? { s3, sts, region: settings.AWS_REGION, awsProfile: settings.AWS_PROFILE, profile: profileName(profile) } : undefined);
  // the environment wins over the profile: this one deploy runs the previous version
  const back = deps.deployment({ ...process.env, CLAUDE_VERSION: record.previousVersion });
  const gatewayStack = settings.stackNames.gateway;
  const { cfn } = back.clients(settings);
  const running = await readDeployedGatewayImage(cfn, gatewayStack, settings.AWS_PROFILE);
  if (running === record.previousImage) {
    setProfileVersion(profile, record.previousVersion);
    io.result(`${gatewayStack} already runs ${running} (claude gateway ${record.previousVersion}): nothing to roll back; CLAUDE_VERSION=${record.previousVersion} is in ${profile}`);
    return 0;
  }
  io.info(`${gatewayStack} runs ${running} (claude gateway ${record.upgradedTo}); rollback deploys claude gateway ${record.previousVersion} again, image ${record.previousImage}`);
  const code = await runDeployment({ profile, yes, json: false, 'dry-run': false, 'allow-replace': [] }, io, back, { gatewayOnly: false, command: 'cagw rollback' });
  if (code !== 0) return code;
  setProfileVersion(profile, record.previousVersion);
  const now = await readDeployedGatewayImage(cfn, gatewayStack, settings.AWS_PROFILE);
  // the same version built again only when the image inputs (base, Dockerfile) changed since
  if (now !== record.previousImage) io.warn(`claude gateway ${record.previousVersion} runs a new build, ${now}, not the recorded ${record.previousImage}: the image inputs changed since the upgrade, or ECR no longer held that image`);
  io.result(`rolled back: ${gatewayStack} runs claude gateway ${record.previousVersion} (${now}); CLAUDE_VERSION=${record.previousVersion} is back in ${profile}`);
  return 0;
}
