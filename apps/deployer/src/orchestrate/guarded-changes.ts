// Which changes of a change set lose data or break users: the replacement or removal of a
// guarded resource. Guarded is policy, not AWS data: the types below, plus any resource the
// template keeps on deletion or replacement (DeletionPolicy or UpdateReplacePolicy Retain or
// Snapshot: whoever wrote the template said its contents matter, a retained bucket included).
// `Replacement: Conditional` counts: the service decides when the update runs, too late to ask.
import { parseTemplate } from '@cagw/cloudformation';
import type { ResourceChange } from './change-set.ts';

/** Guarded resource types, each with what its loss costs. */
const GUARDED_TYPES: Readonly<Record<string, string>> = {
  // a new instance starts empty: every session, key and usage record of the gateway is gone
  'AWS::RDS::DBInstance': 'the gateway database',
  // users, their passwords and MFA live only here; a new pool has a new id every client and IdP setting names
  'AWS::Cognito::UserPool': 'the Cognito user pool',
  // a new endpoint has a new DNS name: every .ovpn file handed out stops connecting
  'AWS::EC2::ClientVpnEndpoint': 'the Client VPN endpoint',
  // deleting a repository deletes the gateway images pushed to it
  'AWS::ECR::Repository': 'the ECR repository',
  // what was encrypted with a key cannot be read once the key is deleted
  'AWS::KMS::Key': 'a KMS key',
  // a new secret has a new value and ARN: whatever read the old one stops working
  'AWS::SecretsManager::Secret': 'a Secrets Manager secret',
};

const KEPT = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

export interface GuardedChange {
  stackName: string;
  logicalId: string;
  type: string;
  /** replace: Replacement True; may-replace: Replacement Conditional; remove: gone from the template */
  loss: 'replace' | 'may-replace' | 'remove';
  /** the properties whose change causes the replacement (empty for a removal) */
  causes: string[];
  /** why the resource is guarded */
  guardedBecause: string;
}

/**
 * The guarded replacements and removals among a stack's changes. `templateBody` is the template
 * the change set was made from; `liveTemplateBody` (the deployed one) tells what a removed
 * resource was kept as.
 */
export function guardedChangesOf(stackName: string, changes: readonly ResourceChange[], templateBody: string, liveTemplateBody?: string): GuardedChange[] {
  const reasons = { next: guardedResourceReason(templateBody), live: liveTemplateBody ? guardedResourceReason(liveTemplateBody) : guardedResourceReason('') };
  return changes.flatMap((c): GuardedChange[] => {
    const loss = c.action === 'Remove' ? 'remove' : c.action === 'Modify' && c.replacement === 'True' ? 'replace' : c.action === 'Modify' && c.replacement === 'Conditional' ? 'may-replace' : undefined;
    if (!loss) return [];
    const guardedBecause = (loss === 'remove' ? reasons.live : reasons.next)(c.logicalId, c.type);
    if (!guardedBecause) return [];
    return [{ stackName, logicalId: c.logicalId, type: c.type, loss, causes: c.causes ?? [], guardedBecause }];
  });
}

/**
 * Why losing a resource of this template loses data or breaks users (its type, or the policy
 * that keeps it), undefined when it does not: whatever the change, so `cagw plan --from` can
 * say which resources an edit touches are guarded.
 */
export function guardedResourceReason(templateBody: string): (logicalId: string, type: string) => string | undefined {
  const kept = keptResources(templateBody);
  return (logicalId, type) => {
    const policy = kept.get(logicalId);
    return GUARDED_TYPES[type] ?? (policy ? `its template keeps it (${policy})` : undefined);
  };
}

/** Resources a template keeps on deletion or replacement, with the policy that says so. */
function keptResources(templateBody: string): Map<string, string> {
  if (templateBody === '') return new Map();
  const resources = (parseTemplate(templateBody, 'template').body.Resources ?? {}) as Record<string, { DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown }>;
  const kept = new Map<string, string>();
  for (const [logicalId, r] of Object.entries(resources)) {
    const policy = [['DeletionPolicy', r?.DeletionPolicy], ['UpdateReplacePolicy', r?.UpdateReplacePolicy]].find(([, v]) => typeof v === 'string' && KEPT.has(v));
    if (policy) kept.set(logicalId, `${String(policy[0])} ${String(policy[1])}`);
  }
  return kept;
}
