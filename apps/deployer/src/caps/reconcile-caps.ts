// One pass of the reconciler: what `cagw caps reconcile --once` runs by hand and the scheduled
// reconciler runs every few minutes. The same plan and apply as `cagw caps apply`, with no
// question asked, so a pass over a gateway that already holds the file changes nothing.
import type { CapsFile } from '@cagw/profile';
import { publicChange, type CapChange } from './caps-plan.ts';
import { applyPlan, planAgainstGateway } from './caps-workflow.ts';
import { formatCapValue } from './format-caps.ts';
import type { SpendLimitsAdmin } from './spend-limits-admin.ts';
import type { UserDirectory } from './user-directory.ts';

export interface ReconcileResult {
  applied: (CapChange & { id: string; auditId: string | undefined })[];
  pending: { email: string; reason: string }[];
  warnings: string[];
}

export async function reconcileCaps(admin: SpendLimitsAdmin, file: CapsFile, options: { prune: boolean; directory?: UserDirectory | undefined }): Promise<ReconcileResult> {
  const report = await planAgainstGateway(admin, file, options.prune, options.directory);
  const applied = await applyPlan(admin, report);
  const pending = report.pending.map(({ email, reason }) => ({
    email,
    reason: options.directory ? `${options.directory.label} has no user with this email, and the gateway has not seen one: capped once they exist there or make a request` : reason,
  }));
  const warnings = [
    ...report.kept.map((kept) => `${kept.scope} ${kept.period} ${formatCapValue(kept.from)} is live but not in the caps file: kept (reconcile with --prune deletes it)`),
    ...report.unnamed.map((scope) => `${scope}: the gateway no longer knows this user's email, so the caps file cannot name them`),
    ...applied.filter((change) => change.auditId === undefined).map(({ change, capId }) => `${change.scope} ${change.period} (${capId}): no audit row found for this change`),
  ];
  return {
    applied: applied.map(({ change, capId, auditId }) => ({ ...publicChange(change), id: capId, auditId })),
    pending,
    warnings,
  };
}
