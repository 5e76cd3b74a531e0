// Runs every applicable check concurrently, each under its own time limit, and returns every
// result: a failing, throwing or hanging check never stops the others. Offline checks run
// first, so their results come even when the network or AWS is slow.
import type { Settings } from '@cagw/profile';
import { type CheckContext, type CheckOutcome, type CheckResult, type PreflightCheck, type PreflightRendered } from './check.ts';
import { allChecks } from './checks/all-checks.ts';
import type { AwsClients, PreflightClients } from './preflight-clients.ts';

export interface PreflightOptions {
  /** per-check time limit; default 20 s */
  timeoutMs?: number;
  /** run only these checks: exact ids, or a group such as `tls` for every `tls.*` check */
  only?: readonly string[];
  /** the checks to run; default every check of cagw */
  checks?: readonly PreflightCheck[];
  now?: () => Date;
}

export interface PreflightReport {
  results: CheckResult[];
  /** true when no check failed (warnings and skips do not fail a preflight) */
  ok: boolean;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

export async function runPreflight(
  settings: Settings,
  rendered: PreflightRendered | undefined,
  clients: PreflightClients,
  options: PreflightOptions = {},
): Promise<PreflightReport> {
  const checks = selectChecks(options.checks ?? allChecks, options.only);
  const base = {
    settings,
    rendered,
    aws: noAwsClients,
    dns: clients.dns,
    fetch: clients.fetch,
    findExecutable: clients.findExecutable,
    runCommand: clients.runCommand,
    now: options.now ?? (() => new Date()),
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const runOne = (check: PreflightCheck) => runCheck(check, base, clients, timeoutMs);

  const offline = await Promise.all(checks.filter((c) => c.needs === 'offline').map(runOne));
  const online = await Promise.all(checks.filter((c) => c.needs !== 'offline').map(runOne));
  const results = [...offline, ...online];
  return { results, ok: results.every((r) => r.status !== 'fail') };
}

/** Checks whose id equals an `only` entry or starts with `<entry>.`; every check when `only` is empty. */
export function selectChecks(checks: readonly PreflightCheck[], only: readonly string[] | undefined): PreflightCheck[] {
  if (!only || only.length === 0) return [...checks];
  return checks.filter((c) => only.some((o) => c.id === o || c.id.startsWith(`${o}.`)));
}

/** `only` entries that name no check (the CLI reports them as a usage error). */
export function unknownCheckIds(only: readonly string[], checks: readonly PreflightCheck[] = allChecks): string[] {
  return only.filter((o) => selectChecks(checks, [o]).length === 0);
}

async function runCheck(
  check: PreflightCheck,
  base: Omit<CheckContext, 'signal'>,
  clients: PreflightClients,
  timeoutMs: number,
): Promise<CheckResult> {
  const outcome = await outcomeOf(check, base, clients, timeoutMs);
  return { id: check.id, title: check.title, status: outcome.status, message: outcome.message, fix: outcome.fix ?? '', ...(outcome.data ? { data: outcome.data } : {}) };
}

async function outcomeOf(check: PreflightCheck, base: Omit<CheckContext, 'signal'>, clients: PreflightClients, timeoutMs: number): Promise<CheckOutcome> {
  const notApplicable = check.skipReason?.(base.settings);
  if (notApplicable) return { status: 'skip', message: notApplicable };
  if (check.needs === 'aws' && !clients.aws) {
    return { status: 'skip', message: `needs AWS credentials: ${clients.noAwsReason ?? 'none are configured'}` };
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve({ status: 'fail', message: `did not finish within ${Math.round(timeoutMs / 1000)} s`, fix: 'check network access to AWS and the IdP, then re-run (or re-run with --only this check)' });
    }, timeoutMs);
  });
  try {
    // Only checks that declare needs: 'aws' get the clients, so an offline check cannot call AWS.
    const aws = check.needs === 'aws' && clients.aws ? clients.aws : noAwsClients;
    return await Promise.race([check.run({ ...base, aws, signal: controller.signal }), timedOut]);
  } catch (e) {
    // A check that throws is a bug in the check or an unexpected answer: report it, never pass.
    return { status: 'fail', message: `the check itself failed: ${describe(e)}`, fix: 'report this as a cagw bug, with the message' };
  } finally {
    clearTimeout(timer);
  }
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Stands in for the AWS clients in checks that do not need them: any use is a bug. */
const noAwsClients = new Proxy({} as AwsClients, {
  get(_target, name) {
    throw new Error(`a check that does not declare needs: 'aws' used the ${String(name)} client`);
  },
});
