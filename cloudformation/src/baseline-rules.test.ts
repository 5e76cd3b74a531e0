// Each baseline rule is proven to fire: a mutated copy of a shipped template that breaks the
// rule must be caught, while the shipped template itself passes.
import { describe, expect, test } from 'vitest';
import { baselineRules } from './baseline-rules.ts';
import { checkBaseline } from './check-baseline.ts';
import { parseTemplate } from './parse-template.ts';
import { loadTemplate, type StackName } from './stacks.ts';

interface Mutation {
  rule: string;
  stack: StackName;
  from: string | RegExp;
  to: string;
}

const mutations: Mutation[] = [
  { rule: 'ALB_INTERNAL_ONLY', stack: 'gateway', from: 'Scheme: internal', to: 'Scheme: internet-facing' },
  { rule: 'ALB_IPV4_ONLY', stack: 'gateway', from: 'IpAddressType: ipv4', to: 'IpAddressType: dualstack' },
  { rule: 'ALB_IDLE_TIMEOUT', stack: 'gateway', from: '    MinValue: 3600\n', to: '    MinValue: 60\n' },
  { rule: 'ALB_IDLE_TIMEOUT', stack: 'gateway', from: 'Value: !Ref AlbIdleTimeoutSeconds', to: "Value: '60'" },
  { rule: 'TARGET_GROUP_DRAINS_STREAMS', stack: 'gateway', from: "{Key: deregistration_delay.timeout_seconds, Value: '3600'}", to: "{Key: deregistration_delay.timeout_seconds, Value: '30'}" },
  { rule: 'TARGET_GROUP_DRAINS_STREAMS', stack: 'gateway', from: /      TargetGroupAttributes:\n        - \{Key: deregistration_delay.*\n/, to: '' },
  { rule: 'LISTENER_TLS13_POLICY', stack: 'gateway', from: 'SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06', to: 'SslPolicy: ELBSecurityPolicy-2016-08' },
  { rule: 'LISTENER_TLS13_POLICY', stack: 'collector', from: 'Protocol: HTTPS', to: 'Protocol: HTTP' },
  { rule: 'RDS_ENCRYPTED', stack: 'database', from: 'StorageEncrypted: true', to: 'StorageEncrypted: false' },
  { rule: 'RDS_NOT_PUBLIC', stack: 'database', from: 'PubliclyAccessible: false', to: 'PubliclyAccessible: true' },
  { rule: 'RDS_SNAPSHOT_ON_DELETE', stack: 'database', from: 'DeletionPolicy: Snapshot', to: 'DeletionPolicy: Delete' },
  { rule: 'RDS_SNAPSHOT_ON_DELETE', stack: 'database', from: 'UpdateReplacePolicy: Snapshot', to: 'UpdateReplacePolicy: Delete' },
  { rule: 'RDS_DELETION_PROTECTION', stack: 'database', from: 'DeletionProtection: true', to: 'DeletionProtection: false' },
  { rule: 'RDS_FORCE_SSL', stack: 'database', from: "rds.force_ssl: '1'", to: "rds.force_ssl: '0'" },
  { rule: 'RDS_FORCE_SSL', stack: 'database', from: /      DBParameterGroupName: .*\n/, to: '' },
  {
    rule: 'DB_PASSWORD_FROM_SECRETS_MANAGER', stack: 'database',
    from: "MasterUserPassword: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'", to: "MasterUserPassword: 'correct-horse-battery'",
  },
  { rule: 'ECS_NO_PUBLIC_IP', stack: 'gateway', from: 'AssignPublicIp: DISABLED', to: 'AssignPublicIp: ENABLED' },
  { rule: 'ECS_NO_PUBLIC_IP', stack: 'collector', from: /          AssignPublicIp: DISABLED\n/, to: '' },
  { rule: 'ECS_CIRCUIT_BREAKER', stack: 'gateway', from: '{Enable: true, Rollback: true}', to: '{Enable: true, Rollback: false}' },
  { rule: 'ECS_CONTAINER_HEALTHCHECK', stack: 'collector', from: /          HealthCheck:\n(            .*\n)+/, to: '' },
  { rule: 'ECS_DROP_ALL_CAPABILITIES', stack: 'gateway', from: /          LinuxParameters: .*\n/, to: '' },
  { rule: 'ECS_DROP_ALL_CAPABILITIES', stack: 'collector', from: 'Drop: [ALL]}}', to: 'Drop: [ALL], Add: [NET_RAW]}}' },
  { rule: 'SECRETS_NOT_IN_ENVIRONMENT', stack: 'gateway', from: '{Name: GATEWAY_PG_SSLMODE, Value: verify-full}', to: '{Name: GATEWAY_PG_PASSWORD, Value: !Ref DbSecretArn}' },
  {
    rule: 'IAM_NO_WILDCARD_ON_SENSITIVE_ACTIONS', stack: 'gateway',
    from: "Resource: !Sub 'arn:${AWS::Partition}:bedrock:${BedrockRegion}:${AWS::AccountId}:inference-profile/*'", to: "Resource: '*'",
  },
  { rule: 'IAM_NO_WILDCARD_ON_SENSITIVE_ACTIONS', stack: 'gateway', from: "Action: 'secretsmanager:GetSecretValue'", to: "Action: 'secretsmanager:*'" },
  { rule: 'IAM_NO_WILDCARD_ON_SENSITIVE_ACTIONS', stack: 'gateway', from: "Action: 'bedrock:ListInferenceProfiles'", to: "Action: ['bedrock:ListInferenceProfiles', 'bedrock:InvokeModel']" },
  { rule: 'LOG_RETENTION_SET', stack: 'client-vpn', from: '      RetentionInDays: !Ref LogRetentionDays\n', to: '' },
  { rule: 'ECR_IMMUTABLE_SCANNED', stack: 'network', from: 'ImageTagMutability: IMMUTABLE', to: 'ImageTagMutability: MUTABLE' },
  { rule: 'ECR_IMMUTABLE_SCANNED', stack: 'network', from: 'ScanOnPush: true', to: 'ScanOnPush: false' },
  {
    rule: 'SG_EXPLICIT_EGRESS', stack: 'client-vpn',
    from: "{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref VpcCidr, Description: 'the gateway and collector load balancers'}",
    to: "{IpProtocol: '-1', CidrIp: 0.0.0.0/0}",
  },
  { rule: 'SG_EXPLICIT_EGRESS', stack: 'collector', from: /      SecurityGroupEgress:\n        - \{IpProtocol: icmp.*\n/, to: '' },
  { rule: 'SG_NO_WORLD_INGRESS', stack: 'network', from: "CidrIp: !Ref ClientCidr, Description: 'developer machines'", to: "CidrIp: 0.0.0.0/0, Description: 'developer machines'" },
  { rule: 'INGRESS_CIDR_ONLY_TO_HTTPS', stack: 'network', from: 'SourceSecurityGroupId: !Ref AlbSecurityGroup', to: 'CidrIp: !Ref VpcCidr' },
  { rule: 'INGRESS_CIDR_ONLY_TO_HTTPS', stack: 'collector', from: 'SourceSecurityGroupId: !Ref AlbSecurityGroup\n      Description: \'OTLP/HTTP from the load balancer\'', to: "CidrIp: 10.20.0.0/16\n      Description: 'OTLP/HTTP from the VPC'" },
  { rule: 'OTLP_INGRESS_FROM_SECURITY_GROUPS', stack: 'collector', from: 'SourceSecurityGroupId: !Ref GatewayTaskSecurityGroupId', to: 'CidrIp: 10.20.0.0/16' },
  {
    rule: 'OTLP_INGRESS_FROM_SECURITY_GROUPS', stack: 'collector', from: '\n  AlbToOtlp:\n',
    to: "\n  AlbFromVpn:\n    Type: 'AWS::EC2::SecurityGroupIngress'\n    Properties: {GroupId: !Ref AlbSecurityGroup, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.30.0.0/22}\n  AlbToOtlp:\n",
  },
  { rule: 'PARAMETER_SECRET_NOECHO', stack: 'gateway', from: '\nParameters:\n', to: "\nParameters:\n  DbPassword:\n    Description: 'the password'\n    Type: String\n" },
  { rule: 'NO_HARDCODED_ACCOUNT_REGION_PARTITION', stack: 'gateway', from: "!Sub 'arn:${AWS::Partition}:iam::aws:policy", to: "!Sub 'arn:aws:iam::aws:policy" },
  { rule: 'NO_HARDCODED_ACCOUNT_REGION_PARTITION', stack: 'idp-cognito-new', from: 'cognito-idp.${AWS::Region}', to: 'cognito-idp.eu-west-1' },
  { rule: 'NO_HARDCODED_ACCOUNT_REGION_PARTITION', stack: 'gateway', from: ':${AWS::AccountId}:inference-profile/*.', to: ':123456789012:inference-profile/*.' },
  { rule: 'TEMPLATE_SIZE_LIMIT', stack: 'network', from: /$/, to: `\n# ${'padding '.repeat(5000)}\n` },
  { rule: 'SUPPRESSION_INVALID', stack: 'collector', from: /            Reason: .*\n/, to: '' },
  { rule: 'SUPPRESSION_INVALID', stack: 'collector', from: '- Rule: ALB_IDLE_TIMEOUT', to: '- Rule: ALB_IDLE_TIMEOUTS' },
  // trust boundaries (issue 14): load-balancer subnets, subnet roles, MFA, the gateway's database role
  { rule: 'ALB_IN_LOAD_BALANCER_SUBNETS', stack: 'gateway', from: 'Subnets: !Ref LoadBalancerSubnetIds', to: 'Subnets: !Ref PrivateSubnetIds' },
  { rule: 'ALB_IN_LOAD_BALANCER_SUBNETS', stack: 'collector', from: 'Subnets: !Ref LoadBalancerSubnetIds', to: 'Subnets: !Ref PrivateSubnetIds' },
  { rule: 'LOAD_BALANCER_SUBNETS_EXCLUSIVE', stack: 'gateway', from: /( {10}Subnets: )!Ref PrivateSubnetIds/, to: '$1!Ref LoadBalancerSubnetIds' },
  { rule: 'LOAD_BALANCER_SUBNETS_EXCLUSIVE', stack: 'network', from: 'SubnetIds: !If [IsNewVpc, [!Ref PrivateSubnet1, !Ref PrivateSubnet2]', to: 'SubnetIds: !If [IsNewVpc, [!Ref LoadBalancerSubnet1, !Ref LoadBalancerSubnet2]' },
  { rule: 'SUBNET_ROLE_TAGGED', stack: 'network', from: ", {Key: 'cagw:subnet-role', Value: load-balancer}]", to: ']' },
  { rule: 'SUBNET_ROLE_TAGGED', stack: 'network', from: "{Key: 'cagw:subnet-role', Value: private}", to: "{Key: 'cagw:subnet-role', Value: trusted}" },
  { rule: 'COGNITO_MFA_REQUIRED_BY_DEFAULT', stack: 'idp-cognito-new', from: "    Default: 'ON'\n", to: '    Default: OPTIONAL\n' },
  { rule: 'COGNITO_MFA_REQUIRED_BY_DEFAULT', stack: 'idp-cognito-new', from: 'MfaConfiguration: !Ref MfaMode', to: 'MfaConfiguration: OPTIONAL' },
  { rule: 'DB_GATEWAY_NOT_MASTER', stack: 'database', from: '    Value: !Ref GatewayRoleSecret\n', to: '    Value: !Ref DbSecret\n' },
  { rule: 'DB_GATEWAY_NOT_MASTER', stack: 'database', from: /  DbUser:\n(    .*\n)+/, to: '' },
  // IAM conditions (issue 27.7): each template's own, one at a time
  ...(['gateway', 'collector'] as const).flatMap((stack): Mutation[] => [
    { rule: 'ECS_TRUST_SOURCE_ACCOUNT', stack, from: /( {12}Condition: )\{StringEquals: \{'aws:SourceAccount': !Ref 'AWS::AccountId'\}\}\n/, to: '' },
    { rule: 'ECS_TRUST_SOURCE_ACCOUNT', stack, from: /( {14}StringEquals: )\{'aws:SourceAccount': !Ref 'AWS::AccountId'\}/, to: "$1{'aws:SourceAccount': '${AWS::AccountId}'}" },
    { rule: 'ECS_TASK_ROLE_SOURCE_ARN', stack, from: /( {14})ArnLike: \{'aws:SourceArn': .*\n/, to: '' },
    { rule: 'ECS_TASK_ROLE_SOURCE_ARN', stack, from: ':ecs:${AWS::Region}:${AWS::AccountId}:*', to: ':ecs:*:*:*' },
  ]),
  { rule: 'ECS_TRUST_SOURCE_ACCOUNT', stack: 'database', from: /( {12}Condition: )\{StringEquals: \{'aws:SourceAccount': !Ref 'AWS::AccountId'\}\}\n/, to: '' },
  { rule: 'KMS_DECRYPT_VIA_SERVICE', stack: 'database', from: /( {18}Condition: )\{StringEquals: \{'kms:ViaService': .*\n/, to: '' },
  { rule: 'KMS_DECRYPT_VIA_SERVICE', stack: 'gateway', from: /( {18}Condition: )\{StringEquals: \{'kms:ViaService': .*\n/, to: '' },
  { rule: 'PUT_METRIC_DATA_NAMESPACE', stack: 'collector', from: /( {18}Condition: )\{StringLikeIfExists: \{'cloudwatch:namespace'.*\n/, to: '' },
];

async function baselineOf(stack: StackName, mutate?: (text: string) => string) {
  const { body } = await loadTemplate(stack);
  const text = mutate ? mutate(body) : body;
  if (mutate) expect(text, 'the mutation must change the template').not.toBe(body);
  return checkBaseline(parseTemplate(text, `${stack}.yaml`));
}

describe('baseline rules', () => {
  test('every rule has at least one negative fixture', () => {
    const covered = new Set(mutations.map((m) => m.rule));
    expect(baselineRules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test('every rule carries a violation and a fix text, and ids are unique', () => {
    for (const rule of baselineRules) {
      expect(rule.violation.length, rule.id).toBeGreaterThan(15);
      expect(rule.fix.length, rule.id).toBeGreaterThan(10);
    }
    expect(new Set(baselineRules.map((r) => r.id)).size).toBe(baselineRules.length);
  });

  test.each(mutations)('$rule fires on a mutated $stack template ($to)', async ({ rule, stack, from, to }) => {
    expect((await baselineOf(stack)).map((f) => f.rule)).not.toContain(rule);
    const findings = await baselineOf(stack, (text) => text.replace(from, to));
    const hit = findings.find((f) => f.rule === rule);
    expect(hit, JSON.stringify(findings)).toBeDefined();
    expect(hit!.file).toBe(`${stack}.yaml`);
    // the template-wide size rule points at line 1; every other finding at a resource or parameter
    expect(hit!.line).toBeGreaterThan(rule === 'TEMPLATE_SIZE_LIMIT' ? 0 : 1);
  });

  test('a suppression silences exactly the rule it names, on its own resource', async () => {
    const unsuppressed = await baselineOf('collector', (t) => t.replace(/    Metadata:\n      cagw:\n(        .*\n)+/, ''));
    expect(unsuppressed.map((f) => f.rule)).toEqual(['ALB_IDLE_TIMEOUT']);
    const otherRule = await baselineOf('collector', (t) => t.replace('Scheme: internal', 'Scheme: internet-facing'));
    expect(otherRule.map((f) => f.rule)).toEqual(['ALB_INTERNAL_ONLY']);
  });
});
