// One pass of the reconciler: what `cagw caps reconcile --once` runs by hand and the scheduled
// reconciler runs every few minutes. The same plan and apply as `cagw caps apply`, with no
// question asked, so a pass over a gateway that already holds the file changes nothing; then the
// warnings before a cap, from the gateway's own effective spend after the apply, each threshold
// once per period: the keys sent are kept in `store` between passes.
import type { CapsFile } from '@cagw/profile';
import { capWarnings, type CapWarning } from './cap-warnings.ts';
import { publicChange, type CapChange } from './caps-plan.ts';
import { applyPlan, planAgainstGateway } from './caps-workflow.ts';
import { formatCapValue } from './format-caps.ts';
import { sendCapWarnings, type WarningChannels } from './send-cap-warnings.ts';
import type { SentWarningsStore } from './sent-warnings-store.ts';
import type { SpendLimitsAdmin } from './spend-limits-admin.ts';
import type { UserDirectory } from './user-directory.ts';

export interface ReconcileResult {
  applied: (CapChange & { id: string; auditId: string | undefined })[];
  pending: { email: string; reason: string }[];
  /** the warnings before a cap this pass sent */
  warnings: Omit<CapWarning, 'covers'>[];
  /** what the operator should know about the caps and the warnings (nothing failed) */
  notes: string[];
}

export interface WarningOptions {
  /** the percentages of each cap to warn at (100 included: the cap reached) */
  percents: number[];
  channels: WarningChannels;
  /** for the note when there is no channel: which variables would give one */
  noChannelFix: string;
  store: SentWarningsStore;
  now?: Date;
}

export async function reconcileCaps(admin: SpendLimitsAdmin, file: CapsFile, options: { prune: boolean; directory?: UserDirectory | undefined; warn?: WarningOptions | undefined }): Promise<ReconcileResult> {
  const report = await planAgainstGateway(admin, file, options.prune, options.directory);
  const applied = await applyPlan(admin, report);
  const pending = report.pending.map(({ email, reason }) => ({
    email,
    reason: options.directory ? `${options.directory.label} has no user with this email, and the gateway has not seen one: capped once they exist there or make a request` : reason,
  }));
  const notes = [
    ...report.kept.map((kept) => `${kept.scope} ${kept.period} ${formatCapValue(kept.from)} is live but not in the caps file: kept (reconcile with --prune deletes it)`),
    ...report.unnamed.map((scope) => `${scope}: the gateway no longer knows this user's email, so the caps file cannot name them`),
    ...applied.filter((change) => change.auditId === undefined).map(({ change, capId }) => `${change.scope} ${change.period} (${capId}): no audit row found for this change`),
  ];
  const warnings = options.warn ? await warnBeforeCaps(admin, options.warn, notes) : [];
  return {
    applied: applied.map(({ change, capId, auditId }) => ({ ...publicChange(change), id: capId, auditId })),
    pending,
    warnings: warnings.map(({ covers: _covers, ...warning }) => warning),
    notes,
  };
}

async function warnBeforeCaps(admin: SpendLimitsAdmin, options: WarningOptions, notes: string[]): Promise<CapWarning[]> {
  const sent = await options.store.load();
  const { messages } = capWarnings({ rows: await admin.effectiveSpend(), percents: options.percents, sent, now: options.now ?? new Date() });
  if (messages.length === 0) return [];
  if (!options.channels.sns && !options.channels.webhookUrl) {
    // not remembered: sent once a channel is set
    notes.push(`${messages.length} warning(s) before a cap not sent: there is nowhere to send them (${options.noChannelFix})`);
    return [];
  }
  const out: CapWarning[] = [];
  try {
    for (const message of messages) {
      await sendCapWarnings([message], options.channels);
      out.push(message);
    }
  } finally {
    // what went out is remembered even when a later one failed, so it is not sent twice
    if (out.length > 0) await options.store.save([...sent, ...out.flatMap((message) => message.covers)]);
  }
  return out;
}
