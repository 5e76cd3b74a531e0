// A stack in a failed or busy state refuses a deploy: say which one and the exact fix before
// anything is changed.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackPart } from '@cagw/profile';
import { combineOutcomes, fail, pass, warn, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName } from '../aws-failure.ts';

function partsOf(s: CheckContext['settings']): StackPart[] {
  const parts: StackPart[] = ['network', 'database', 'gateway'];
  if (s.idpMode !== 'byo') parts.push('idp');
  if (s.ENABLE_COLLECTOR) parts.push('collector');
  if (s.ENABLE_VPN) parts.push('vpn');
  // cagw deploy generates the observability stack for every profile (alarms, dashboards)
  parts.push('observability');
  return parts;
}

/**
 * The AWS CLI waiter that returns when a stack in this *_IN_PROGRESS state has settled
 * (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/wait/).
 */
function waiterFor(status: string): string {
  if (status === 'CREATE_IN_PROGRESS' || status === 'ROLLBACK_IN_PROGRESS') return 'stack-create-complete';
  if (status === 'DELETE_IN_PROGRESS') return 'stack-delete-complete';
  if (status.startsWith('IMPORT_')) return 'stack-import-complete';
  if (status.startsWith('UPDATE_ROLLBACK_')) return 'stack-rollback-complete';
  return 'stack-update-complete';
}

/**
 * A CREATE change set that was never executed leaves an empty stack in REVIEW_IN_PROGRESS for
 * good: it never settles on its own, so "wait" is no fix. A new CREATE change set may be made
 * for it (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html,
 * ChangeSetType), which is what cagw deploy does.
 */
function inReview(name: string, region: string): CheckOutcome {
  return warn(`stack ${name} is REVIEW_IN_PROGRESS: an empty stack left by a change set that was never executed (it does not settle on its own)`,
    `run cagw deploy: it creates ${name} with a new change set; to remove it instead: aws cloudformation delete-stack --stack-name ${name} --region ${region}`);
}

/** The fix for a stack status that blocks a deploy, or undefined when a deploy may proceed. */
export function blockingFix(name: string, status: string, region: string): string | undefined {
  if (status === 'REVIEW_IN_PROGRESS') return undefined;
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED') return `the first create failed and left nothing usable: delete it (aws cloudformation delete-stack --stack-name ${name} --region ${region}), then deploy again`;
  if (status === 'UPDATE_ROLLBACK_FAILED') return `continue the rollback (aws cloudformation continue-update-rollback --stack-name ${name} --region ${region}), skipping the resources it names if needed, then deploy again`;
  if (status === 'DELETE_FAILED') return `delete it again, retaining the resources it names (aws cloudformation delete-stack --stack-name ${name} --retain-resources ...), or fix what blocks their deletion`;
  if (status.endsWith('_IN_PROGRESS')) return `CloudFormation is still working on ${name}: wait until it settles (aws cloudformation wait ${waiterFor(status)} --stack-name ${name} --region ${region}), then deploy again`;
  return undefined;
}

async function stateOf(name: string, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    const { Stacks: stacks = [] } = await ctx.aws.cloudFormation.send(new DescribeStacksCommand({ StackName: name }), { abortSignal: ctx.signal });
    const status = stacks[0]?.StackStatus ?? 'UNKNOWN';
    const fix = blockingFix(name, status, ctx.settings.AWS_REGION);
    if (fix) return fail(`stack ${name} is ${status}`, fix);
    return status === 'REVIEW_IN_PROGRESS' ? inReview(name, ctx.settings.AWS_REGION) : pass(`${name} ${status}`);
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e))) return pass(`${name} (new)`);
    return awsCallFailed('cloudformation:DescribeStacks', e);
  }
}

export const stacksState: PreflightCheck = {
  id: 'stacks.state',
  title: 'no stack of the profile is in a state that blocks a deploy',
  needs: 'aws',
  reads: ['STACK_PREFIX', 'GATEWAY_STACK', 'COGNITO_STACK', 'COLLECTOR_STACK', 'VPN_STACK', 'IDP_MODE', 'ENABLE_COLLECTOR', 'ENABLE_VPN'],
  async run(ctx) {
    const outcomes = await Promise.all(partsOf(ctx.settings).map((part) => stateOf(ctx.settings.stackNames[part], ctx)));
    return combineOutcomes(outcomes, `deployable: ${outcomes.map((o) => o.message).join(', ')}`);
  },
};
