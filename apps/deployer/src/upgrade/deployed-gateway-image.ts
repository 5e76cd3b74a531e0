// The image the deployed gateway stack runs, read from its GatewayImageUri parameter: what
// cagw upgrade records before it deploys a new version and what cagw rollback compares with.
// Read from CloudFormation, not from the ECS service, because the way back goes through
// CloudFormation too (see rollback.ts).
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { isStableSuccess, readLiveStack } from '../orchestrate/live-stack.ts';

// a stack whose last update rolled back still runs its previous, complete state; in any other
// state it is missing, failed or busy, and neither upgrade nor rollback starts
const isSettled = (status: string) => isStableSuccess(status) || status === 'UPDATE_ROLLBACK_COMPLETE';

export async function readDeployedGatewayImage(cfn: CloudFormationClient, stackName: string, awsProfile?: string): Promise<string> {
  const live = await readLiveStack(cfn, stackName, awsProfile);
  if (!live || live.status === 'REVIEW_IN_PROGRESS') {
    throw new CagwError('GatewayNotDeployed', `stack ${stackName} does not exist, so there is no running gateway to upgrade or roll back`, {
      source: 'user',
      where: stackName,
      fix: 'deploy it first with cagw deploy; cagw upgrade and cagw rollback are for a running deployment',
    });
  }
  if (!isSettled(live.status)) {
    throw new CagwError('GatewayNotDeployed', `stack ${stackName} is ${live.status}${live.statusReason ? ` (${live.statusReason})` : ''}, not a settled deployment`, {
      source: 'aws',
      where: stackName,
      fix: 'wait for the stack to settle, or run cagw deploy to repair it, then run the command again',
    });
  }
  const image = live.parameters.GatewayImageUri;
  if (!image) {
    throw new CagwError('GatewayNotDeployed', `stack ${stackName} has no GatewayImageUri parameter, so it is not a gateway stack that cagw deployed`, {
      source: 'aws',
      where: `${stackName} GatewayImageUri`,
      fix: 'check that STACK_PREFIX in the profile names this deployment',
    });
  }
  return image;
}
