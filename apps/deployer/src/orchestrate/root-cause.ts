// The event that explains a failed stack operation: oldest first, resource failures only,
// cancellations and the stack's own summary events dropped. A fix is attached where the
// failure has a known remedy.
import type { StackEvent } from '@aws-sdk/client-cloudformation';

export function rootCause(events: readonly StackEvent[]): StackEvent | undefined {
  return [...events]
    .sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0)) // the API returns newest first
    .filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceType !== 'AWS::CloudFormation::Stack')
    .find((e) => !/Resource (creation|update|deletion) cancelled/i.test(e.ResourceStatusReason ?? ''));
}

/** What to do about a known failure, from the resource type and the reason CloudFormation gave. */
export function knownFix(event: StackEvent, context: { gatewayHost?: string | undefined; zoneId?: string | undefined } = {}): string | undefined {
  const reason = event.ResourceStatusReason ?? '';
  const type = event.ResourceType ?? '';
  if (type === 'AWS::CertificateManager::Certificate') {
    return `ACM could not validate the certificate through DNS: check that ${context.gatewayHost ?? 'the host name'} lies inside the public hosted zone ${context.zoneId ?? 'PUBLIC_HOSTED_ZONE_ID'} and that the zone is delegated from its parent domain (cagw preflight checks both)`;
  }
  if (type === 'AWS::ECS::Service' && /circuit breaker|did not stabilize/i.test(reason)) {
    return 'the gateway tasks stopped before becoming healthy: read the stopped task reason above and the gateway log group, fix the image or configuration, then re-run';
  }
  if (type === 'AWS::RDS::DBInstance' && /deletion protection/i.test(reason)) {
    return 'the database has deletion protection: cagw destroy lifts it before the delete; if something set it again, lift it (aws rds modify-db-instance --db-instance-identifier <id> --no-deletion-protection --apply-immediately), then re-run cagw destroy';
  }
  if (type === 'AWS::ECR::Repository' && /already exists/i.test(reason)) {
    return 'the ECR repository ECR_REPO exists outside the network stack: re-run cagw deploy, whose preflight (image.repository) then adopts it instead of creating it; or set ECR_REPO to a new name';
  }
  if (/already exists/i.test(reason)) return 'a resource with this name is left from an earlier deployment: delete it, or choose another STACK_PREFIX';
  if (/limit exceeded|LimitExceeded|quota/i.test(reason)) return 'raise the service quota in the Service Quotas console, or free capacity, then re-run';
  if (/not authorized|AccessDenied/i.test(reason)) return 'the deploying identity lacks a permission: grant the action named in the reason, then re-run';
  return undefined;
}
