// Settings → the stack graph of one deployment: which stacks this profile deploys, their
// templates, what each depends on and every parameter, wired output → parameter (no
// Fn::ImportValue, so any stack can be changed or deleted on its own). Pure: no AWS call.
import { createHash } from 'node:crypto';
import { vpcDnsResolverIp } from '@cagw/cloudformation';
import { subnetLayout, type Settings, type StackPart } from '@cagw/profile';
import { bedrockInvokeRegions, bedrockModelPatterns } from './bedrock-scope.ts';
import { elbLogDeliveryAccount } from './elb-log-delivery.ts';
import { pinsLockPath } from '../image/pins-lock.ts';
import { parameterParts } from './parameter-parts.ts';
import { output, value, type NodeId, type ParameterSource, type PlanNode, type DeploymentPlan, type StackPlan, type StepPlan } from './stack-plan.ts';

/** What the plan reads from Settings, and nothing more. */
export type PlanSettings = Pick<
  Settings,
  | 'STACK_PREFIX' | 'AWS_REGION' | 'stackNames' | 'tlsMode' | 'gatewayHost' | 'idpMode' | 'bedrockRegion'
  | 'VPC_CIDR' | 'VPC_ID' | 'PRIVATE_SUBNET_IDS' | 'LOAD_BALANCER_SUBNET_IDS' | 'VPC_FLOW_LOGS' | 'ENABLE_VPC_ENDPOINTS' | 'DB_CLIENT_IMAGE_URI' | 'COGNITO_MFA' | 'COGNITO_IDENTITY_PROVIDERS' | 'CLIENT_CIDR' | 'ZONE' | 'PUBLIC_HOSTED_ZONE_ID' | 'CERT_ARN'
  | 'COGNITO_DOMAIN_PREFIX' | 'COGNITO_ADMIN_EMAIL' | 'COGNITO_POOL_ID' | 'OIDC_CLIENT_SECRET_ARN'
  | 'ENABLE_COLLECTOR' | 'ENABLE_CODING_AGENT_INSIGHTS' | 'COLLECTOR_HOST' | 'ENABLE_VPN' | 'VPN_CLIENT_CIDR'
  | 'ENABLE_SPEND_CAPS' | 'GATEWAY_ADMIN_WRITE_KEY_ARN' | 'PREVIOUS_JWT_SECRET_ARN' | 'SECRETS_KMS_KEY_ARN' | 'MIN_TASKS' | 'MAX_TASKS' | 'MULTI_AZ_DB'
  | 'DB_INSTANCE_CLASS' | 'DB_BACKUP_RETENTION_DAYS' | 'TASK_CPU' | 'TASK_MEMORY'
  | 'BUILD_IMAGE' | 'GATEWAY_IMAGE_URI' | 'ECR_REPO' | 'TASK_ARCH' | 'CLAUDE_VERSION' | 'SERVER_CN' | 'VPN_CLIENT_NAME' | 'IMAGE_TAG'
  | 'policies' | 'ALB_ACCESS_LOGS' | 'TAGS'
> & Partial<Pick<Settings, 'profilePath'>>;

export interface PlanInputs {
  /** the packed gateway.yaml (config-render) */
  packedConfig: string;
  /** template text by @cagw/cloudformation template name */
  templates: Readonly<Record<string, string>>;
  /** the collector's rendered configuration YAML (with ENABLE_COLLECTOR) */
  collectorConfig?: string | undefined;
  /** the ADOT collector image, pinned by digest (with ENABLE_COLLECTOR) */
  collectorImageUri?: string | undefined;
  /** the generated observability stack: template and the outputs it takes as parameters */
  observability?: { templateBody: string; parameters: Record<string, { node: StackPart; output: string }> } | undefined;
  /** `cagw gateway`: only the gateway and the stacks it cannot run without */
  gatewayOnly?: boolean;
  /** what preflight found in the account (deploy only; a plan alone assumes the defaults) */
  facts?: DeployFacts | undefined;
}

/** Facts about the account that decide network parameters (preflight's data). */
export interface DeployFacts {
  /** network.regional-nat: regional NAT is offered (or the live stack already uses it) */
  natMode?: 'regional' | 'zonal' | undefined;
  /** image.repository: ECR_REPO exists outside the network stack, so it is used, not created */
  adoptImageRepository?: boolean | undefined;
  /** cognito.mfa: the MFA mode a live pool can take (one created optional cannot be made required) */
  mfaMode?: 'ON' | 'OPTIONAL' | 'OFF' | undefined;
}

const MFA_MODE = { required: 'ON', optional: 'OPTIONAL', off: 'OFF' } as const;

export function planDeployment(settings: PlanSettings, inputs: PlanInputs): DeploymentPlan {
  const s = settings;
  const managed = s.tlsMode === 'managed';
  const names = s.stackNames;
  // the profile's TAGS first: the profile refused any of cagw's own keys (CAGW_STACK_TAG_KEYS)
  const tags = (part: StackPart) => ({ ...s.TAGS, 'cagw:prefix': s.STACK_PREFIX, 'cagw:part': part, project: 'claude-apps-gateway' });
  const template = (name: string): string => {
    const body = inputs.templates[name];
    if (body === undefined) throw new Error(`planDeployment: no template text given for ${name}`);
    return body;
  };
  const stack = (id: StackPart, templateName: string, dependsOn: NodeId[], parameters: Record<string, ParameterSource | undefined>): StackPlan => ({
    kind: 'stack', id, stackName: names[id], template: templateName, templateBody: template(templateName), tags: tags(id),
    dependsOn: [...new Set([...dependsOn, ...Object.values(parameters).flatMap((p) => (p?.kind === 'output' ? [p.node] : []))])],
    parameters: Object.fromEntries(Object.entries(parameters).filter((e): e is [string, ParameterSource] => e[1] !== undefined)),
  });
  const nodes: PlanNode[] = [];
  const net = (o: string) => output('network', o);
  const privateZone = managed ? undefined : net('PrivateHostedZoneId');

  // a landing zone's VPC (VPC_ID): the network stack makes only cagw's own parts in it, so
  // nothing about carving, NAT or flow logs is passed (docs/existing-vpc.md)
  const existing = s.VPC_ID;
  nodes.push(stack('network', 'network', [], {
    VpcCidr: value(s.VPC_CIDR),
    ...(existing ? {
      ExistingVpcId: value(existing, `${existing} (existing: no VPC, subnet, route table, NAT gateway or flow log is created)`),
      ExistingPrivateSubnetIds: value(s.PRIVATE_SUBNET_IDS.join(',')),
      ExistingLoadBalancerSubnetIds: value(s.LOAD_BALANCER_SUBNET_IDS.join(',')),
    } : {
      // six subnets of up to /24 (never below /27); the profile refused a VPC where they do not fit
      SubnetHostBits: value(String(subnetLayout(s.VPC_CIDR)?.hostBits ?? 8)),
      NatMode: value(inputs.facts?.natMode ?? 'regional'),
      EnableFlowLogs: value(String(s.VPC_FLOW_LOGS)),
    }),
    EnableVpcEndpoints: value(String(s.ENABLE_VPC_ENDPOINTS)),
    ClientCidr: value(s.CLIENT_CIDR),
    PrivateZoneName: managed ? undefined : value(s.ZONE ?? ''),
    ImageRepositoryName: s.BUILD_IMAGE ? value(s.ECR_REPO) : undefined,
    AdoptImageRepository: s.BUILD_IMAGE ? value(String(inputs.facts?.adoptImageRepository ?? false)) : undefined,
  }));
  nodes.push(stack('database', 'database', [], {
    PrivateSubnetIds: net('PrivateSubnetIds'),
    DatabaseSecurityGroupId: net('DatabaseSecurityGroupId'),
    // the one-shot task that creates the gateway's own role runs as a task the database admits
    RoleTaskSecurityGroupId: net('TaskSecurityGroupId'),
    DbClientImageUri: s.DB_CLIENT_IMAGE_URI ? value(s.DB_CLIENT_IMAGE_URI) : value('', unpinned(s, 'DB_CLIENT_IMAGE_URI')),
    MultiAzDatabase: value(String(s.MULTI_AZ_DB)),
    DBInstanceClass: value(s.DB_INSTANCE_CLASS),
    BackupRetentionDays: value(String(s.DB_BACKUP_RETENTION_DAYS)),
  }));

  if (s.BUILD_IMAGE) {
    nodes.push(step('image', `build and push the gateway image (Claude Code ${s.CLAUDE_VERSION}, ${s.TASK_ARCH})`, {
      RepositoryUri: net('ImageRepositoryUri'), ClaudeVersion: value(s.CLAUDE_VERSION), Architecture: value(s.TASK_ARCH),
      // empty: the tag follows the image inputs
      ImageTag: value(s.IMAGE_TAG ?? ''),
    }, ['ImageUri']));
  }
  // self-signed gateway TLS and the VPN need certificates in ACM: made once, then reused
  const certificatesFor = [...(s.tlsMode === 'self-signed' ? ['gateway'] : []), ...(s.ENABLE_VPN && !inputs.gatewayOnly ? ['vpn'] : [])];
  if (certificatesFor.length > 0) {
    nodes.push(step('certificates', `make the ${certificatesFor.join(' and ')} certificates once and reuse them on every run`, {
      For: value(certificatesFor.join(',')), Prefix: value(s.STACK_PREFIX), GatewayHost: value(s.gatewayHost),
      ServerCn: value(s.SERVER_CN), VpnClientName: value(s.VPN_CLIENT_NAME),
    }, [...(s.tlsMode === 'self-signed' ? ['GatewayCertificateArn'] : []), ...(s.ENABLE_VPN && !inputs.gatewayOnly ? ['VpnServerCertificateArn', 'VpnClientRootCertificateArn'] : [])]));
  }

  const cognito = s.idpMode !== 'byo' && !inputs.gatewayOnly;
  if (cognito) {
    nodes.push(s.idpMode === 'new-cognito'
      ? stack('idp', 'idp-cognito-new', [], {
        GatewayHostname: value(s.gatewayHost), HostedUiDomainPrefix: value(s.COGNITO_DOMAIN_PREFIX ?? ''), AdminEmail: value(s.COGNITO_ADMIN_EMAIL ?? ''),
        MfaMode: value(inputs.facts?.mfaMode ?? MFA_MODE[s.COGNITO_MFA]),
      })
      : stack('idp', 'idp-cognito-existing', [], {
        GatewayHostname: value(s.gatewayHost), UserPoolId: value(s.COGNITO_POOL_ID ?? ''),
        // federated providers and a sign-in domain for a pool without one (preflight checks both)
        IdentityProviders: value(s.COGNITO_IDENTITY_PROVIDERS.join(',')), HostedUiDomainPrefix: value(s.COGNITO_DOMAIN_PREFIX ?? ''),
      }));
  }

  const collector = s.ENABLE_COLLECTOR && !inputs.gatewayOnly;
  if (collector) {
    nodes.push(stack('collector', 'collector', [], {
      // only the gateway tasks may send telemetry
      VpcId: net('VpcId'), GatewayTaskSecurityGroupId: net('TaskSecurityGroupId'), PrivateSubnetIds: net('PrivateSubnetIds'), PrivateHostedZoneId: privateZone,
      CollectorImageUri: inputs.collectorImageUri ? value(inputs.collectorImageUri) : value('', unpinned(s, 'COLLECTOR_IMAGE_URI')),
      // the configuration may outgrow one parameter value: it goes in parts (parameter-parts.ts)
      ...parameterParts('CollectorConfig', inputs.collectorConfig ?? '', template('collector')),
      ExportMode: value(s.ENABLE_CODING_AGENT_INSIGHTS ? 'native' : 'emf'),
      CollectorHostname: value(s.COLLECTOR_HOST ?? ''),
      LoadBalancerSubnetIds: net('LoadBalancerSubnetIds'),
      PublicHostedZoneId: managed ? value(s.PUBLIC_HOSTED_ZONE_ID ?? '') : undefined,
    }));
  }

  const gatewayTemplate = template('gateway');
  nodes.push(stack('gateway', 'gateway', collector ? ['collector'] : [], {
    VpcId: net('VpcId'), PrivateSubnetIds: net('PrivateSubnetIds'), LoadBalancerSubnetIds: net('LoadBalancerSubnetIds'),
    AlbSecurityGroupId: net('AlbSecurityGroupId'), TaskSecurityGroupId: net('TaskSecurityGroupId'),
    DbEndpointAddress: output('database', 'DbEndpointAddress'), DbEndpointPort: output('database', 'DbEndpointPort'),
    DbName: output('database', 'DbName'), DbUser: output('database', 'DbUser'), DbSecretArn: output('database', 'DbSecretArn'),
    GatewayImageUri: s.BUILD_IMAGE ? output('image', 'ImageUri') : value(s.GATEWAY_IMAGE_URI ?? ''),
    GatewayConfigPacked: configValue(inputs.packedConfig),
    CpuArchitecture: value(s.TASK_ARCH),
    TaskCpu: value(s.TASK_CPU), TaskMemory: value(String(s.TASK_MEMORY)),
    OidcClientSecretArn: cognito ? output('idp', 'ClientSecretArn') : value(s.OIDC_CLIENT_SECRET_ARN ?? ''),
    // with Cognito the config reads ${OIDC_ISSUER} / ${OIDC_CLIENT_ID}: wired when the template takes them
    ...(cognito && declares(gatewayTemplate, 'OidcIssuer') ? { OidcIssuer: output('idp', 'Issuer') } : {}),
    ...(cognito && declares(gatewayTemplate, 'OidcClientId') ? { OidcClientId: output('idp', 'ClientId') } : {}),
    AdminWriteKeyArn: s.ENABLE_SPEND_CAPS ? value(s.GATEWAY_ADMIN_WRITE_KEY_ARN ?? '') : undefined,
    // the bearer token the collector requires (gateway.yaml sends ${CAGW_COLLECTOR_TOKEN})
    CollectorTokenSecretArn: collector ? output('collector', 'GatewayTokenSecretArn') : undefined,
    // during a session key rotation the task gets the previous key too (gateway.yaml lists it
    // second); always passed, so unsetting it takes the key away from the next tasks
    ...(declares(gatewayTemplate, 'PreviousJwtSecretArn') ? { PreviousJwtSecretArn: value(s.PREVIOUS_JWT_SECRET_ARN ?? '') } : {}),
    SecretsKmsKeyArn: s.SECRETS_KMS_KEY_ARN ? value(s.SECRETS_KMS_KEY_ARN) : undefined,
    BedrockRegion: value(s.bedrockRegion),
    // the task role may invoke exactly the models the policies allow, in the regions they route to
    BedrockModelPatterns: value(bedrockModelPatterns(s.policies).join(',')),
    BedrockInvokeRegions: value(bedrockInvokeRegions(s.bedrockRegion).join(',')),
    GatewayHostname: value(s.gatewayHost),
    PublicHostedZoneId: managed ? value(s.PUBLIC_HOSTED_ZONE_ID ?? '') : undefined,
    CertificateArn: s.tlsMode === 'byo-cert' ? value(s.CERT_ARN ?? '') : s.tlsMode === 'self-signed' ? output('certificates', 'GatewayCertificateArn') : undefined,
    PrivateHostedZoneId: privateZone,
    // the load balancer's access log (a bucket per deployment), delivered by the region's ELB account
    AccessLogs: value(String(s.ALB_ACCESS_LOGS)),
    ElbLogDeliveryAccountId: s.ALB_ACCESS_LOGS ? value(elbLogDeliveryAccount(s.AWS_REGION)) : undefined,
    MinTasks: value(String(s.MIN_TASKS)),
    MaxTasks: value(String(s.MAX_TASKS)),
  }));

  if (s.ENABLE_VPN && !inputs.gatewayOnly) {
    nodes.push(stack('vpn', 'client-vpn', [], {
      VpcId: net('VpcId'), VpcCidr: net('VpcCidr'), PrivateSubnetIds: net('PrivateSubnetIds'),
      VpcDnsResolverIp: value(vpcDnsResolverIp(s.VPC_CIDR)),
      ClientCidrBlock: value(s.VPN_CLIENT_CIDR),
      ServerCertificateArn: output('certificates', 'VpnServerCertificateArn'),
      ClientRootCertificateArn: output('certificates', 'VpnClientRootCertificateArn'),
    }));
  }

  if (inputs.observability && !inputs.gatewayOnly) {
    const params = Object.fromEntries(Object.entries(inputs.observability.parameters).map(([k, v]) => [k, output(v.node, v.output)]));
    nodes.push({
      kind: 'stack', id: 'observability', stackName: names.observability, template: 'observability', templateBody: inputs.observability.templateBody,
      tags: tags('observability'), dependsOn: Object.values(inputs.observability.parameters).map((p) => p.node).filter((n, i, all) => all.indexOf(n) === i), parameters: params,
    });
  }
  return { prefix: s.STACK_PREFIX, region: s.AWS_REGION, nodes };
}

function step(id: StepPlan['id'], summary: string, inputs: Record<string, ParameterSource>, outputs: string[]): StepPlan {
  const dependsOn = [...new Set(Object.values(inputs).flatMap((p) => (p.kind === 'output' ? [p.node] : [])))];
  return { kind: 'step', id, summary, dependsOn, inputs, outputs };
}

/** Large values show as their size and hash, never their text. */
function configValue(text: string): ParameterSource {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return value(text, `<${Buffer.byteLength(text, 'utf8')} bytes, sha256 ${hash}>`);
}

const declares = (templateBody: string, parameter: string): boolean => new RegExp(`^  ${parameter}:`, 'm').test(templateBody);

/** What plan shows for a pin neither the profile nor its lock holds yet: where it will come from. */
function unpinned(s: PlanSettings, variable: string): string {
  return `<${variable}: resolved by the first preflight or deploy into ${s.profilePath ? pinsLockPath(s.profilePath) : '<profile>.pins.lock.json'}>`;
}
