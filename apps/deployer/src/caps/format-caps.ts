// How `cagw caps plan` and `apply` read on a terminal.
import type { CapChange, CapValue } from './caps-plan.ts';
import type { AppliedChange, CapsPlanReport } from './caps-workflow.ts';

export function formatCapValue(value: CapValue): string {
  if (value === null) return '(none)';
  return value === 'unlimited' ? 'unlimited' : `$${value.toFixed(2)}`;
}

const SIGN = { create: '+', change: '~', delete: '-' } as const;

export function formatChange(change: CapChange): string {
  const amounts = change.action === 'create' ? formatCapValue(change.to) : change.action === 'delete' ? formatCapValue(change.from) : `${formatCapValue(change.from)} -> ${formatCapValue(change.to)}`;
  return `  ${SIGN[change.action]} ${change.action.padEnd(6)} ${change.scope} ${change.period}: ${amounts}`;
}

export function formatCapsPlan(report: CapsPlanReport, target: string): string {
  const lines = [`caps on ${target}: ${report.live.length} live, ${report.changes.length} to make`];
  if (report.changes.length === 0) lines.push('  no change: the live caps are what the caps file says');
  else lines.push(...report.changes.map(formatChange));
  if (report.affected.length > 0) {
    lines.push('', 'Effective caps afterwards (user cap, else the lowest of their groups\', else the organisation\'s):');
    for (const user of report.affected) {
      lines.push(`  ${user.email}: ${Object.entries(user.effective).map(([period, value]) => `${period} ${formatCapValue(value)}`).join(', ') || 'unlimited'}`);
    }
  }
  if (report.kept.length > 0) {
    lines.push('', `Live caps not in the caps file, kept (--prune deletes them):`, ...report.kept.map((change) => `    ${change.scope} ${change.period}: ${formatCapValue(change.from)}`));
  }
  if (report.pending.length > 0) {
    lines.push('', 'Pending users (not capped yet):', ...report.pending.map((user) => `  ${user.email}: ${user.reason}`));
  }
  if (report.unnamed.length > 0) {
    lines.push('', `Live user caps the gateway has no email for (identity retention ended): ${report.unnamed.join(', ')}`);
  }
  return lines.join('\n');
}

export function formatApplied(applied: AppliedChange[], target: string): string {
  if (applied.length === 0) return `caps on ${target}: nothing to do, the live caps are what the caps file says`;
  return [
    `caps on ${target}: ${applied.length} change(s) made`,
    ...applied.map(({ change, capId, auditId }) => `${formatChange(change)}   (${capId}, audit ${auditId ?? 'not found'})`),
  ].join('\n');
}
