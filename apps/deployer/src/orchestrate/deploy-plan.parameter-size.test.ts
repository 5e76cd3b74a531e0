// Issue 21.6: a plan made without cagw's plan-time check (another tool's) still cannot send a
// parameter value over 4,096 bytes: deployPlan refuses it before anything is read or made.
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { planForProfile } from './testing/profile-fixture.ts';
import { testDeployContext } from './testing/test-deploy-context.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });

test('a collector config over the parameter limit stops the deploy before any stack is read or made', async () => {
  const { plan } = await planForProfile('managed-newcognito-collector-vpn.env', {}, { ENABLE_CODING_AGENT_INSIGHTS: 'false', FORWARD_LOGS: 'true' });
  const error = await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn))).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'ParameterTooLarge' });
  expect((error as Error).message).toContain('claude-gateway-collector parameter CollectorConfig');
  expect(fake.calls('DescribeStacks')).toBe(0);
  expect(fake.calls('CreateChangeSet')).toBe(0);
  expect(fake.stackNames()).toEqual([]);
});
