// The change-set wait against the fake CloudFormation: it ends at once on credentials,
// follows Ctrl-C, never hands back a change set that is still being computed, and every
// CreateChangeSet carries a ClientToken that a retry repeats.
import { CloudFormationClient, CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { changeSetClientToken, createChangeSet, type ChangeSetRequest } from './change-set.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';

const mock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'us-east-1' });
let fake: FakeCloudFormation;
const TIMING = { minDelay: 2, maxDelay: 10, maxWaitTime: 3 * 3600 };

const request: ChangeSetRequest = {
  stackName: 'claude-gateway-network', changeSetName: 'cagw-20261204T140000', type: 'CREATE',
  templateBody: 'Resources:\n  Topic: {Type: AWS::SNS::Topic}\nOutputs:\n  TopicArn: {Value: !Ref Topic}\n', parameters: {}, tags: { 'cagw:prefix': 'claude-gateway' },
};

function install(options: ConstructorParameters<typeof FakeCloudFormation>[0] = {}) {
  mock.reset();
  mock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  fake = new FakeCloudFormation(options);
  fake.install(mock);
}

beforeEach(() => {
  vi.useFakeTimers();
  install();
});
afterEach(() => vi.useRealTimers());

test('credentials that expire during the wait end it at the first failed read, with the login fix', async () => {
  install({ changeSetSeconds: 60 });
  fake.expireCredentialsAfter(2); // the bootstrap lookup and CreateChangeSet pass, every read after them is refused
  const error = await advanceUntilSettled(createChangeSet(cfn, request, TIMING, 'team-sso').catch((e: unknown) => e));
  expect(error).toMatchObject({ code: 'AwsCredentialsExpired', where: 'AWS_PROFILE=team-sso' });
  expect((error as Error).message).toContain('ExpiredToken');
  // the SDK waiter alone would have retried for its whole 3 hours
  expect(fake.calls('DescribeChangeSet')).toBe(1);
});

test('Ctrl-C during the wait stops it', async () => {
  install({ changeSetSeconds: 3600 });
  const controller = new AbortController();
  const pending = createChangeSet(cfn, request, TIMING, undefined, controller.signal).catch((e: unknown) => e);
  await vi.advanceTimersByTimeAsync(30_000);
  controller.abort();
  const error = await advanceUntilSettled(pending);
  expect(error).toMatchObject({ code: 'DeployInterrupted', where: 'claude-gateway-network' });
  expect(fake.calls('DescribeChangeSet')).toBeLessThan(10);
});

test('a change set still being computed when the wait times out is an error, never a result to execute', async () => {
  install({ changeSetSeconds: 1800 });
  const error = await advanceUntilSettled(createChangeSet(cfn, request, { minDelay: 2, maxDelay: 10, maxWaitTime: 120 }).catch((e: unknown) => e));
  expect(error).toMatchObject({ code: 'ChangeSetNotReady', where: 'claude-gateway-network' });
  expect((error as Error).message).toMatch(/still CREATE_(PENDING|IN_PROGRESS)/);
  expect(fake.calls('ExecuteChangeSet')).toBe(0);
});

test('CreateChangeSet carries a ClientToken, the same for a retry of the same request', async () => {
  const sent = await advanceUntilSettled(createChangeSet(cfn, request, TIMING));
  expect(sent.changes?.map((c) => c.logicalId)).toEqual(['Topic']);
  const token = mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ClientToken;
  expect(token).toBe(changeSetClientToken(request));
  expect(changeSetClientToken(request)).not.toBe(changeSetClientToken({ ...request, stackName: 'claude-gateway-database' }));
  expect(changeSetClientToken({ ...request, stackName: 'x'.repeat(200) }).length).toBeLessThanOrEqual(128);
});
