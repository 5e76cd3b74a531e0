// A profile's monthly estimate: the plan cagw deploy would make (offline, as cagw plan makes
// it), what it creates counted from its templates, and the dashboards deploy puts beside it.
import type { Settings } from '@cagw/profile';
import { deploymentDashboardNames } from '../orchestrate/deployment-dashboards.ts';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import type { DeploymentPlan } from '../orchestrate/stack-plan.ts';
import { estimateCost, type CostEstimate } from './estimate-cost.ts';
import { planQuantities } from './plan-quantities.ts';
import { USAGE } from './price-table.ts';

export function costOfPlan(plan: DeploymentPlan, settings: Settings, developers: number = USAGE.developers): CostEstimate {
  return estimateCost({ region: plan.region, quantities: planQuantities(plan), dashboards: deploymentDashboardNames(settings).length, developers });
}

export async function costOfSettings(settings: Settings, options: { profileName?: string; developers?: number } = {}): Promise<CostEstimate> {
  const { plan } = await planFromSettings(settings, { ...(options.profileName ? { profileName: options.profileName } : {}), requireCollectorImage: false });
  return costOfPlan(plan, settings, options.developers);
}
