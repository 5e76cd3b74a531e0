// cagw rollback: returns the gateway service to the task definition it ran before the last
// cagw upgrade (one confirmation, one rolling deployment) and puts that version back in the profile.
import { join } from 'node:path';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Settings } from '@cagw/profile';
import { confirmOnTerminal } from '../cli/confirm-prompt.ts';
import { defineCommand } from '../cli/command-spec.ts';
import { createDeployClients } from '../cli/deploy-aws-clients.ts';
import { loadProfile, profileFlag } from '../cli/load-profile.ts';
import { outDirOf } from '../cli/run-deployment.ts';
import { UsageError } from '../cli/usage-error.ts';
import { readGatewayService, rollBackService } from '../upgrade/gateway-service.ts';
import { setProfileVersion } from '../upgrade/profile-version.ts';
import { readRollbackRecord } from '../upgrade/rollback-record.ts';

export interface RollbackDeps {
  serviceClients(settings: Settings): { cfn: CloudFormationClient; ecs: ECSClient };
  /** folder under which out/<profile>/ is (default the working folder) */
  outRoot?: string;
}

export const makeRollbackCommand = (deps: () => RollbackDeps = () => ({ serviceClients: createDeployClients })) => defineCommand({
  name: 'rollback',
  summary: 'Return the gateway to the task definition it ran before the last cagw upgrade',
  details: 'Reads out/<profile>/rollback.json (written by cagw upgrade), asks once, rolls the ECS service back to that task definition, waits until it is stable, and writes the previous CLAUDE_VERSION into the profile.',
  flags: {
    profile: profileFlag,
    yes: { type: 'boolean', short: 'y', desc: 'roll back without asking (required without a terminal)' },
  },
  async run(flags, _positionals, io) {
    if (!flags.profile) throw new UsageError('--profile is needed: the rollback is written into it', 'cagw rollback --profile FILE [--yes]');
    const settings = loadProfile(flags.profile, io);
    const { serviceClients, outRoot } = deps();
    const record = readRollbackRecord(join(outDirOf(flags.profile, outRoot), 'rollback.json'));
    const clients = serviceClients(settings);
    const now = await readGatewayService(clients.cfn, clients.ecs, settings.stackNames.gateway);
    if (now.taskDefinition === record.previous.taskDefinition) {
      io.result(`the gateway already runs ${now.taskDefinition} (claude gateway ${record.previousVersion}): nothing to roll back`);
      return 0;
    }
    io.info(`${now.service} runs ${now.taskDefinition} (claude gateway ${record.upgradedTo}); rollback returns it to ${record.previous.taskDefinition} (claude gateway ${record.previousVersion})`);
    if (!flags.yes && !(await confirmOnTerminal('Roll back now?', false))) {
      io.info('nothing changed');
      return 1;
    }
    await rollBackService(clients.ecs, record.previous);
    setProfileVersion(flags.profile, record.previousVersion);
    io.result(`rolled back: ${now.service} runs ${record.previous.taskDefinition}; CLAUDE_VERSION=${record.previousVersion} is back in ${flags.profile}`);
    return 0;
  },
});

export const rollbackCommand = makeRollbackCommand();
