// What CloudFormation itself needs to create, update and delete the resources of cagw's
// templates: one statement per AWS service, made from the resource types the templates declare
// (read from the templates, never listed by hand), each citing the types and templates that
// need it. It is the execution role's policy after bootstrap, and part of the deployer's own
// policy without it (CloudFormation then acts with the caller's credentials:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html).
//
// Why whole services and not each handler's actions: the registry schemas' handlers.*.permissions
// lists are not on this machine (cfn-lint 1.51 ships its schemas with "handlers" removed, and
// @aws-cdk/aws-service-spec has no permissions), so a per-action list would be a hand list. The
// deployer instead names the exact resource types on every change set (ResourceTypes, checked by
// CloudFormation against cloudformation:ResourceTypes), which keeps the role to these types.
import { parseTemplate } from '@cagw/cloudformation';
import type { PolicyStatement } from './policy-document.ts';

/** IAM prefix of each CloudFormation namespace (AWS::<Namespace>::…) cagw's templates use. */
const PREFIX_OF_NAMESPACE: Readonly<Record<string, string>> = {
  ApplicationAutoScaling: 'application-autoscaling', CertificateManager: 'acm', CloudWatch: 'cloudwatch', Cognito: 'cognito-idp',
  EC2: 'ec2', ECR: 'ecr', ECS: 'ecs', ElasticLoadBalancingV2: 'elasticloadbalancing', Events: 'events', IAM: 'iam', KMS: 'kms',
  Lambda: 'lambda', Logs: 'logs', RDS: 'rds', Route53: 'route53', S3: 's3', SecretsManager: 'secretsmanager', SNS: 'sns', SSM: 'ssm',
};

export interface TemplateText {
  /** the template's name ('network', 'observability') */
  name: string;
  body: string;
}

export interface ResourceTypeUse {
  type: string;
  templates: string[];
}

/** Every resource type the templates declare, with the templates that declare it, sorted. */
export function resourceTypesOf(templates: TemplateText[]): ResourceTypeUse[] {
  const uses = new Map<string, Set<string>>();
  for (const t of templates) {
    const resources = (parseTemplate(t.body, `${t.name}.yaml`).body?.Resources ?? {}) as Record<string, { Type?: unknown }>;
    for (const r of Object.values(resources)) {
      if (typeof r?.Type !== 'string') continue;
      (uses.get(r.Type) ?? uses.set(r.Type, new Set()).get(r.Type))?.add(t.name);
    }
  }
  return [...uses].map(([type, names]) => ({ type, templates: [...names].sort() })).sort((a, b) => a.type.localeCompare(b.type));
}

/** The IAM prefix a resource type's service has; throws naming the type when cagw does not know it. */
export function servicePrefixOfType(type: string): string {
  // a custom resource is a call of its Lambda function (ServiceToken)
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return 'lambda';
  const namespace = /^AWS::([A-Za-z0-9]+)::/.exec(type)?.[1];
  const prefix = namespace ? PREFIX_OF_NAMESPACE[namespace] : undefined;
  if (!prefix) throw new Error(`servicePrefixOfType: no IAM prefix known for ${type}; add its namespace to PREFIX_OF_NAMESPACE from the Service Authorization Reference`);
  return prefix;
}

/** One statement per service the templates' resource types belong to, each with the types it serves. */
export function executionRoleStatements(types: ResourceTypeUse[]): PolicyStatement[] {
  const byPrefix = new Map<string, ResourceTypeUse[]>();
  for (const use of types) {
    const prefix = servicePrefixOfType(use.type);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), use]);
  }
  return [...byPrefix].sort(([a], [b]) => a.localeCompare(b)).map(([prefix, uses]) => ({
    Sid: `Resources${prefix.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase())}`,
    Effect: 'Allow' as const,
    Action: [`${prefix}:*`],
    Resource: ['*'],
    source: uses.map((u) => `${u.type} (${u.templates.join(', ')})`),
  }));
}
