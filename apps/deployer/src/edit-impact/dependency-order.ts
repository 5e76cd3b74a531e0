// Resources in the order CloudFormation works on them: each after the ones it refers to, so a
// replacement is known before the resources that refer to it are judged.
import type { ModelResource } from '@cagw/strict-cloudformation';

export function inDependencyOrder(resources: readonly ModelResource[]): ModelResource[] {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const done = new Set<string>();
  const ordered: ModelResource[] = [];
  const visit = (r: ModelResource, path: Set<string>) => {
    if (done.has(r.logicalId) || path.has(r.logicalId)) return;
    path.add(r.logicalId);
    for (const d of r.dependsOn) {
      const dep = byId.get(d);
      if (dep) visit(dep, path);
    }
    done.add(r.logicalId);
    ordered.push(r);
  };
  for (const r of resources) visit(r, new Set());
  return ordered;
}
