// What a deploy would leave behind in the account unless cagw sees to it, worked out before the
// deploy from the plan and the live stacks: the private zone a ZONE edit replaces (deleted after
// the deploy, replaced-private-zone.ts), and the user pools an earlier destroy kept under the name
// a new Cognito stack is about to give a fresh pool (retained-user-pools.ts).
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { readLiveStack } from './live-stack.ts';
import { replacedPrivateZone, type ReplacedPrivateZone } from './replaced-private-zone.ts';
import { retainedPoolNotice, retainedUserPools } from './retained-user-pools.ts';
import { stacksOf, type DeploymentPlan } from './stack-plan.ts';

export interface LeftBehind {
  /** the live network stack's private zone when the plan names another (or none) */
  replacedZone: ReplacedPrivateZone | undefined;
  /** what the deploy says about pools a destroy kept, when it creates the Cognito stack anew */
  retainedPoolNotice: string | undefined;
}

/** The private zone name the plan gives the network stack: its parameter, else the template's default (none). */
function plannedZoneName(plan: DeploymentPlan): string | undefined {
  const network = stacksOf(plan).find((s) => s.id === 'network');
  if (!network) return undefined;
  const source = network.parameters.PrivateZoneName;
  return source?.kind === 'value' ? source.value : '';
}

export async function leftBehindByDeploy(plan: DeploymentPlan, clients: { cfn: CloudFormationClient; cognito?: CognitoIdentityProviderClient | undefined }, awsProfile?: string): Promise<LeftBehind> {
  const stacks = stacksOf(plan);
  const network = stacks.find((s) => s.id === 'network');
  const zoneName = plannedZoneName(plan);
  const replacedZone = network && zoneName !== undefined ? replacedPrivateZone(await readLiveStack(clients.cfn, network.stackName, awsProfile), zoneName) : undefined;

  const newPool = stacks.find((s) => s.id === 'idp' && s.template === 'idp-cognito-new');
  let notice: string | undefined;
  if (newPool && clients.cognito && !(await readLiveStack(clients.cfn, newPool.stackName, awsProfile))) {
    notice = retainedPoolNotice(await retainedUserPools(clients.cognito, newPool.stackName, awsProfile));
  }
  return { replacedZone, retainedPoolNotice: notice };
}
