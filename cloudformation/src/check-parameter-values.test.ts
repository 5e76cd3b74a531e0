// Realistic values for every stack pass the templates' own constraints (so a constraint too
// strict to deploy with is caught here), and the mistakes the deployer could make are named.
import { beforeAll, describe, expect, test } from 'vitest';
import { checkParameterValues } from './check-parameter-values.ts';
import { describeTemplate, type TemplateDescription } from './describe-template.ts';
import { STACK_NAMES, type StackName } from './stacks.ts';

const account = '111122223333';
const secret = (name: string) => `arn:aws:secretsmanager:eu-west-1:${account}:secret:${name}-AbC123`;
const subnets = 'subnet-0123456789abcdef0,subnet-0fedcba9876543210';

// What the deployer passes in a managed-certificate deployment with every option on.
const realistic: Record<StackName, Record<string, string>> = {
  network: {
    VpcCidr: '10.20.8.0/21', SubnetHostBits: '7', ClientCidr: '10.30.0.0/16', NatMode: 'zonal',
    EnableVpcEndpoints: 'true', PrivateZoneName: 'internal.example.com', ImageRepositoryName: 'cagw/claude-gateway',
    AdoptImageRepository: 'true', EnableFlowLogs: 'true', FlowLogRetentionDays: '365',
    ExistingVpcId: 'vpc-0123456789abcdef0', ExistingPrivateSubnetIds: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788', ExistingLoadBalancerSubnetIds: 'subnet-01234567,subnet-89abcdef',
  },
  database: {
    PrivateSubnetIds: subnets, DatabaseSecurityGroupId: 'sg-0123456789abcdef0', DBInstanceClass: 'db.m7g.large',
    DBEngineVersion: '16.6', AllocatedStorageGiB: '50', MultiAzDatabase: 'true', BackupRetentionDays: '14',
    StorageKmsKeyArn: `arn:aws:kms:eu-west-1:${account}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
    RoleTaskSecurityGroupId: 'sg-0fedcba9876543210', DbClientImageUri: `public.ecr.aws/docker/library/postgres@sha256:${'5e'.repeat(32)}`, LogRetentionDays: '90',
  },
  'idp-cognito-new': {
    GatewayHostname: 'claude-gateway.example.com', HostedUiDomainPrefix: 'acme-claude', AdminEmail: 'platform+admin@example.com',
    MfaMode: 'ON', FullAccessGroupName: 'platform', RestrictedGroupName: 'contractor', AdminGroupName: 'platform-finops',
  },
  'idp-cognito-existing': {
    GatewayHostname: 'claude-gateway.example.com', UserPoolId: 'eu-west-1_AbCdEf123', IdentityProviders: 'COGNITO,AzureAD', HostedUiDomainPrefix: '',
  },
  collector: {
    VpcId: 'vpc-0123456789abcdef0', GatewayTaskSecurityGroupId: 'sg-0fedcba9876543210', PrivateSubnetIds: subnets, PrivateHostedZoneId: 'Z0123456789ABCDEFGHIJ',
    LoadBalancerSubnetIds: 'subnet-0a1b2c3d4e5f67890,subnet-09f8e7d6c5b4a3210',
    CollectorImageUri: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${'a1'.repeat(32)}`,
    CollectorConfig: 'receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 0.0.0.0:4318\n', ExportMode: 'emf',
    // the configuration continued, when it outgrows one parameter value
    CollectorConfigPart2: 'exporters:\n  awsemf:\n    region: us-east-1\n', CollectorConfigPart3: '', CollectorConfigPart4: '',
    LogRetentionDays: '365', CollectorHostname: 'claude-otel.example.com', PublicHostedZoneId: 'Z1D633PJN98FT9', CertificateArn: '',
  },
  gateway: {
    VpcId: 'vpc-0123456789abcdef0', PrivateSubnetIds: subnets, LoadBalancerSubnetIds: 'subnet-0a1b2c3d4e5f67890,subnet-09f8e7d6c5b4a3210', AlbSecurityGroupId: 'sg-0123456789abcdef0', TaskSecurityGroupId: 'sg-0fedcba9876543210',
    DbEndpointAddress: 'cagw-database-database-abc123.cx1y2z3.eu-west-1.rds.amazonaws.com', DbEndpointPort: '5432', DbName: 'gateway', DbUser: 'gateway',
    DbSecretArn: secret('DbSecret-x1y2z3'), GatewayImageUri: `${account}.dkr.ecr.eu-west-1.amazonaws.com/cagw/claude-gateway@sha256:${'0f'.repeat(32)}`,
    GatewayConfigPacked: 'H4sIAAAAAAAAA+1Y23LbNhB9z1dg+OzOgKRIkdQ3eZJpZ6YzfehDJgaJlYQaJFgAlOVk8u8FRd3sOHbiJmmn9QsH3Muzu2fPAvj06RUi5P6Xc0gy4mB4q/GE6FoGb1JNRj+gi4Ifd7kHo7NcxzjyUwhD8XAP9eeebf1cjd0etMSX8FZ8SLWzGuA0m8YnxS4ysvQe6lhvg8GbPy5h+mM4X1xjZdDoc8x1AaF1f8/2m9dcoG5w8NqgHzRUbI3mzUvUBz9ZGWl4fzX2PFr10q8BHJDHzgtAAA=',
    CpuArchitecture: 'ARM64', TaskCpu: '2048', TaskMemory: '4096', LogRetentionDays: '400',
    OidcIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', OidcClientId: '4t7abcdefghijklmnopqrstuvw',
    OidcClientSecretArn: secret('GatewayClientSecret-AbCdEfGh'), AdminWriteKeyArn: secret('cagw/admin-write-key'),
    SecretsKmsKeyArn: `arn:aws:kms:eu-west-1:${account}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`, BedrockRegion: 'eu-west-1',
    BedrockModelPatterns: 'anthropic.claude-sonnet-4-6*,anthropic.claude-haiku-4-5-20251001-v1:0', GatewayHostname: 'claude-gateway.example.com',
    BedrockInvokeRegions: 'eu-west-1,eu-*', CollectorTokenSecretArn: secret('GatewayToken-AbCdEfGh'), PreviousJwtSecretArn: secret('cagw-jwt-previous'), AccessLogs: 'true', ElbLogDeliveryAccountId: '156460612806',
    PublicHostedZoneId: 'Z1D633PJN98FT9', CertificateArn: '', PrivateHostedZoneId: 'Z0123456789ABCDEFGHIJ', AlbIdleTimeoutSeconds: '3600',
    MinTasks: '3', MaxTasks: '12', TargetCpuPercent: '55', TargetConnectionsPerTask: '300',
  },
  'client-vpn': {
    VpcId: 'vpc-0123456789abcdef0', VpcCidr: '10.20.8.0/21', PrivateSubnetIds: subnets, VpcDnsResolverIp: '10.20.8.2',
    ClientCidrBlock: '10.30.0.0/22', ServerCertificateArn: `arn:aws:acm:eu-west-1:${account}:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
    ClientRootCertificateArn: `arn:aws:acm:eu-west-1:${account}:certificate/9a1b2c3d-4e5f-6789-abcd-ef0123456789`, SessionTimeoutHours: '24', LogRetentionDays: '30',
  },
};

const described = {} as Record<StackName, TemplateDescription>;
beforeAll(async () => {
  for (const stack of STACK_NAMES) described[stack] = await describeTemplate(stack);
});

describe('checkParameterValues', () => {
  test.each([...STACK_NAMES])('realistic values for %s, every parameter given, are accepted', (stack) => {
    expect(Object.keys(realistic[stack]).sort()).toEqual(described[stack].parameters.map((p) => p.name).sort());
    expect(checkParameterValues(described[stack], realistic[stack]).map((e) => e.message)).toEqual([]);
  });

  test('a missing required parameter and an unknown one are both reported', () => {
    const { DbSecretArn: _omitted, ...rest } = realistic.gateway;
    const problems = checkParameterValues(described.gateway, { ...rest, DbPassword: 'x' });
    expect(problems.map((p) => p.code).sort()).toEqual(['StackParameterMissing', 'StackParameterUnknown']);
    expect(problems.find((p) => p.code === 'StackParameterMissing')!.message).toContain('DbSecretArn');
  });

  test.each([
    ['gateway', 'OidcClientSecretArn', `arn:aws:secretsmanager:eu-west-1:${account}:secret:my-oidc`, 'the full ARN'],
    ['gateway', 'GatewayImageUri', `${account}.dkr.ecr.eu-west-1.amazonaws.com/claude-gateway:2.1.330`, 'pinned by digest'],
    ['gateway', 'BedrockModelPatterns', 'anthropic.claude-sonnet-4-6*,amazon.nova-pro*', 'anthropic.'],
    ['gateway', 'GatewayConfigPacked', 'x'.repeat(4097), 'base64'],
    ['gateway', 'MinTasks', '1', 'from 2 to 50'],
    ['network', 'ClientCidr', '0.0.0.0/0', '0.0.0.0/0 is refused'],
    ['database', 'DBEngineVersion', '15.4', 'PostgreSQL 16'],
    ['database', 'DbClientImageUri', 'public.ecr.aws/docker/library/postgres:16-alpine', 'pinned by digest'],
    ['network', 'SubnetHostBits', '4', '5 (/27 subnets)'],
    ['network', 'ExistingPrivateSubnetIds', 'subnet-0a1b2c3d4e5f60718', 'two or more subnet ids'],
    ['collector', 'CollectorImageUri', 'public.ecr.aws/aws-observability/aws-otel-collector:latest', 'pinned by digest'],
  ] as const)('%s %s = %j is refused with the constraint as the fix', (stack, name, value, fix) => {
    const problems = checkParameterValues(described[stack], { ...realistic[stack], [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual(expect.objectContaining({ code: 'StackParameterInvalid', where: `${stack} stack parameter ${name}` }));
    expect(problems[0]!.fix).toContain(fix);
  });
});
