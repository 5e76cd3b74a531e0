// The change sets of a deploy in one stable format: `+` add, `~` modify, `-` remove, with
// replacements called out, a stack with pending inputs shown from its template.
import type { NodeReview } from '../orchestrate/deploy-plan.ts';

const SIGN: Record<string, string> = { Add: '+', Modify: '~', Remove: '-', Import: '>', Dynamic: '?', SyncWithActual: '=' };

export function formatChanges(reviews: readonly NodeReview[], color = false): string {
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const r of reviews) {
    if (r.kind === 'step') {
      const what = r.action === 'reuse' ? 'reused (exists already)' : r.action === 'pending' ? `${r.reason} (after its inputs)` : r.reason;
      lines.push(`${bold(r.stackName)}: ${what}`);
      continue;
    }
    const head = {
      unchanged: 'no changes',
      create: 'create',
      update: 'update',
      recreate: 'delete (empty, failed create) and create again',
      pending: 'planned from template, inputs pending',
      run: '', reuse: '',
    }[r.action];
    const note = r.plannedFromTemplate && (r.action === 'create' || r.action === 'recreate') ? ' (planned from template, inputs pending)' : '';
    lines.push(`${bold(r.stackName)}: ${head}${note}${r.action === 'unchanged' ? '' : ` — ${r.reason}`}`);
    for (const c of r.changes) {
      const replace = c.replacement === 'True' ? red('  REPLACES the resource') : c.replacement === 'Conditional' ? red('  may replace the resource') : '';
      lines.push(`  ${SIGN[c.action] ?? '?'} ${c.logicalId.padEnd(36)} ${c.type}${replace}`);
    }
  }
  const replacing = reviews.flatMap((r) => r.changes.filter((c) => c.replacement === 'True').map((c) => `${r.stackName}/${c.logicalId}`));
  if (replacing.length > 0) lines.push('', red(`${replacing.length} resource(s) will be replaced: ${replacing.join(', ')}`));
  return lines.join('\n');
}

const ACTION_TEXT: Record<string, string> = { Add: 'add', Modify: 'modify', Remove: 'remove', Import: 'import', Dynamic: 'decided when run', SyncWithActual: 'sync with actual' };
const STEP_TEXT: Record<string, string> = { reuse: 'reused (exists already)', pending: 'run after its inputs', run: 'run' };
const STACK_TEXT: Record<string, string> = { unchanged: 'no changes', create: 'create', update: 'update', recreate: 'delete (empty, failed create) and create again', pending: 'planned from template, inputs pending' };
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

/**
 * The change sets of `cagw deploy --dry-run --markdown` as a pull request's job summary, in the
 * style of `cagw plan --markdown` (format-edit-impact.ts): counts, the replacements first, then
 * every stack with what CloudFormation would do.
 */
export function formatChangesMarkdown(reviews: readonly NodeReview[], profile: string): string {
  const changes = reviews.flatMap((r) => r.changes.map((c) => ({ stack: r.stackName, c })));
  const replaced = changes.filter(({ c }) => c.replacement === 'True' || c.replacement === 'Conditional');
  const count = (a: string) => changes.filter(({ c }) => c.action === a).length;
  const lines = [
    `### cagw deploy --dry-run: ${code(profile)}`,
    '',
    `${count('Add')} to add, ${count('Modify')} to modify (${replaced.length} replacing or possibly replacing), ${count('Remove')} to remove, in ${reviews.filter((r) => r.action !== 'unchanged' && r.action !== 'reuse').length} of ${reviews.length} stack(s) and step(s).`,
    '',
    'From the change sets CloudFormation made in the account; they were deleted after, nothing was executed.',
  ];
  if (replaced.length > 0) lines.push('', `**Replaced:** ${replaced.map(({ stack, c }) => `${code(`${stack}/${c.logicalId}`)}${c.replacement === 'Conditional' ? ' (may)' : ''}`).join(', ')}.`);
  lines.push('', '| stack | what | reason |', '| --- | --- | --- |');
  for (const r of reviews) {
    const what = r.kind === 'step' ? STEP_TEXT[r.action] ?? r.action
      : `${STACK_TEXT[r.action] ?? r.action}${r.plannedFromTemplate && (r.action === 'create' || r.action === 'recreate') ? ' (planned from template, inputs pending)' : ''}`;
    lines.push(`| ${code(r.stackName)} | ${cell(what)} | ${cell(r.action === 'unchanged' ? ' ' : r.reason) || ' '} |`);
  }
  if (changes.length > 0) {
    lines.push('', '| stack | resource | type | action | replacement |', '| --- | --- | --- | --- | --- |');
    for (const { stack, c } of [...replaced, ...changes.filter((x) => !replaced.includes(x))]) {
      const replacement = c.replacement === 'True' ? `**replaces**${c.causes?.length ? ` (${cell(c.causes.join(', '))})` : ''}` : c.replacement === 'Conditional' ? `**may replace**${c.causes?.length ? ` (${cell(c.causes.join(', '))})` : ''}` : ' ';
      lines.push(`| ${code(stack)} | ${code(c.logicalId)} | ${cell(c.type)} | ${ACTION_TEXT[c.action] ?? c.action} | ${replacement} |`);
    }
  } else {
    lines.push('', 'No resource changes.');
  }
  return lines.join('\n');
}
