// Updates on the fake as the resource specification says: what a change set reports per
// property, a new physical id for a replaced resource, the custom-name refusal, the old resource
// deleted (or kept) after the update, and the rollback that brings it back.
import {
  CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStackEventsCommand, ExecuteChangeSetCommand, type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { expect, test, vi } from 'vitest';
import { useStrictFakeCloudFormation } from './strict-fake-cloudformation.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ pageSize: 50 });

let serial = 0;
async function changeSet(stack: string, type: 'CREATE' | 'UPDATE', body: string, parameters: Record<string, string> = {}) {
  serial += 1;
  const { Id } = await cfn.send(new CreateChangeSetCommand({
    StackName: stack, ChangeSetName: `cs${serial}`, ChangeSetType: type, TemplateBody: body, Capabilities: ['CAPABILITY_NAMED_IAM'],
    Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
  }));
  await vi.advanceTimersByTimeAsync(2_000);
  return { id: Id as string, described: await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id })) };
}
async function run(stack: string, type: 'CREATE' | 'UPDATE', body: string, parameters: Record<string, string> = {}) {
  const { id } = await changeSet(stack, type, body, parameters);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id }));
  await vi.advanceTimersByTimeAsync(60_000);
  return fake.status(stack);
}
async function events(stack: string): Promise<StackEvent[]> {
  return [...((await cfn.send(new DescribeStackEventsCommand({ StackName: stack }))).StackEvents ?? [])].reverse();
}

const NETWORK = `Parameters:
  VpcCidr: {Type: String, Default: '10.20.0.0/16'}
  Description: {Type: String, Default: 'cagw gateway tasks'}
  Delay: {Type: String, Default: '0'}
Resources:
  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: !Ref VpcCidr}}
  Subnet: {Type: 'AWS::EC2::Subnet', Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!Ref VpcCidr, 2, 8]]}}
  TaskSecurityGroup: {Type: 'AWS::EC2::SecurityGroup', Properties: {GroupDescription: !Ref Description, VpcId: 'vpc-0a1b2c3d4e5f60718'}}
  Queue: {Type: 'AWS::SQS::Queue', Properties: {DelaySeconds: !Ref Delay}}
`;

test('a change set says per property what the update does: in place, replaced, or conditional on a replaced resource', async () => {
  fake.seedExisting('AWS::EC2::VPC', 'vpc-0a1b2c3d4e5f60718');
  await run('network', 'CREATE', NETWORK);
  const inPlace = await changeSet('network', 'UPDATE', NETWORK, { Delay: '5' });
  expect(inPlace.described.Changes?.map((c) => c.ResourceChange)).toEqual([{
    Action: 'Modify', LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', Replacement: 'False', Scope: ['Properties'],
    Details: [{ Target: { Attribute: 'Properties', Name: 'DelaySeconds', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'ParameterReference' }],
  }]);
  const replaced = await changeSet('network', 'UPDATE', NETWORK, { VpcCidr: '10.30.0.0/16' });
  const byId = Object.fromEntries((replaced.described.Changes ?? []).map((c) => [c.ResourceChange?.LogicalResourceId, c.ResourceChange]));
  expect(Object.keys(byId)).toEqual(['Vpc', 'Subnet']);
  expect(byId.Vpc).toMatchObject({ Replacement: 'True', Details: [{ Target: { Name: 'CidrBlock', RequiresRecreation: 'Always' }, Evaluation: 'Static' }] });
  // the subnet's CidrBlock changes with the parameter (static, Always: True), its VpcId only when the VPC is replaced (dynamic)
  expect(byId.Subnet).toMatchObject({ Replacement: 'True' });
  expect(byId.Subnet?.Details).toEqual([
    { Target: { Attribute: 'Properties', Name: 'CidrBlock', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'ParameterReference' },
    { Target: { Attribute: 'Properties', Name: 'VpcId', RequiresRecreation: 'Always' }, Evaluation: 'Dynamic', ChangeSource: 'ResourceReference' },
  ]);
});

test('a resource that only refers to a replaced one is Conditional in the change set, and replaced when it runs', async () => {
  const body = `Parameters:
  VpcCidr: {Type: String, Default: '10.20.0.0/16'}
Resources:
  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: !Ref VpcCidr}}
  RouteTable: {Type: 'AWS::EC2::RouteTable', Properties: {VpcId: !Ref Vpc}}
`;
  await run('routes', 'CREATE', body);
  const before = fake.resourcesOf('routes');
  const { described } = await changeSet('routes', 'UPDATE', body, { VpcCidr: '10.30.0.0/16' });
  expect(described.Changes?.map((c) => [c.ResourceChange?.LogicalResourceId, c.ResourceChange?.Replacement])).toEqual([['Vpc', 'True'], ['RouteTable', 'Conditional']]);
  expect(await run('routes', 'UPDATE', body, { VpcCidr: '10.30.0.0/16' })).toBe('UPDATE_COMPLETE');
  const after = fake.resourcesOf('routes');
  expect(after.Vpc).toMatch(/^vpc-0[0-9a-f]{16}$/);
  expect(after.Vpc).not.toBe(before.Vpc);
  expect(after.RouteTable).not.toBe(before.RouteTable);
});

test('a replaced resource gets a new physical id, the old one is deleted in the cleanup phase; an in-place update keeps its id', async () => {
  fake.seedExisting('AWS::EC2::VPC', 'vpc-0a1b2c3d4e5f60718');
  await run('network', 'CREATE', NETWORK);
  const before = fake.resourcesOf('network');
  expect(await run('network', 'UPDATE', NETWORK, { Description: 'cagw gateway tasks (443 from the load balancer)', Delay: '5' })).toBe('UPDATE_COMPLETE');
  const after = fake.resourcesOf('network');
  expect(after.TaskSecurityGroup).toMatch(/^sg-0[0-9a-f]{16}$/);
  expect(after.TaskSecurityGroup).not.toBe(before.TaskSecurityGroup);
  expect(after.Queue).toBe(before.Queue);
  const log = (await events('network')).filter((e) => e.LogicalResourceId === 'TaskSecurityGroup').map((e) => [e.ResourceStatus, e.ResourceStatusReason ?? '', e.PhysicalResourceId ?? '']);
  expect(log.slice(-4)).toEqual([
    ['UPDATE_IN_PROGRESS', 'Requested update requires the creation of a new physical resource; hence creating one.', ''],
    ['UPDATE_COMPLETE', '', after.TaskSecurityGroup],
    ['DELETE_IN_PROGRESS', '', before.TaskSecurityGroup],
    ['DELETE_COMPLETE', '', before.TaskSecurityGroup],
  ]);
  expect((await events('network')).map((e) => e.LogicalResourceId === 'network' && e.ResourceStatus).filter(Boolean).slice(-3)).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);
});

test('replacing a custom-named resource fails the update and rolls it back, the resource as it was', async () => {
  const body = `Parameters:
  Encryption: {Type: String, Default: AES256}
Resources:
  ImageRepository: {Type: 'AWS::ECR::Repository', Properties: {RepositoryName: claude-apps-gateway, EncryptionConfiguration: {EncryptionType: !Ref Encryption}}}
`;
  await run('images', 'CREATE', body);
  const before = fake.resourcesOf('images');
  const { described } = await changeSet('images', 'UPDATE', body, { Encryption: 'KMS' });
  expect(described.Changes?.[0]?.ResourceChange?.Replacement).toBe('True');
  expect(await run('images', 'UPDATE', body, { Encryption: 'KMS' })).toBe('UPDATE_ROLLBACK_COMPLETE');
  const failed = (await events('images')).find((e) => e.ResourceStatus === 'UPDATE_FAILED');
  expect(failed).toMatchObject({
    LogicalResourceId: 'ImageRepository',
    ResourceStatusReason: 'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename claude-apps-gateway and update the stack again.',
  });
  expect(fake.resourcesOf('images')).toEqual(before);
  expect(fake.parametersOf('images')).toEqual({});
  // renaming is the way through: the new name is created, the old repository deleted after
  const renamed = body.replace('RepositoryName: claude-apps-gateway', 'RepositoryName: claude-apps-gateway-kms');
  expect(await run('images', 'UPDATE', renamed, { Encryption: 'KMS' })).toBe('UPDATE_COMPLETE');
  expect(fake.resourcesOf('images')).toEqual({ ImageRepository: 'claude-apps-gateway-kms' });
});

const IDP = `Parameters:
  AdminEmail: {Type: String}
  DomainPrefix: {Type: String}
Resources:
  UserPool: {Type: 'AWS::Cognito::UserPool', Properties: {UserPoolName: claude-gateway-idp-pool}}
  HostedUiDomain: {Type: 'AWS::Cognito::UserPoolDomain', Properties: {UserPoolId: !Ref UserPool, Domain: !Ref DomainPrefix}}
  AdminUser:
    Type: 'AWS::Cognito::UserPoolUser'
    Properties: {UserPoolId: !Ref UserPool, Username: admin, UserAttributes: [{Name: email, Value: !Ref AdminEmail}]}
`;
const idp = (email: string, prefix: string) => ({ AdminEmail: email, DomainPrefix: prefix });

test('a user pool user with a fixed Username cannot be replaced: a new admin email (UserAttributes) fails the update', async () => {
  await run('idp', 'CREATE', IDP, idp('admin@example.com', 'claude-gateway-example'));
  expect(fake.resourcesOf('idp').AdminUser).toBe('admin');
  expect(await run('idp', 'UPDATE', IDP, idp('platform@example.com', 'claude-gateway-example'))).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect((await events('idp')).find((e) => e.ResourceStatus === 'UPDATE_FAILED')?.ResourceStatusReason).toBe(
    'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename admin and update the stack again.');
  expect(fake.parametersOf('idp')).toEqual(idp('admin@example.com', 'claude-gateway-example'));
});

test('a user pool has one domain: a new prefix replaces the domain, whose new one is created first and refused', async () => {
  await run('idp', 'CREATE', IDP, idp('admin@example.com', 'claude-gateway-example'));
  const before = fake.resourcesOf('idp');
  expect(before.HostedUiDomain).toBe('claude-gateway-example');
  expect(await run('idp', 'UPDATE', IDP, idp('admin@example.com', 'claude-gateway-example-2'))).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect((await events('idp')).find((e) => e.ResourceStatus === 'UPDATE_FAILED')).toMatchObject({
    LogicalResourceId: 'HostedUiDomain', ResourceStatusReason: expect.stringMatching(/^User pool already has a domain configured\./),
  });
  expect(fake.resourcesOf('idp')).toEqual(before);
});

test('a second domain for one pool fails its create; a prefix another pool holds fails too', async () => {
  const twoDomains = `${IDP}  SecondDomain: {Type: 'AWS::Cognito::UserPoolDomain', DependsOn: HostedUiDomain, Properties: {UserPoolId: !Ref UserPool, Domain: claude-gateway-other}}\n`;
  expect(await run('idp', 'CREATE', twoDomains, idp('admin@example.com', 'claude-gateway-example'))).toBe('ROLLBACK_COMPLETE');
  expect((await events('idp')).find((e) => e.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toMatch(/^User pool already has a domain configured\./);
  expect(await run('idp-a', 'CREATE', IDP, idp('admin@example.com', 'claude-gateway-example'))).toBe('CREATE_COMPLETE');
  expect(await run('idp-b', 'CREATE', IDP, idp('admin@example.com', 'claude-gateway-example'))).toBe('ROLLBACK_COMPLETE');
  expect((await events('idp-b')).find((e) => e.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toMatch(/^Domain already associated with another user pool\./);
});

test('a replacement undone by a later failure: the new resource goes, the old one is the resource again', async () => {
  fake.seedExisting('AWS::EC2::VPC', 'vpc-0a1b2c3d4e5f60718');
  await run('network', 'CREATE', NETWORK);
  const before = fake.resourcesOf('network');
  fake.failResource('network', 'Queue', 'Resource handler returned message: "Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied."');
  const slowQueue = NETWORK.replace("Queue: {Type: 'AWS::SQS::Queue', Properties: {DelaySeconds: !Ref Delay}}", "Queue: {Type: 'AWS::SQS::Queue', DependsOn: TaskSecurityGroup, Properties: {DelaySeconds: !Ref Delay}}");
  expect(await run('network', 'UPDATE', slowQueue, { Description: 'cagw gateway tasks v2', Delay: '5' })).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(fake.resourcesOf('network')).toEqual(before);
  // the same replacement then succeeds: nothing of the undone one is left holding a name or an id
  expect(await run('network', 'UPDATE', NETWORK, { Description: 'cagw gateway tasks v2' })).toBe('UPDATE_COMPLETE');
  expect(fake.resourcesOf('network').TaskSecurityGroup).not.toBe(before.TaskSecurityGroup);
});

test('UpdateReplacePolicy Retain keeps the old resource in the account under its name', async () => {
  const body = (name: string) => `Resources:
  Logs: {Type: 'AWS::Logs::LogGroup', UpdateReplacePolicy: Retain, DeletionPolicy: Retain, Properties: {LogGroupName: ${name}, RetentionInDays: 30}}
`;
  await run('logs', 'CREATE', body('/cagw/gateway'));
  expect(await run('logs', 'UPDATE', body('/cagw/gateway-v2'))).toBe('UPDATE_COMPLETE');
  expect(fake.leftBehind()).toEqual(['AWS::Logs::LogGroup|/cagw/gateway']);
  expect(fake.resourcesOf('logs')).toEqual({ Logs: '/cagw/gateway-v2' });
});

test('template Rules are evaluated on CreateChangeSet: a failed assertion is a ValidationError with its AssertDescription', async () => {
  const body = `Parameters:
  CertificateArn: {Type: String, Default: ''}
  PublicHostedZoneId: {Type: String, Default: ''}
Rules:
  CertificateSource:
    Assertions:
      - Assert: !Or [!Not [!Equals [!Ref CertificateArn, '']], !Not [!Equals [!Ref PublicHostedZoneId, '']]]
        AssertDescription: 'give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)'
Resources:
  Topic: {Type: 'AWS::SNS::Topic'}
`;
  await expect(changeSet('gateway', 'CREATE', body)).rejects.toMatchObject({
    name: 'ValidationError', message: 'give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)',
  });
  expect(fake.stackNames()).toEqual([]);
  const { described } = await changeSet('gateway', 'CREATE', body, { PublicHostedZoneId: 'Z0123456789ABCDEFGHIJ' });
  expect(described.Status).toBe('CREATE_COMPLETE');
});

test('a logical id that changes its type is refused before any change set exists', async () => {
  await run('queues', 'CREATE', "Resources:\n  Work: {Type: 'AWS::SQS::Queue'}\n");
  await expect(changeSet('queues', 'UPDATE', "Resources:\n  Work: {Type: 'AWS::SNS::Topic'}\n")).rejects.toMatchObject({
    name: 'ValidationError', message: 'Update of resource type is not permitted. The new template modifies resource type of the following resources: [Work]',
  });
  expect(fake.changeSetNames()).toEqual([]);
});
