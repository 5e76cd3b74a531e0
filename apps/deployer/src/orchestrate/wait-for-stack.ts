// Waits for a stack operation with the SDK waiter while streaming the stack's new events to
// the host. An event read that fails on credentials stops the wait at once (the waiter alone
// would keep retrying until its time limit). A failed operation ends in its root cause.
import {
  DescribeStackEventsCommand, DescribeStacksCommand, waitForStackCreateComplete, waitForStackDeleteComplete,
  waitForStackUpdateComplete, type CloudFormationClient, type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { callAws, fromAws, isCredentialError } from './aws-call.ts';
import { knownFix, rootCause } from './root-cause.ts';
import { runWaiter, type WaiterTiming } from './run-waiter.ts';

export interface WaitOptions {
  timing: WaiterTiming;
  /** how often new events are read, in ms */
  eventPollMs: number;
  signal?: AbortSignal | undefined;
  awsProfile?: string | undefined;
  onEvent?: (event: StackEvent) => void;
  /** context for the fix of a known failure */
  fixContext?: { gatewayHost?: string | undefined; zoneId?: string | undefined };
  /** why a resource failed, from outside CloudFormation (the ECS stopped task's reason) */
  explain?: (event: StackEvent) => Promise<string | undefined>;
}

const WAITERS = { create: waitForStackCreateComplete, update: waitForStackUpdateComplete, delete: waitForStackDeleteComplete };

export async function waitForStack(cfn: CloudFormationClient, stackName: string, operation: 'create' | 'update' | 'delete', since: Date, options: WaitOptions): Promise<void> {
  const local = new AbortController();
  const stop = () => local.abort();
  options.signal?.addEventListener('abort', stop);
  const seen = new Set<string>();
  let streamError: unknown;

  let first = true;
  const stream = (async () => {
    while (!local.signal.aborted) {
      try {
        const batch = await newEvents(cfn, stackName, since, seen);
        // the skew margin can reach back into the previous operation: start at this one's start
        for (const e of first ? thisOperation(batch, stackName) : batch) options.onEvent?.(e);
        first = batch.length === 0;
      } catch (e) {
        if (isCredentialError(e) || (CagwError.is(e) && e.code === 'AwsCredentialsExpired')) {
          streamError = e;
          local.abort();
          return;
        }
        // other read errors only cost a line of progress; the waiter decides the outcome
      }
      await sleep(options.eventPollMs, local.signal);
    }
  })();

  let waitError: unknown;
  let fatal: CagwError | undefined;
  try {
    // the waiter's own reads end the wait too when the credentials expire or access is denied
    const state = await runWaiter(WAITERS[operation], cfn, options.timing, { StackName: stackName }, {
      doing: `following ${stackName}`, where: stackName, signal: local.signal, awsProfile: options.awsProfile,
    });
    if (state !== 'SUCCESS') waitError = new Error(`the ${operation} waiter ended in ${state}`);
  } catch (e) {
    if (CagwError.is(e) && (e.code === 'AwsCredentialsExpired' || e.code === 'AwsAccessDenied')) fatal = e;
    else waitError = e;
  } finally {
    local.abort();
    options.signal?.removeEventListener('abort', stop);
    await stream;
  }
  if (streamError) throw CagwError.is(streamError) ? streamError : fromAws(streamError, `following ${stackName}`, options.awsProfile);
  if (fatal) throw fatal;
  if (options.signal?.aborted) {
    throw new CagwError('DeployInterrupted', `stopped following ${stackName}; CloudFormation carries on with it`, { source: 'user', where: stackName });
  }
  // the last events, so the host shows the whole story
  for (const e of await newEvents(cfn, stackName, since, seen).catch(() => [])) options.onEvent?.(e);
  if (waitError === undefined) return;
  throw await failureOf(cfn, stackName, since, options);
}

async function failureOf(cfn: CloudFormationClient, stackName: string, since: Date, options: WaitOptions): Promise<CagwError> {
  const status = await callAws(`reading stack ${stackName}`, () => cfn.send(new DescribeStacksCommand({ StackName: stackName })), { awsProfile: options.awsProfile })
    .then((r) => r.Stacks?.[0]?.StackStatus as string | undefined)
    .catch(() => undefined);
  const events = thisOperation(await newEvents(cfn, stackName, since, new Set()).catch(() => [] as StackEvent[]), stackName);
  const cause = rootCause(events);
  const recover = status === 'ROLLBACK_COMPLETE'
    ? `the stack is now ROLLBACK_COMPLETE and holds nothing: fix the cause, then re-run cagw deploy, which deletes ${stackName} and creates it again`
    : status === 'UPDATE_ROLLBACK_COMPLETE' ? `the stack rolled back to its previous state: fix the cause, then re-run cagw deploy`
      : status === 'DELETE_FAILED' ? `the stack is DELETE_FAILED and still holds what could not go: fix the cause, then re-run cagw destroy` : undefined;
  if (!cause) {
    return new CagwError('StackFailed', `${stackName} ended in ${status ?? 'an unknown state'}`, {
      source: 'aws', where: stackName, fix: recover ?? `read the events: aws cloudformation describe-stack-events --stack-name ${stackName}`,
    });
  }
  const extra = await options.explain?.(cause).catch(() => undefined);
  const fix = [knownFix(cause, options.fixContext), recover].filter(Boolean).join('; ');
  return new CagwError('StackFailed',
    `${stackName}: ${cause.LogicalResourceId} (${cause.ResourceType}) ${cause.ResourceStatus}: ${cause.ResourceStatusReason ?? 'no reason given'}${extra ? `; ${extra}` : ''}`,
    { source: 'aws', where: `${stackName}/${cause.LogicalResourceId}`, ...(fix ? { fix } : {}) });
}

// AWS stamps events with its clock, cagw compares with this machine's: allow for skew
const CLOCK_SKEW_MS = 60_000;

/** The events from this operation's "User Initiated" start on (oldest first in, oldest first out). */
function thisOperation(events: StackEvent[], stackName: string): StackEvent[] {
  const start = events.findLastIndex((e) => e.LogicalResourceId === stackName && e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatusReason === 'User Initiated');
  return start < 0 ? events : events.slice(start);
}

/** Events since `since` (less the clock skew) not seen before, oldest first (the API pages newest first). */
async function newEvents(cfn: CloudFormationClient, stackName: string, since: Date, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let token: string | undefined;
  pages: do {
    const page = await callAws(`reading events of ${stackName}`, () => cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token })));
    for (const e of page.StackEvents ?? []) {
      if ((e.Timestamp?.getTime() ?? 0) < since.getTime() - CLOCK_SKEW_MS || seen.has(e.EventId ?? '')) break pages;
      fresh.push(e);
    }
    token = page.NextToken;
  } while (token);
  for (const e of fresh) seen.add(e.EventId ?? '');
  return fresh.reverse();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
