// Following a stack operation: a permission taken away mid-wait ends the wait at once with the
// fix, instead of the SDK waiter retrying it for hours.
import { CreateChangeSetCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { expect, test, vi } from 'vitest';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { waitForStack } from './wait-for-stack.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 30 });

test('access denied to the waiter\'s own reads ends the wait at once, with the permission fix', async () => {
  const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'claude-gateway-network', ChangeSetName: 'cagw-1', ChangeSetType: 'CREATE', TemplateBody: "Resources:\n  Topic: {Type: 'AWS::SNS::Topic'}\n" }));
  await vi.advanceTimersByTimeAsync(2_000);
  const since = new Date();
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  fake.denyAccess('DescribeStacks');
  const error = await advanceUntilSettled(waitForStack(cfn, 'claude-gateway-network', 'create', since, {
    timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 3 * 3600 }, eventPollMs: 3000, awsProfile: 'team-sso',
  }).catch((e: unknown) => e));
  expect(error).toMatchObject({ code: 'AwsAccessDenied', where: 'AWS_PROFILE=team-sso' });
  expect((error as Error).message).toContain('not authorized to perform: cloudformation:DescribeStacks');
  expect(fake.calls('DescribeStacks')).toBe(1);
});
