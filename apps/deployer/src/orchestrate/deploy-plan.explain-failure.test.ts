// Issue 13.13: the reason an ECS service failed lives in its stopped tasks, which the rollback
// deletes with the service. It is looked up when the failure event arrives, not after the wait.
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { planForProfile } from './testing/profile-fixture.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { testDeployContext } from './testing/test-deploy-context.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: (type) => (type === 'AWS::ECS::Service' ? 120 : 10) });
const GATEWAY = 'claude-gateway-gateway';

test('a crash-looping first deploy keeps its stopped-task reason although the rollback deletes the service', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  fake.failResource(GATEWAY, 'Service', 'Resource handler returned message: "Error occurred during operation \'ECS Deployment Circuit Breaker was triggered\'."');
  const asked: string[] = [];
  // ECS as the rollback leaves it: the stopped tasks are listed only while the service exists
  const explain = async (stackName: string, event: StackEvent) => {
    asked.push(`${stackName}/${event.LogicalResourceId}`);
    if (event.ResourceType !== 'AWS::ECS::Service' || fake.status(stackName) === 'ROLLBACK_COMPLETE') return undefined;
    return 'stopped task: Essential container in task exited; container gateway: exit code 78';
  };
  const outcome = await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn, { explain })));
  expect(fake.status(GATEWAY)).toBe('ROLLBACK_COMPLETE');
  expect(outcome.failure?.code).toBe('StackFailed');
  expect(outcome.failure?.where).toBe(`${GATEWAY}/Service`);
  expect(outcome.failure?.message).toContain('Circuit Breaker');
  expect(outcome.failure?.message).toContain('container gateway: exit code 78');
  // asked once for the failure, not again when the root cause is written
  expect(asked.filter((a) => a === `${GATEWAY}/Service`)).toHaveLength(1);
});
