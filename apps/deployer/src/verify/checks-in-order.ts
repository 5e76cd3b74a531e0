// Runs verify's checks in order, each after the checks it needs: a check whose prerequisite
// failed is not run but skipped because of it ("skipped: needs dns-private"), so one cause (no
// DNS, an untrusted certificate) is one failure, not seven.
import type { CheckResult } from '@cagw/preflight';

export interface VerifyResult extends CheckResult {
  /** for a check skipped because a prerequisite failed: the failed check it waited on */
  needs?: string;
}

/** A check's outcome; `blocks: false` for a failure that leaves what needs the check reachable (a certificate about to expire still answers). */
export type StepOutcome = CheckResult & { blocks?: boolean };

export interface VerifyStep {
  id: string;
  title: string;
  /** the checks that must not have failed for this one to mean anything */
  needs: string[];
  run(): Promise<StepOutcome>;
}

export function skippedFor(id: string, title: string, failed: string): VerifyResult {
  return { id, title, status: 'skip', message: `skipped: needs ${failed}`, fix: `fix ${failed} first (above)`, needs: failed };
}

export async function runChecksInOrder(steps: VerifyStep[]): Promise<VerifyResult[]> {
  /** per check that did not pass in a way that matters downstream: the failed check at the root of it */
  const rootFailure = new Map<string, string>();
  const results: VerifyResult[] = [];
  for (const step of steps) {
    const root = step.needs.map((id) => rootFailure.get(id)).find((id) => id !== undefined);
    if (root !== undefined) {
      rootFailure.set(step.id, root);
      results.push(skippedFor(step.id, step.title, root));
      continue;
    }
    const { blocks, ...outcome } = await step.run();
    if (outcome.status === 'fail' && blocks !== false) rootFailure.set(step.id, step.id);
    results.push(outcome);
  }
  return results;
}

/** the failed check behind a result that did not pass: itself, or the one it was skipped for */
export function failureBehind(result: VerifyResult | undefined): string | undefined {
  if (!result) return undefined;
  if (result.status === 'fail') return result.id;
  return result.needs;
}
