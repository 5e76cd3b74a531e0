// Runs an SDK waiter (the waitFor* form, which returns its state instead of throwing) so that
// it stops at once where waiting cannot help. SDK waiters answer "retry" to every error their
// acceptors do not name (for DescribeChangeSet and DescribeDBInstances, all but
// ValidationError) until maxWaitTime, hours for a stack: an SSO session expiring mid-deploy
// would hang silently. Here a credential or access error ends the wait with its cause, and the
// caller's AbortSignal (Ctrl-C) ends it too.
import { CagwError } from '@cagw/errors';
import { fromAws, isAccessDenied, isCredentialError } from './aws-call.ts';

/** How often an SDK waiter polls (seconds between tries, growing) and how long it waits at most. */
export interface WaiterTiming {
  minDelay: number;
  maxDelay: number;
  maxWaitTime: number;
}

interface Sender { send(command: never): Promise<unknown> }
type Waiter<C, I> = (params: WaiterTiming & { client: C; abortSignal: AbortSignal }, input: I) => Promise<{ state: string; reason?: unknown }>;

export interface WaiterRun {
  /** what cagw is waiting for, for the error message */
  doing: string;
  where: string;
  signal?: AbortSignal | undefined;
  awsProfile?: string | undefined;
}

/** SUCCESS, FAILURE (an acceptor's failure state) or TIMEOUT; throws on credentials, access or Ctrl-C. */
export async function runWaiter<C extends Sender, I>(waiter: Waiter<C, I>, client: C, timing: WaiterTiming, input: I, run: WaiterRun): Promise<'SUCCESS' | 'FAILURE' | 'TIMEOUT'> {
  const local = new AbortController();
  const stop = () => local.abort();
  if (run.signal?.aborted) local.abort();
  run.signal?.addEventListener('abort', stop);
  let fatal: unknown;
  // the waiter only sees this client: a credential or access error stops it instead of a retry
  const guarded = {
    ...client,
    send: (command: never) => client.send(command).catch((e: unknown) => {
      if (isCredentialError(e) || isAccessDenied(e)) {
        fatal ??= e;
        local.abort();
      }
      throw e;
    }),
  } as unknown as C;
  let state: string;
  try {
    state = (await waiter({ ...timing, client: guarded, abortSignal: local.signal }, input)).state;
  } finally {
    run.signal?.removeEventListener('abort', stop);
  }
  if (fatal !== undefined) throw fromAws(fatal, run.doing, run.awsProfile);
  if (run.signal?.aborted) throw new CagwError('DeployInterrupted', `stopped ${run.doing}`, { source: 'user', where: run.where });
  if (state === 'SUCCESS' || state === 'FAILURE' || state === 'TIMEOUT') return state;
  throw new CagwError('InternalError', `${run.doing}: the waiter ended in ${state}`, { source: 'internal', where: run.where });
}
