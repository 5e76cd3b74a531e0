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
