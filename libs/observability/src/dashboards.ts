// Every dashboard of a deployment. The deployer puts each in place with PutDashboard, using
// the real resource names from the stacks' outputs; `cagw dashboards` previews them.
import type { Dashboard } from './dashboard-body.ts';
import { governanceDashboard } from './governance-dashboard.ts';
import type { ObservabilityInput, ObservedResources } from './observability-input.ts';
import { operationsDashboard } from './operations-dashboard.ts';
import { usageDashboard } from './usage-dashboard.ts';

export function buildDashboards(input: ObservabilityInput, resources: ObservedResources): Dashboard[] {
  return [usageDashboard(input, resources), governanceDashboard(input, resources), operationsDashboard(input, resources)];
}
