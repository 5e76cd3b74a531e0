// A stack in a failed or busy state refuses a deploy: say which one and the exact fix before
// anything is changed.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackPart } from '@cagw/profile';
import { combineOutcomes, fail, pass, type CheckContext, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName } from '../aws-failure.ts';

function partsOf(s: CheckContext['settings']): StackPart[] {
  const parts: StackPart[] = ['network', 'database', 'gateway'];
  if (s.idpMode !== 'byo') parts.push('idp');
  if (s.ENABLE_COLLECTOR) parts.push('collector');
  if (s.ENABLE_VPN) parts.push('vpn');
  return parts;
}

/** The fix for a stack status that blocks a deploy, or undefined when a deploy may proceed. */
export function blockingFix(name: string, status: string, region: string): string | undefined {
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED') return `the first create failed and left nothing usable: delete it (aws cloudformation delete-stack --stack-name ${name} --region ${region}), then deploy again`;
  if (status === 'UPDATE_ROLLBACK_FAILED') return `continue the rollback (aws cloudformation continue-update-rollback --stack-name ${name} --region ${region}), skipping the resources it names if needed, then deploy again`;
  if (status === 'DELETE_FAILED') return `delete it again, retaining the resources it names (aws cloudformation delete-stack --stack-name ${name} --retain-resources ...), or fix what blocks their deletion`;
  if (status.endsWith('_IN_PROGRESS')) return `wait until ${name} finishes (aws cloudformation wait stack-update-complete or watch the console), then deploy again`;
  return undefined;
}

async function stateOf(name: string, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    const { Stacks: stacks = [] } = await ctx.aws.cloudFormation.send(new DescribeStacksCommand({ StackName: name }), { abortSignal: ctx.signal });
    const status = stacks[0]?.StackStatus ?? 'UNKNOWN';
    const fix = blockingFix(name, status, ctx.settings.AWS_REGION);
    return fix ? fail(`stack ${name} is ${status}`, fix) : pass(`${name} ${status}`);
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e))) return pass(`${name} (new)`);
    return awsCallFailed('cloudformation:DescribeStacks', e);
  }
}

export const stacksState: PreflightCheck = {
  id: 'stacks.state',
  title: 'no stack of the profile is in a state that blocks a deploy',
  needs: 'aws',
  reads: ['STACK_PREFIX', 'GATEWAY_STACK', 'COGNITO_STACK', 'COLLECTOR_STACK', 'VPN_STACK'],
  async run(ctx) {
    const outcomes = await Promise.all(partsOf(ctx.settings).map((part) => stateOf(ctx.settings.stackNames[part], ctx)));
    return combineOutcomes(outcomes, `deployable: ${outcomes.map((o) => o.message).join(', ')}`);
  },
};
