// The fake's own behaviour, checked against its document (fake-cloudformation.md), so the
// deployer's tests stand on something known.
import {
  CloudFormationClient, CreateChangeSetCommand, DeleteChangeSetCommand, DeleteStackCommand, DescribeChangeSetCommand,
  DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { FakeCloudFormation } from './fake-cloudformation.ts';

const mock = mockClient(CloudFormationClient);
const fake = new FakeCloudFormation({ pageSize: 2, createSeconds: () => 10 });
const cfn = new CloudFormationClient({ region: 'us-east-1' });

const TEMPLATE = `Parameters:
  Size: {Type: String}
  WithExtra: {Type: String, Default: 'false'}
Conditions:
  HasExtra: !Equals [!Ref WithExtra, 'true']
Resources:
  First: {Type: 'AWS::SNS::Topic', Properties: {DisplayName: !Ref Size}}
  Second: {Type: 'AWS::SQS::Queue', Properties: {Tag: !GetAtt First.TopicName}}
  Extra: {Type: 'AWS::SQS::Queue', Condition: HasExtra}
Outputs:
  TopicArn: {Value: !Ref First}
`;
const params = (size: string, extra = 'false') => [{ ParameterKey: 'Size', ParameterValue: size }, { ParameterKey: 'WithExtra', ParameterValue: extra }];

beforeEach(() => {
  vi.useFakeTimers();
  mock.reset();
  mock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  fake.reset();
  fake.install(mock);
});
afterEach(() => vi.useRealTimers());

async function changeSet(type: 'CREATE' | 'UPDATE', parameters = params('s'), name = `cs${Math.random().toString(36).slice(2, 8)}`) {
  const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'app', ChangeSetName: name, ChangeSetType: type, TemplateBody: TEMPLATE, Parameters: parameters }));
  await vi.advanceTimersByTimeAsync(2_000);
  return { id: Id as string, described: await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id })) };
}

test('a create follows dependencies: the stack takes its critical path, and outputs appear at the end', async () => {
  const { id, described } = await changeSet('CREATE');
  expect(described.Status).toBe('CREATE_COMPLETE');
  expect(described.Changes?.map((c) => c.ResourceChange?.LogicalResourceId)).toEqual(['First', 'Second']); // Extra's condition is false
  expect(fake.status('app')).toBe('REVIEW_IN_PROGRESS');
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id }));
  await vi.advanceTimersByTimeAsync(15_000);
  expect(fake.status('app')).toBe('CREATE_IN_PROGRESS'); // Second waits for First
  await vi.advanceTimersByTimeAsync(10_000);
  expect(fake.status('app')).toBe('CREATE_COMPLETE');
  expect(Object.keys(fake.outputsOf('app'))).toEqual(['TopicArn']);
});

test('an identical update is a FAILED change set that says there are no changes; a changed parameter modifies only what refers to it', async () => {
  const created = await changeSet('CREATE');
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.id }));
  await vi.advanceTimersByTimeAsync(30_000);
  const same = await changeSet('UPDATE');
  expect(same.described.Status).toBe('FAILED');
  expect(same.described.StatusReason).toMatch(/didn't contain changes/);
  const changed = await changeSet('UPDATE', params('m', 'true'));
  expect(changed.described.Changes?.map((c) => [c.ResourceChange?.Action, c.ResourceChange?.LogicalResourceId])).toEqual([['Modify', 'First'], ['Add', 'Extra']]);
});

test('requests CloudFormation refuses are refused the same way', async () => {
  await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'app', ChangeSetName: 'a', ChangeSetType: 'UPDATE', TemplateBody: TEMPLATE, Parameters: params('s') }))).rejects.toThrow(/does not exist/);
  await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'app', ChangeSetName: 'a', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: [] }))).rejects.toThrow('Parameters: [Size] must have values');
  await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'app', ChangeSetName: 'a', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: [...params('s'), { ParameterKey: 'Nope', ParameterValue: 'x' }] }))).rejects.toThrow('Parameters: [Nope] do not exist in the template');
  await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'app', ChangeSetName: 'a', ChangeSetType: 'CREATE', TemplateBody: 'Resources:\n  R: {Type: AWS::IAM::Role}\n' }))).rejects.toMatchObject({ name: 'InsufficientCapabilitiesException' });
});

test('a failed resource rolls a create back to ROLLBACK_COMPLETE; the events page newest first', async () => {
  fake.failResource('app', 'First', 'Topic quota reached');
  const { id } = await changeSet('CREATE');
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id }));
  await vi.advanceTimersByTimeAsync(30_000);
  expect(fake.status('app')).toBe('ROLLBACK_COMPLETE');
  const page = await cfn.send(new DescribeStackEventsCommand({ StackName: 'app' }));
  expect(page.StackEvents).toHaveLength(2);
  expect(page.StackEvents?.[0]?.ResourceStatus).toBe('ROLLBACK_COMPLETE');
  expect(page.NextToken).toBeDefined();
  await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'app', ChangeSetName: 'b', ChangeSetType: 'UPDATE', TemplateBody: TEMPLATE, Parameters: params('s') }))).rejects.toThrow(/ROLLBACK_COMPLETE state and can not be updated/);
});

test('faults: throttling for n calls, then expired credentials for every call', async () => {
  fake.throttle('DescribeStacks', 1);
  await expect(cfn.send(new DescribeStacksCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
  await expect(cfn.send(new DescribeStacksCommand({}))).resolves.toMatchObject({ Stacks: [] });
  fake.expireCredentialsAfter(1);
  await cfn.send(new DescribeStacksCommand({}));
  await expect(cfn.send(new DescribeStacksCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
});

test('deleting a change set leaves the reviewed stack; deleting the stack removes it', async () => {
  const { id } = await changeSet('CREATE');
  await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id }));
  expect(fake.changeSetNames()).toEqual([]);
  expect(fake.status('app')).toBe('REVIEW_IN_PROGRESS');
  await cfn.send(new DeleteStackCommand({ StackName: 'app' }));
  await vi.advanceTimersByTimeAsync(10_000);
  await expect(cfn.send(new DescribeStacksCommand({ StackName: 'app' }))).rejects.toThrow(/does not exist/);
});
