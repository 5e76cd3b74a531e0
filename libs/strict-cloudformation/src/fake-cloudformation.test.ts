// The fake's own behaviour, checked against its document (fake-cloudformation.md), so the
// deployer's tests stand on something known.
import {
  CreateChangeSetCommand, DeleteChangeSetCommand, DeleteStackCommand, DescribeChangeSetCommand,
  DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand, GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { expect, test, vi } from 'vitest';
import { useStrictFakeCloudFormation } from './strict-fake-cloudformation.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ pageSize: 2, createSeconds: () => 10 });

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

// ── what CloudFormation refuses, refused the same way ───────────────────────
const create = (StackName: string, TemplateBody: string, Parameters: { ParameterKey: string; ParameterValue: string }[] = [], extra: Record<string, unknown> = {}) =>
  cfn.send(new CreateChangeSetCommand({ StackName, ChangeSetName: 'cs1', ChangeSetType: 'CREATE', TemplateBody, Parameters, ...extra }));
async function deployed(stackName: string, body: string, parameters: { ParameterKey: string; ParameterValue: string }[] = []) {
  const { Id } = await create(stackName, body, parameters);
  await vi.advanceTimersByTimeAsync(2_000);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  await vi.advanceTimersByTimeAsync(60_000);
  return fake.status(stackName);
}

test('a TemplateBody over 51,200 bytes is refused; the same template from S3 through TemplateURL is taken', async () => {
  const big = `Resources:\n  T: {Type: 'AWS::SNS::Topic'}\n${'# padding\n'.repeat(5200)}`;
  expect(Buffer.byteLength(big)).toBeGreaterThan(51_200);
  await expect(create('big', big)).rejects.toThrow(/templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200/);
  await expect(create('big', '', [], { TemplateBody: undefined, TemplateURL: 'https://cagw-staging.s3.us-east-1.amazonaws.com/big.yaml' })).rejects.toThrow(/TemplateURL must reference a valid S3 object/);
  fake.putTemplateObject('https://cagw-staging.s3.us-east-1.amazonaws.com/big.yaml', big);
  await expect(create('big', '', [], { TemplateBody: undefined, TemplateURL: 'https://cagw-staging.s3.us-east-1.amazonaws.com/big.yaml' })).resolves.toMatchObject({ Id: expect.stringMatching(/^arn:aws:cloudformation:us-east-1:123456789012:changeSet\/cs1\//) });
});

test('a parameter value over 4,096 bytes is refused, counted in UTF-8 bytes; 4,096 bytes are taken', async () => {
  const body = `Parameters:\n  Config: {Type: String}\nResources:\n  T: {Type: 'AWS::SNS::Topic'}\n`;
  // 2,049 two-byte characters: under 4,096 characters, over 4,096 bytes
  await expect(create('big-param', body, [{ ParameterKey: 'Config', ParameterValue: 'é'.repeat(2049) }])).rejects.toThrow('Parameters: [Config] have values longer than the maximum of 4096 bytes');
  await expect(create('big-param', body, [{ ParameterKey: 'Config', ParameterValue: 'a'.repeat(4096) }])).resolves.toMatchObject({ Id: expect.any(String) });
});

test('parameter values are held to AllowedPattern, AllowedValues, lengths, range and AWS-specific types', async () => {
  const body = `Parameters:
  Cidr: {Type: String, AllowedPattern: '\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+', ConstraintDescription: 'a CIDR block'}
  Mode: {Type: String, AllowedValues: [native, emf], Default: native}
  Tasks: {Type: Number, MinValue: 2, MaxValue: 10, Default: 2}
  Name: {Type: String, MinLength: 3, Default: abc}
  Vpc: {Type: 'AWS::EC2::VPC::Id'}
Resources:
  T: {Type: 'AWS::SNS::Topic'}
`;
  const ok = { Cidr: '10.0.0.0/16', Mode: 'emf', Tasks: '4', Name: 'gateway', Vpc: 'vpc-0a1b2c3d4e5f67890' };
  const p = (over: Partial<typeof ok>) => Object.entries({ ...ok, ...over }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  await expect(create('p', body, p({ Cidr: '10.0.0.0' }))).rejects.toThrow("Parameter 'Cidr' failed to satisfy constraint: a CIDR block");
  await expect(create('p', body, p({ Mode: 'otlp' }))).rejects.toThrow(/Parameter 'Mode' failed to satisfy constraint: "otlp" is not one of native, emf/);
  await expect(create('p', body, p({ Tasks: '1' }))).rejects.toThrow(/Parameter 'Tasks' .* is below 2/);
  await expect(create('p', body, p({ Name: 'ab' }))).rejects.toThrow(/Parameter 'Name' .* shorter than 3/);
  await expect(create('p', body, p({}))).rejects.toThrow('Parameter validation failed: parameter value vpc-0a1b2c3d4e5f67890 for parameter name Vpc does not exist. Rerun the command with a valid value.');
  fake.seedExisting('AWS::EC2::VPC', 'vpc-0a1b2c3d4e5f67890');
  await expect(create('p', body, p({}))).resolves.toMatchObject({ StackId: expect.stringMatching(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/p\/[0-9a-f-]{36}$/) });
  // a VPC another stack made is known too, by its real-shaped physical id
  expect(await deployed('net', "Resources:\n  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.1.0.0/16}}\nOutputs:\n  VpcId: {Value: !Ref Vpc}\n")).toBe('CREATE_COMPLETE');
  expect(fake.outputsOf('net').VpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
  await expect(create('p2', body, p({ Vpc: fake.outputsOf('net').VpcId }))).resolves.toBeDefined();
});

test('a physical name is unique across stacks; a retained resource keeps its name after its stack is gone', async () => {
  const repo = "Resources:\n  Repo: {Type: 'AWS::ECR::Repository', DeletionPolicy: Retain, Properties: {RepositoryName: claude-apps-gateway}}\n";
  expect(await deployed('one', repo)).toBe('CREATE_COMPLETE');
  expect(await deployed('two', repo)).toBe('ROLLBACK_COMPLETE');
  await cfn.send(new DeleteStackCommand({ StackName: 'two' }));
  await cfn.send(new DeleteStackCommand({ StackName: 'one' }));
  await vi.advanceTimersByTimeAsync(10_000);
  expect(fake.stackNames()).toEqual([]);
  expect(fake.leftBehind()).toEqual(['AWS::ECR::Repository|claude-apps-gateway']);
  expect(await deployed('one', repo)).toBe('ROLLBACK_COMPLETE');
  let token: string | undefined;
  const reasons: string[] = [];
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: 'one', NextToken: token }));
    reasons.push(...(page.StackEvents ?? []).map((e) => e.ResourceStatusReason ?? ''));
    token = page.NextToken;
  } while (token);
  expect(reasons).toContain("Resource of type 'AWS::ECR::Repository' with identifier 'claude-apps-gateway' already exists.");
});

test('DeleteStack is refused while an operation runs; a protected database ends DELETE_FAILED until its protection is lifted', async () => {
  const db = "Resources:\n  Db: {Type: 'AWS::RDS::DBInstance', DeletionPolicy: Snapshot, Properties: {Engine: postgres, DeletionProtection: true}}\n  Group: {Type: 'AWS::SNS::Topic'}\n";
  const { Id } = await create('db', db);
  await vi.advanceTimersByTimeAsync(2_000);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  await vi.advanceTimersByTimeAsync(1_000);
  expect(fake.status('db')).toBe('CREATE_IN_PROGRESS');
  await expect(cfn.send(new DeleteStackCommand({ StackName: 'db' }))).rejects.toThrow('Stack [db] cannot be deleted while in status CREATE_IN_PROGRESS');
  await vi.advanceTimersByTimeAsync(30_000);
  await cfn.send(new DeleteStackCommand({ StackName: 'db' }));
  await vi.advanceTimersByTimeAsync(10_000);
  expect(fake.status('db')).toBe('DELETE_FAILED');
  expect(Object.keys(fake.resourcesOf('db'))).toEqual(['Db']); // what could go went
  await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'db', ChangeSetName: 'x', ChangeSetType: 'UPDATE', TemplateBody: db }))).rejects.toThrow(/DELETE_FAILED state and can not be updated/);
  expect(fake.liftDeletionProtection(fake.resourcesOf('db').Db as string)).toBe(true);
  await cfn.send(new DeleteStackCommand({ StackName: 'db' }));
  await vi.advanceTimersByTimeAsync(10_000);
  expect(fake.stackNames()).toEqual([]);
  expect(fake.snapshots).toHaveLength(1);
});

test('an update that removes a resource passes through the cleanup phase; outputs whose condition is false are absent', async () => {
  const body = `Parameters:
  WithExtra: {Type: String, Default: 'true'}
Conditions:
  HasExtra: !Equals [!Ref WithExtra, 'true']
Resources:
  T: {Type: 'AWS::SNS::Topic'}
  Extra: {Type: 'AWS::SQS::Queue', Condition: HasExtra}
Outputs:
  ExtraUrl: {Condition: HasExtra, Value: !Ref Extra}
`;
  expect(await deployed('c', body)).toBe('CREATE_COMPLETE');
  expect(fake.outputsOf('c').ExtraUrl).toMatch(/^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\//);
  const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'c', ChangeSetName: 'u', ChangeSetType: 'UPDATE', TemplateBody: body, Parameters: [{ ParameterKey: 'WithExtra', ParameterValue: 'false' }] }));
  await vi.advanceTimersByTimeAsync(2_000);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  const seen = new Set<string>();
  for (let i = 0; i < 30; i++) {
    await vi.advanceTimersByTimeAsync(500);
    seen.add(fake.status('c') as string);
  }
  expect([...seen]).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE'].filter((s) => seen.has(s)));
  expect(seen.has('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')).toBe(true);
  expect(fake.outputsOf('c')).toEqual({});
});

test('DescribeChangeSet pages its changes; GetTemplate of a stack only reviewed is refused; a ClientToken makes a retry the same change set', async () => {
  const body = `Resources:\n${['A', 'B', 'C', 'D', 'E'].map((x) => `  ${x}: {Type: 'AWS::SNS::Topic'}`).join('\n')}\n`;
  const first = await create('r', body, [], { ClientToken: 'cagw-1-r' });
  await expect(create('r', body, [], { ClientToken: 'cagw-1-r' })).resolves.toMatchObject({ Id: first.Id });
  await expect(create('r', body, [], { ClientToken: 'other' })).rejects.toMatchObject({ name: 'AlreadyExistsException' });
  await vi.advanceTimersByTimeAsync(2_000);
  const page1 = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: first.Id }));
  expect(page1.Changes).toHaveLength(2);
  const page2 = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: first.Id, NextToken: page1.NextToken }));
  const page3 = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: first.Id, NextToken: page2.NextToken }));
  expect([...(page1.Changes ?? []), ...(page2.Changes ?? []), ...(page3.Changes ?? [])].map((c) => c.ResourceChange?.LogicalResourceId)).toEqual(['A', 'B', 'C', 'D', 'E']);
  expect(page3.NextToken).toBeUndefined();
  await expect(cfn.send(new GetTemplateCommand({ StackName: 'r' }))).rejects.toThrow(/REVIEW_IN_PROGRESS/);
});
