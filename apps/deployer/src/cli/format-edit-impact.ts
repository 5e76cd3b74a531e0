// How `cagw plan --from` shows what an edit does: text for people, one JSON document for tools.
// The JSON keeps issue 21's shape; a change that cannot be judged offline adds `"unknown": true`
// (the text says why), so it is never read as no change.
import type { PlanEdit, ResourceImpact } from '../edit-impact/index.ts';

export interface EditImpactJson {
  stacks: {
    name: string;
    changes: { logicalId: string; type: string; action: ResourceImpact['action']; causes: string[]; customName: boolean; guarded: boolean; unknown?: true }[];
    /** when the edit changes the stack's tags (TAGS) */
    tags?: { before: Record<string, string>; after: Record<string, string> };
  }[];
  refusals: { variable: string; message: string; fix: string }[];
}

export function editImpactJson(edit: PlanEdit): EditImpactJson {
  return {
    stacks: edit.stacks.map((s) => ({
      name: s.name,
      changes: s.changes.map((c) => ({
        logicalId: c.logicalId, type: c.type, action: c.action, causes: c.causes, customName: c.customName, guarded: c.guarded,
        ...(c.unknown.length > 0 ? { unknown: true as const } : {}),
      })),
      ...(s.tags ? { tags: s.tags } : {}),
    })),
    refusals: edit.refusals.map((r) => ({ variable: r.variable, message: r.message, fix: r.fix })),
  };
}

export function formatEditImpact(edit: PlanEdit & { changedVariables: readonly string[] }, from: string, to: string): string {
  const changed = edit.changedVariables.length > 0 ? `variables changed: ${edit.changedVariables.join(', ')}` : 'no variable changed';
  const lines = [`deploying ${to} over ${from} (judged offline; ${changed}):`];
  for (const s of edit.stacks) {
    lines.push('', s.changes.length === 0 && !s.tags ? `${s.name}: no changes` : s.changes.length === 0 ? `${s.name}: tags only` : `${s.name}: ${s.changes.length} change(s)`);
    const width = Math.max(0, ...s.changes.map(actionText).map((a) => a.length));
    for (const c of s.changes) lines.push(`  ${actionText(c).padEnd(width)}  ${describe(c)}`);
    if (s.tags) lines.push(`  tags  ${tagChange(s.tags.before, s.tags.after)} (updated in place on every resource that takes tags)`);
  }
  const unknown = edit.stacks.reduce((n, s) => n + s.changes.filter((c) => c.unknown.length > 0).length, 0);
  if (unknown > 0) lines.push('', `${unknown} change(s) marked "may" cannot be judged offline: \`cagw deploy --dry-run\` shows the change sets CloudFormation makes`);
  if (edit.refusals.length > 0) {
    lines.push('', `${edit.refusals.length} update(s) CloudFormation would refuse:`);
    for (const r of edit.refusals) lines.push(`  ${r.variable}: ${r.message}`, `    fix: ${r.fix}`);
  }
  return lines.join('\n');
}

/** Only the tags that differ: `team=platform -> team=finops, +owner=ana, -env`. */
function tagChange(before: Record<string, string>, after: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
  return keys.map((k) => (before[k] === undefined ? `+${k}=${after[k]}` : after[k] === undefined ? `-${k}` : `${k}=${before[k]} -> ${k}=${after[k]}`)).join(', ');
}

const actionText = (c: ResourceImpact): string => (c.unknown.length > 0 ? `may ${c.action}` : c.action);

function describe(c: ResourceImpact): string {
  const parts = [`${c.logicalId} (${c.type})`];
  if (c.causes.length > 0) parts.push(`${c.action === 'replace' ? 'replaced by a change of' : 'changes'} ${c.causes.join(', ')}`);
  if (c.customName) parts.push(`custom name ${c.name}`);
  if (c.guarded) parts.push(`guarded: ${c.guardedBecause}`);
  if (c.unknown.length > 0) parts.push(`not known offline: ${c.unknown.join('; ')}`);
  return parts.join(' · ');
}

/**
 * The same review as Markdown, for a pull request or a CI job summary: a headline counting each
 * action, a table of every change (guarded ones first in bold), tag edits, and the updates
 * CloudFormation would refuse, each with its fix. Cells escape `|` so a table never breaks.
 */
export function formatEditImpactMarkdown(edit: PlanEdit & { changedVariables: readonly string[] }, from: string, to: string): string {
  const changes = edit.stacks.flatMap((s) => s.changes.map((c) => ({ stack: s.name, c })));
  const count = (a: ResourceImpact['action']) => changes.filter(({ c }) => c.action === a).length;
  const guarded = changes.filter(({ c }) => c.guarded && (c.action === 'replace' || c.action === 'remove'));
  const tagged = edit.stacks.filter((s) => s.tags);
  const lines = [
    `### cagw plan: ${code(to)} over ${code(from)}`,
    '',
    `${count('add')} to add, ${count('modify')} to modify, ${count('replace')} to replace, ${count('remove')} to remove${tagged.length > 0 ? `, tags of ${tagged.length} stack(s)` : ''}`
      + `${edit.refusals.length > 0 ? `; **${edit.refusals.length} update(s) CloudFormation would refuse**` : ''}.`,
    '',
    `Judged offline; ${edit.changedVariables.length > 0 ? `variables changed: ${edit.changedVariables.map(code).join(', ')}` : 'no variable changed'}.`,
  ];
  if (guarded.length > 0) {
    lines.push('', `**Guarded:** this loses ${guarded.map(({ c }) => `${code(c.logicalId)} (${cell(c.guardedBecause ?? c.type)})`).join(', ')}; \`cagw deploy\` needs ${guarded.map(({ c }) => `\`--allow-replace ${c.logicalId}\``).join(' ')} to do it.`);
  }
  if (changes.length > 0) {
    lines.push('', '| stack | resource | type | action | caused by |', '| --- | --- | --- | --- | --- |');
    const ordered = [...guarded, ...changes.filter((x) => !guarded.includes(x))];
    for (const { stack, c } of ordered) {
      const action = `${c.guarded && guarded.some((g) => g.c === c) ? '**' : ''}${actionText(c)}${c.guarded && guarded.some((g) => g.c === c) ? '**' : ''}`;
      const why = [c.causes.join(', '), c.customName ? `custom name ${c.name ?? ''}` : '', c.unknown.length > 0 ? `not known offline: ${c.unknown.join('; ')}` : ''].filter(Boolean).join(' · ');
      lines.push(`| ${cell(stack)} | ${code(c.logicalId)} | ${cell(c.type)} | ${action} | ${cell(why) || ' '} |`);
    }
  } else if (tagged.length === 0) {
    lines.push('', 'No stack changes.');
  }
  for (const s of tagged) if (s.tags) lines.push('', `Tags of ${code(s.name)}: ${cell(tagChange(s.tags.before, s.tags.after))} (updated in place).`);
  if (changes.some(({ c }) => c.unknown.length > 0)) lines.push('', 'A change marked "may" cannot be judged offline: `cagw deploy --dry-run` shows the change sets CloudFormation makes.');
  if (edit.refusals.length > 0) {
    lines.push('', '#### Updates CloudFormation would refuse', '');
    for (const r of edit.refusals) lines.push(`- ${code(r.variable)}: ${cell(r.message)}`, `  - fix: ${cell(r.fix)}`);
  }
  return lines.join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
