// The security baseline every cagw template keeps, as data: which resources a rule looks at,
// the test, the violation in words and the fix. A resource may opt out of one rule with
// Metadata.cagw.Suppress: [{ Rule: <id>, Reason: <why> }] — never with a global ignore list.
import type { BaselineRule } from './baseline-rule.ts';
import { intrinsicOf } from './intrinsics.ts';
import { iamConditionRules } from './iam-condition-rules.ts';
import { trustBoundaryRules } from './trust-boundary-rules.ts';
import {
  asArray, asRecord, getIn, policyStatements, possibleValues, smallestNumber, stringLeaves,
} from './template-values.ts';

/** The inline template limit of CreateStack / CreateChangeSet with TemplateBody. */
export const INLINE_TEMPLATE_LIMIT_BYTES = 51_200;
export const MIN_GATEWAY_IDLE_TIMEOUT_SECONDS = 3600;
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const IAM_TYPES = ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::User', 'AWS::IAM::Group'];
const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** OTLP over HTTP, the port of the collector's receiver and target group. */
const OTLP_HTTP_PORT = 4318;

/** The ingress rules a security group or a stand-alone ingress resource declares. */
const ingressRules = (r: { Type: string; Properties: Record<string, unknown> }): Record<string, unknown>[] =>
  (r.Type === 'AWS::EC2::SecurityGroup' ? asArray(r.Properties.SecurityGroupIngress).flatMap(possibleValues) : [r.Properties]).map(asRecord);
const hasCidrSource = (i: Record<string, unknown>) => i.CidrIp !== undefined || i.CidrIpv6 !== undefined || i.SourcePrefixListId !== undefined;

const attribute = (props: Record<string, unknown>, key: string): unknown[] =>
  asArray(props.LoadBalancerAttributes).flatMap(possibleValues).map(asRecord).filter((a) => a.Key === key).map((a) => a.Value);

// Secret-looking names: a value under such a name must come from Secrets Manager
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|PRIVATE_?KEY|WRITE_?KEY|API_?KEY)/i;

// IAM actions that accept resource ARNs; Bedrock's List* actions do not, so they may use '*'
const SENSITIVE_ACTION = /^(bedrock|secretsmanager):/i;
const isListAction = (action: string) => /^bedrock:List/i.test(action);

export const baselineRules: BaselineRule[] = [
  {
    id: 'ALB_INTERNAL_ONLY', scope: 'resource', appliesTo: [LOAD_BALANCER], at: ['Properties', 'Scheme'],
    check: (r) => r.Properties.Scheme === 'internal',
    violation: 'the load balancer is internet-facing (Scheme is not internal)',
    fix: 'set Scheme: internal; clients reach it over the VPN or a private network',
  },
  {
    id: 'ALB_IPV4_ONLY', scope: 'resource', appliesTo: [LOAD_BALANCER], at: ['Properties', 'IpAddressType'],
    check: (r) => r.Properties.IpAddressType === 'ipv4',
    violation: 'the load balancer is not IPv4-only: a dual-stack ALB publishes public-range AAAA records and /login rejects the host',
    fix: 'set IpAddressType: ipv4',
  },
  {
    id: 'ALB_IDLE_TIMEOUT', scope: 'resource', appliesTo: [LOAD_BALANCER], at: ['Properties', 'LoadBalancerAttributes'],
    check: (r, body) => attribute(r.Properties, 'idle_timeout.timeout_seconds')
      .some((v) => (smallestNumber(v, body) ?? 0) >= MIN_GATEWAY_IDLE_TIMEOUT_SECONDS),
    violation: `the load balancer idle timeout can be below ${MIN_GATEWAY_IDLE_TIMEOUT_SECONDS} s, which cuts long streaming responses`,
    fix: `set LoadBalancerAttributes idle_timeout.timeout_seconds to at least ${MIN_GATEWAY_IDLE_TIMEOUT_SECONDS} (a parameter needs MinValue ${MIN_GATEWAY_IDLE_TIMEOUT_SECONDS})`,
  },
  {
    id: 'TARGET_GROUP_DRAINS_STREAMS', scope: 'resource', appliesTo: ['AWS::ElasticLoadBalancingV2::TargetGroup'], at: ['Properties', 'TargetGroupAttributes'],
    check: (r, body) => asArray(r.Properties.TargetGroupAttributes).flatMap(possibleValues).map(asRecord)
      .filter((a) => a.Key === 'deregistration_delay.timeout_seconds')
      .some((a) => (smallestNumber(a.Value, body) ?? 0) >= MIN_GATEWAY_IDLE_TIMEOUT_SECONDS),
    violation: `the target group drains a stopping task for less than ${MIN_GATEWAY_IDLE_TIMEOUT_SECONDS} s (ELB default 300 s), so every deploy and scale-in cuts longer streaming responses`,
    fix: `set TargetGroupAttributes deregistration_delay.timeout_seconds to ${MIN_GATEWAY_IDLE_TIMEOUT_SECONDS}, the most ELB accepts`,
  },
  {
    id: 'LISTENER_TLS13_POLICY', scope: 'resource', appliesTo: ['AWS::ElasticLoadBalancingV2::Listener'], at: ['Properties', 'SslPolicy'],
    check: (r) => r.Properties.Protocol === 'HTTPS' && r.Properties.SslPolicy === TLS_POLICY,
    violation: `the listener is not HTTPS with ${TLS_POLICY} (without a policy the ALB accepts TLS 1.0 and 1.1)`,
    fix: `set Protocol: HTTPS and SslPolicy: ${TLS_POLICY}; serve no plain HTTP listener`,
  },
  {
    id: 'RDS_ENCRYPTED', scope: 'resource', appliesTo: [DB_INSTANCE], at: ['Properties', 'StorageEncrypted'],
    check: (r) => r.Properties.StorageEncrypted === true,
    violation: 'the database storage is not encrypted',
    fix: 'set StorageEncrypted: true (encryption cannot be added to an existing instance later)',
  },
  {
    id: 'RDS_NOT_PUBLIC', scope: 'resource', appliesTo: [DB_INSTANCE], at: ['Properties', 'PubliclyAccessible'],
    check: (r) => r.Properties.PubliclyAccessible === false,
    violation: 'the database is not explicitly private (PubliclyAccessible is not false)',
    fix: 'set PubliclyAccessible: false',
  },
  {
    id: 'RDS_SNAPSHOT_ON_DELETE', scope: 'resource', appliesTo: [DB_INSTANCE], at: ['DeletionPolicy'],
    check: (r) => r.raw.DeletionPolicy === 'Snapshot' && r.raw.UpdateReplacePolicy === 'Snapshot',
    violation: 'deleting or replacing the database would lose the spend and audit tables (no Snapshot policy)',
    fix: 'set DeletionPolicy: Snapshot and UpdateReplacePolicy: Snapshot on the DB instance',
  },
  {
    id: 'RDS_DELETION_PROTECTION', scope: 'resource', appliesTo: [DB_INSTANCE], at: ['Properties', 'DeletionProtection'],
    check: (r) => r.Properties.DeletionProtection === true,
    violation: 'the database has no deletion protection',
    fix: 'set DeletionProtection: true (cagw destroy turns it off explicitly)',
  },
  {
    id: 'RDS_FORCE_SSL', scope: 'resource', appliesTo: [DB_INSTANCE], at: ['Properties', 'DBParameterGroupName'],
    check: (r, body) => {
      const call = intrinsicOf(r.Properties.DBParameterGroupName);
      if (call?.fn !== 'Ref' || typeof call.arg !== 'string') return false;
      const group = asRecord(asRecord(body.Resources)[call.arg]);
      return String(getIn(group, ['Properties', 'Parameters', 'rds.force_ssl'])) === '1';
    },
    violation: 'the database accepts connections without TLS (no parameter group of this template sets rds.force_ssl=1)',
    fix: "give the instance DBParameterGroupName: !Ref <a DBParameterGroup with Parameters: {rds.force_ssl: '1'}>",
  },
  {
    id: 'DB_PASSWORD_FROM_SECRETS_MANAGER', scope: 'resource', appliesTo: [DB_INSTANCE, 'AWS::RDS::DBCluster'], at: ['Properties', 'MasterUserPassword'],
    check: (r) => r.Properties.ManageMasterUserPassword === true
      || stringLeaves(r.Properties.MasterUserPassword).some((s) => s.includes('{{resolve:secretsmanager:')),
    violation: 'the master password does not come from Secrets Manager',
    fix: "use MasterUserPassword: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}' or ManageMasterUserPassword: true",
  },
  {
    id: 'ECS_NO_PUBLIC_IP', scope: 'resource', appliesTo: ['AWS::ECS::Service'], at: ['Properties', 'NetworkConfiguration'],
    check: (r) => getIn(r.Properties, ['NetworkConfiguration', 'AwsvpcConfiguration', 'AssignPublicIp']) === 'DISABLED',
    violation: 'the service tasks may get a public IP (AssignPublicIp is not DISABLED)',
    fix: 'set NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp: DISABLED and run tasks in private subnets',
  },
  {
    id: 'ECS_CIRCUIT_BREAKER', scope: 'resource', appliesTo: ['AWS::ECS::Service'], at: ['Properties', 'DeploymentConfiguration'],
    check: (r) => {
      const breaker = asRecord(getIn(r.Properties, ['DeploymentConfiguration', 'DeploymentCircuitBreaker']));
      return breaker.Enable === true && breaker.Rollback === true;
    },
    violation: 'a failing deployment is not rolled back (no circuit breaker with rollback); ECS would retry for hours',
    fix: 'set DeploymentConfiguration.DeploymentCircuitBreaker: {Enable: true, Rollback: true}',
  },
  {
    id: 'ECS_CONTAINER_HEALTHCHECK', scope: 'resource', appliesTo: ['AWS::ECS::TaskDefinition'], at: ['Properties', 'ContainerDefinitions'],
    check: (r) => asArray(r.Properties.ContainerDefinitions).map(asRecord)
      .every((c) => c.Essential === false || c.HealthCheck !== undefined),
    violation: 'an essential container has no health check, so a hung process keeps its task',
    fix: 'add HealthCheck (Command, Interval, Retries, StartPeriod) to every essential container',
  },
  {
    id: 'ECS_DROP_ALL_CAPABILITIES', scope: 'resource', appliesTo: ['AWS::ECS::TaskDefinition'], at: ['Properties', 'ContainerDefinitions'],
    check: (r) => asArray(r.Properties.ContainerDefinitions).map(asRecord)
      .every((c) => asArray(getIn(c, ['LinuxParameters', 'Capabilities', 'Drop'])).includes('ALL')
        && asArray(getIn(c, ['LinuxParameters', 'Capabilities', 'Add'])).length === 0),
    violation: 'a container keeps the default Linux capabilities, which a compromised process could use (raw sockets, chown, setuid)',
    fix: 'set LinuxParameters: {Capabilities: {Drop: [ALL]}} on every container (Fargate allows it) and add none',
  },
  {
    id: 'SECRETS_NOT_IN_ENVIRONMENT', scope: 'resource', appliesTo: ['AWS::ECS::TaskDefinition'], at: ['Properties', 'ContainerDefinitions'],
    check: (r) => asArray(r.Properties.ContainerDefinitions).map(asRecord)
      .flatMap((c) => asArray(c.Environment).flatMap(possibleValues).map(asRecord))
      .every((e) => typeof e.Name !== 'string' || !SECRET_NAME.test(e.Name)),
    violation: 'a secret-looking variable is set in the container Environment, where it shows in the task definition',
    fix: 'pass it under Secrets with ValueFrom: <Secrets Manager ARN>, never as a plain value',
  },
  {
    id: 'IAM_NO_WILDCARD_ON_SENSITIVE_ACTIONS', scope: 'resource', appliesTo: IAM_TYPES, at: ['Properties'],
    check: (r) => policyStatements(r.Type, r.Properties).every((s) => {
      if (s.Effect !== 'Allow') return true;
      const actions = asArray(s.Action).filter((a): a is string => typeof a === 'string');
      const sensitive = actions.filter((a) => a === '*' || (SENSITIVE_ACTION.test(a) && !isListAction(a)));
      if (sensitive.some((a) => a === '*' || a.endsWith(':*'))) return false;
      return sensitive.length === 0 || !asArray(s.Resource).flatMap(possibleValues).includes('*');
    }),
    violation: "a policy allows Bedrock or Secrets Manager actions on Resource '*' (or allows every action)",
    fix: 'name the exact ARNs (model and inference-profile ARNs, secret ARNs); only bedrock:List* may use *',
  },
  {
    id: 'LOG_RETENTION_SET', scope: 'resource', appliesTo: ['AWS::Logs::LogGroup'], at: ['Properties', 'RetentionInDays'],
    check: (r) => r.Properties.RetentionInDays !== undefined,
    violation: 'the log group keeps its logs forever (no RetentionInDays)',
    fix: 'set RetentionInDays (a parameter with AllowedValues of the retention periods CloudWatch accepts)',
  },
  {
    id: 'ECR_IMMUTABLE_SCANNED', scope: 'resource', appliesTo: ['AWS::ECR::Repository'], at: ['Properties', 'ImageTagMutability'],
    check: (r) => r.Properties.ImageTagMutability === 'IMMUTABLE'
      && getIn(r.Properties, ['ImageScanningConfiguration', 'ScanOnPush']) === true,
    violation: 'the image repository allows overwriting tags or does not scan images on push',
    fix: 'set ImageTagMutability: IMMUTABLE and ImageScanningConfiguration: {ScanOnPush: true}',
  },
  {
    id: 'SG_EXPLICIT_EGRESS', scope: 'resource', appliesTo: ['AWS::EC2::SecurityGroup'], at: ['Properties', 'SecurityGroupEgress'],
    check: (r) => r.Properties.SecurityGroupEgress !== undefined
      && asArray(r.Properties.SecurityGroupEgress).flatMap(possibleValues).map(asRecord)
        .every((e) => !(String(e.IpProtocol) === '-1' && WORLD.has(String(e.CidrIp ?? e.CidrIpv6)))),
    violation: 'the security group keeps the default allow-all egress',
    fix: 'list SecurityGroupEgress explicitly (only the ports and peers it needs)',
  },
  {
    id: 'SG_NO_WORLD_INGRESS', scope: 'resource', appliesTo: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'], at: ['Properties'],
    check: (r) => {
      const rules = r.Type === 'AWS::EC2::SecurityGroup' ? asArray(r.Properties.SecurityGroupIngress).flatMap(possibleValues) : [r.Properties];
      return rules.map(asRecord).every((i) => !WORLD.has(String(i.CidrIp)) && !WORLD.has(String(i.CidrIpv6)));
    },
    violation: 'a security group admits the whole internet',
    fix: 'admit only the client CIDR, the VPC CIDR or another security group',
  },
  {
    id: 'INGRESS_CIDR_ONLY_TO_HTTPS', scope: 'resource', appliesTo: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'], at: ['Properties'],
    check: (r) => ingressRules(r).every((i) => !hasCidrSource(i) || (String(i.FromPort) === '443' && String(i.ToPort) === '443')),
    violation: 'an address range may reach a port other than HTTPS 443 (a task or database port): anyone with an address in it, VPN users included, bypasses the load balancer',
    fix: 'admit task and database ports only from a security group (SourceSecurityGroupId); address ranges reach only the 443 listeners',
  },
  {
    id: 'OTLP_INGRESS_FROM_SECURITY_GROUPS', scope: 'template',
    check: (t) => {
      const resources = asRecord(t.body.Resources);
      const ofType = (type: string) => Object.entries(resources).filter(([, r]) => asRecord(r).Type === type);
      const otlp = ofType('AWS::ElasticLoadBalancingV2::TargetGroup').some(([, r]) => String(asRecord(asRecord(r).Properties).Port) === String(OTLP_HTTP_PORT));
      if (!otlp) return [];
      // the security groups of this template's load balancers, by logical id
      const fronting = new Set(ofType(LOAD_BALANCER).flatMap(([, r]) => asArray(asRecord(asRecord(r).Properties).SecurityGroups))
        .map((g) => intrinsicOf(g)).filter((c) => c?.fn === 'Ref').map((c) => String(c?.arg)));
      return Object.entries(resources).flatMap(([id, raw]) => {
        const r = asRecord(raw);
        const props = asRecord(r.Properties);
        const group = r.Type === 'AWS::EC2::SecurityGroup' ? id : r.Type === 'AWS::EC2::SecurityGroupIngress' ? String(intrinsicOf(props.GroupId)?.arg) : undefined;
        if (group === undefined || !fronting.has(group)) return [];
        return ingressRules({ Type: String(r.Type), Properties: props }).some((i) => i.SourceSecurityGroupId === undefined)
          ? [{ path: ['Resources', id], detail: `${id} admits a source that is not a security group` }] : [];
      });
    },
    violation: 'the telemetry load balancer admits an address range: anyone in it (VPN users share the VPC) can post spend and usage for any user',
    fix: 'admit only the gateway tasks: SourceSecurityGroupId: !Ref GatewayTaskSecurityGroupId',
  },
  {
    id: 'PARAMETER_SECRET_NOECHO', scope: 'template',
    check: (t) => Object.entries(asRecord(t.body.Parameters))
      .filter(([name, p]) => SECRET_NAME.test(name) && !/Arns?$/.test(name) && asRecord(p).NoEcho !== true && asRecord(p).NoEcho !== 'true')
      .map(([name]) => ({ path: ['Parameters', name], detail: `parameter ${name}` })),
    violation: 'a secret-like parameter is not NoEcho, so CloudFormation shows its value',
    fix: 'pass the secret as a Secrets Manager ARN parameter (…Arn), or set NoEcho: true',
  },
  {
    id: 'NO_HARDCODED_ACCOUNT_REGION_PARTITION', scope: 'template',
    check: (t) => ['Resources', 'Outputs', 'Conditions'].flatMap((section) =>
      Object.keys(asRecord(t.body[section])).flatMap((id) =>
        stringLeaves(asRecord(t.body[section])[id])
          .filter((s) => /arn:aws[a-z-]*:/.test(s) || /(^|[^0-9])\d{12}([^0-9]|$)/.test(s) || /\b(us|eu|ap|sa|ca|me|af|il|mx)-(gov-)?[a-z]+-\d\b/.test(s))
          .map((s) => ({ path: [section, id], detail: `"${s.slice(0, 80)}"` })))),
    violation: 'a partition, account id or region is written out instead of taken from the pseudo-parameters',
    fix: 'use ${AWS::Partition}, ${AWS::AccountId} and ${AWS::Region} (and ${AWS::URLSuffix}) in !Sub',
  },
  {
    id: 'TEMPLATE_SIZE_LIMIT', scope: 'template',
    check: (t) => (t.bytes > INLINE_TEMPLATE_LIMIT_BYTES ? [{ path: [], detail: `${t.bytes} bytes` }] : []),
    violation: `the template is over the ${INLINE_TEMPLATE_LIMIT_BYTES}-byte inline limit, so CloudFormation refuses it without an S3 bucket`,
    fix: 'split the stack or move generated parts (alarms, dashboards) to their own stack',
  },
  // load-balancer subnets, subnet roles, MFA, the gateway's own database role
  ...trustBoundaryRules,
  // aws:SourceAccount/SourceArn on ECS trust, kms:ViaService, cloudwatch:namespace (issue 27.7)
  ...iamConditionRules,
];
