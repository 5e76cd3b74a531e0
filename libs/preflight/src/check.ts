// What a preflight check is: a small unit with an id, the profile values it reads, what it
// needs to run (nothing, the network, or AWS credentials), and an outcome with a fix.
import type { Settings } from '@cagw/profile';
import type { RenderedGatewayConfig } from '@cagw/config-render';
import type { AwsClients, DnsResolver, FetchLike, FindExecutable, RunCommand } from './preflight-clients.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** What one check found. `fix` is what the person should do ('' when nothing). */
export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  fix?: string;
  /** facts later steps use (e.g. network.regional-nat's natMode); never a secret */
  data?: Readonly<Record<string, unknown>>;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  fix: string;
  data?: Readonly<Record<string, unknown>>;
}

/** The parts of the rendered gateway config the checks read. */
export type PreflightRendered = Pick<RenderedGatewayConfig, 'budget' | 'config'>;

/**
 * offline: the profile and the rendered config only; network: public DNS or HTTPS, no
 * credentials; aws: AWS APIs, skipped when no credentials are configured.
 */
export type CheckNeeds = 'offline' | 'network' | 'aws';

export interface CheckContext {
  settings: Settings;
  /** undefined when the config could not be rendered (that failure is reported on its own) */
  rendered: PreflightRendered | undefined;
  aws: AwsClients;
  dns: DnsResolver;
  fetch: FetchLike;
  findExecutable: FindExecutable;
  /** absent when the caller gives none: checks then only look for commands */
  runCommand?: RunCommand | undefined;
  now: () => Date;
  /** aborted when the check's time is up; pass it to every SDK call and fetch */
  signal: AbortSignal;
}

export interface PreflightCheck {
  id: string;
  title: string;
  needs: CheckNeeds;
  /** the profile values this check reads (documentation, and what `--only` users look for) */
  reads: readonly string[];
  /** a reason to skip when the check does not apply to this profile, else undefined */
  skipReason?(settings: Settings): string | undefined;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export const pass = (message: string): CheckOutcome => ({ status: 'pass', message });
export const warn = (message: string, fix: string): CheckOutcome => ({ status: 'warn', message, fix });
export const fail = (message: string, fix: string): CheckOutcome => ({ status: 'fail', message, fix });
export const skip = (message: string): CheckOutcome => ({ status: 'skip', message });

/**
 * Several findings of one check → one outcome: the worst status and every problem's message;
 * when nothing is wrong, `allGood` (or, when it is '', the findings' own messages).
 */
export function combineOutcomes(outcomes: readonly CheckOutcome[], allGood: string): CheckOutcome {
  const problems = outcomes.filter((o) => o.status === 'fail' || o.status === 'warn');
  if (problems.length === 0) return pass(allGood || outcomes.map((o) => o.message).join('; '));
  const status = problems.some((o) => o.status === 'fail') ? 'fail' : 'warn';
  return {
    status,
    message: problems.map((o) => o.message).join('; '),
    fix: problems.map((o) => o.fix).filter((f): f is string => Boolean(f)).join('; '),
  };
}
