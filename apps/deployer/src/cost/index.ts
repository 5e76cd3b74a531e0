// Estimating the monthly AWS bill of a profile's deployment from its plan and a shipped price table.
export { costOfPlan, costOfSettings } from './cost-of-settings.ts';
export { BEDROCK_LEFT_OUT, estimateCost, fargateTaskMonthUsd, pricesFor, type CostComponent, type CostEstimate, type CostInputs } from './estimate-cost.ts';
export { planQuantities, type PlanQuantities } from './plan-quantities.ts';
export { HOURS_PER_MONTH, PRICE_TABLE, PRICED, USAGE, type Price, type RegionPrices } from './price-table.ts';
