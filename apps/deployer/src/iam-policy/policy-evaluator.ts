// Whether an identity-based policy allows one request, as IAM decides it for Allow statements
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// some statement whose Action matches the action (case-insensitive, * and ? wildcards), whose
// Resource matches the resource (case-sensitive, the same wildcards), and whose every condition
// holds. Only the condition operators cagw's policies use are known; any other never holds, so
// an unknown one can only make a test stricter.
import type { PolicyDocument } from './policy-document.ts';

export interface PolicyRequest {
  action: string;
  /** the ARN the request acts on; '*' when the action takes no resource */
  resource: string;
  /** request context keys (cloudformation:RoleArn, iam:PassedToService) */
  context?: Record<string, string>;
}

const wildcard = (pattern: string, flags: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);

const CONDITIONS: Record<string, (value: string, wanted: string) => boolean> = {
  StringEquals: (v, w) => v === w,
  StringLike: (v, w) => wildcard(w, '').test(v),
  ArnLike: (v, w) => wildcard(w, '').test(v),
  ArnEquals: (v, w) => v === w,
};

function conditionHolds(condition: Record<string, Record<string, string | string[]>> | undefined, context: Record<string, string>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) => {
    const test = CONDITIONS[operator];
    return test !== undefined && Object.entries(keys).every(([key, wanted]) => {
      const value = context[key];
      // a key the request lacks fails every operator above (no IfExists is used)
      return value !== undefined && [wanted].flat().some((w) => test(value, w));
    });
  });
}

export function policyAllows(policy: PolicyDocument, request: PolicyRequest): boolean {
  return policy.Statement.some((s) => s.Effect === 'Allow'
    && s.Action.some((a) => wildcard(a, 'i').test(request.action))
    && s.Resource.some((r) => wildcard(r, '').test(request.resource))
    && conditionHolds(s.Condition, request.context ?? {}));
}
