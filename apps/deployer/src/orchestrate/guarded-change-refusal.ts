// The error a guarded replacement or removal ends a deploy with, unless `--allow-replace
// LOGICAL_ID` names it: one line per resource (stack, logical id, type, what is lost and the
// properties that cause it) and the exact flags that accept the loss.
import { CagwError } from '@cagw/errors';
import type { GuardedChange } from './guarded-changes.ts';

const LOSS: Record<GuardedChange['loss'], string> = { replace: 'would be replaced', 'may-replace': 'may be replaced', remove: 'would be removed' };

/** Undefined when every guarded change is allowed by name. */
export function guardedChangeRefusal(
  found: readonly GuardedChange[], allowReplace: readonly string[], refused: { where: string; outcome: string },
): CagwError | undefined {
  const allowed = new Set(allowReplace);
  const lost = found.filter((g) => !allowed.has(g.logicalId));
  if (lost.length === 0) return undefined;
  const lines = lost.map((g) => `  ${g.stackName} ${g.logicalId} (${g.type}, ${g.guardedBecause}) ${LOSS[g.loss]}${g.causes.length > 0 ? `: ${g.causes.join(', ')} changed` : ''}`);
  const flags = [...new Set(lost.map((g) => `--allow-replace ${g.logicalId}`))].join(' ');
  const causes = [...new Set(lost.flatMap((g) => g.causes))];
  return new CagwError('GuardedChangeNotAllowed',
    `${refused.where}: ${lost.length} guarded resource(s) would be lost, so ${refused.outcome}:\n${lines.join('\n')}`, {
      source: 'user', where: [...new Set(lost.map((g) => `${g.stackName}/${g.logicalId}`))].join(', '),
      fix: `if losing them is intended (back them up first), re-run cagw deploy with ${flags}; otherwise set back the profile variable${causes.length > 0 ? ` that changes ${causes.join(', ')}` : ''}${lost.some((g) => g.loss === 'remove') ? ' (or that removes the resource)' : ''} and re-run`,
    });
}
