// TAGS end to end on the strict fake CloudFormation: every stack of the plan carries the
// profile's tags with cagw's own, and an edit of TAGS alone updates every stack's tags
// through its change set (DescribeStacks returns the new ones).
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CAGW_STACK_TAG_KEYS } from '@cagw/profile';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { expect, test } from 'vitest';
import { deployPlan } from '../orchestrate/deploy-plan.ts';
import { stacksOf, type DeploymentPlan } from '../orchestrate/stack-plan.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { fakeSteps, planForProfile } from '../orchestrate/testing/profile-fixture.ts';
import { RecordingDeployHost } from '../orchestrate/testing/recording-deploy-host.ts';
import { testDeployContext } from '../orchestrate/testing/test-deploy-context.ts';

const { cfn } = useStrictFakeCloudFormation({ pageSize: 3, createSeconds: () => 5 });
const PROFILE = 'byo-oidc-notelemetry.env';

const deploy = (plan: DeploymentPlan, steps: ReturnType<typeof fakeSteps>) =>
  advanceUntilSettled(deployPlan(plan, testDeployContext(cfn, { host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps })));
const liveTags = async (stackName: string) => Object.fromEntries(((await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.Tags ?? []).map((t) => [t.Key, t.Value]));

test('every stack carries TAGS and cagw\'s own tags, which are the keys TAGS may not set', async () => {
  const { plan } = await planForProfile(PROFILE, {}, { TAGS: 'team=platform,cost-center=1234' });
  for (const s of stacksOf(plan)) {
    expect(s.tags).toEqual({ team: 'platform', 'cost-center': '1234', 'cagw:prefix': 'claude-gateway', 'cagw:part': s.id, project: 'claude-apps-gateway' });
    expect(Object.keys(s.tags).filter((k) => k !== 'team' && k !== 'cost-center')).toEqual([...CAGW_STACK_TAG_KEYS]);
  }
});

test('changing TAGS alone updates every stack\'s tags through a change set', async () => {
  const steps = fakeSteps();
  const before = await planForProfile(PROFILE, {}, { TAGS: 'team=platform' });
  expect((await deploy(before.plan, steps)).result).toBe('deployed');
  for (const s of stacksOf(before.plan)) expect(await liveTags(s.stackName)).toMatchObject({ team: 'platform' });

  const after = await planForProfile(PROFILE, {}, { TAGS: 'team=finops,cost-center=1234' });
  const outcome = await deploy(after.plan, steps);
  expect(outcome.failure).toBeUndefined();
  expect(outcome.result).toBe('deployed');
  for (const s of stacksOf(after.plan)) {
    expect(await liveTags(s.stackName), s.stackName).toEqual({ team: 'finops', 'cost-center': '1234', 'cagw:prefix': 'claude-gateway', 'cagw:part': s.id, project: 'claude-apps-gateway' });
  }
});
