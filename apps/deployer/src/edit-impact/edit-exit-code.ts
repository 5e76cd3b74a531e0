// The exit code of `cagw plan --from`. Plain: 1 when CloudFormation would refuse the edit, else 0.
// With --detailed-exitcode, as `terraform plan -detailed-exitcode`: 0 no change, 2 changes to
// deploy (a "may" change counts: it is shown as the worst case), 1 an error, a refusal included.
import type { PlanEdit } from './plan-edit.ts';

export function editExitCode(edit: PlanEdit, detailed: boolean): 0 | 1 | 2 {
  if (edit.refusals.length > 0) return 1;
  return detailed && edit.stacks.some((stack) => stack.changes.length > 0 || stack.tags !== undefined) ? 2 : 0;
}
