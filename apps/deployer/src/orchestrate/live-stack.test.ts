// Reading a stack as it is: one only reviewed has no template to read, one whose delete failed
// lists what it still holds.
import { CloudFormationClient, CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { readLiveStack } from './live-stack.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';

const mock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'us-east-1' });
const fake = new FakeCloudFormation();

beforeEach(() => {
  mock.reset();
  mock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  fake.reset();
  fake.install(mock);
});

test('a stack left in REVIEW_IN_PROGRESS is read without GetTemplate, which has nothing to answer', async () => {
  await cfn.send(new CreateChangeSetCommand({ StackName: 'claude-gateway-vpn', ChangeSetName: 'cagw-1', ChangeSetType: 'CREATE', TemplateBody: "Resources:\n  Topic: {Type: 'AWS::SNS::Topic'}\n" }));
  const live = await readLiveStack(cfn, 'claude-gateway-vpn');
  expect(live).toMatchObject({ status: 'REVIEW_IN_PROGRESS', templateBody: '' });
  expect(fake.calls('GetTemplate')).toBe(0);
});
