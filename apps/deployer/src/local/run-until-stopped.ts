// Keeps a local session running until a stop signal (Ctrl-C) or until its gateway ends on its
// own, then stops every part it started. A stop signal during the stop forces it.
import type { Interrupts, StopSignal } from './interrupts.ts';
import type { LocalSession } from './start-local-session.ts';

const STOP_TIMEOUT_MS = 20_000;

export type SessionEnd = { kind: 'signal'; signal: StopSignal } | { kind: 'gateway-exited'; lastLogs: string[] };

export interface RunUntilStoppedHooks {
  /** told once the session begins to stop */
  stopping(end: SessionEnd): void;
  /** a second stop signal: end now (the CLI exits, and the exit hooks kill what is left) */
  forceStop(signal: StopSignal): void;
}

export async function runUntilStopped(session: LocalSession, interrupts: Interrupts, hooks: RunUntilStoppedHooks, stopTimeoutMs = STOP_TIMEOUT_MS): Promise<SessionEnd> {
  try {
    const end = await Promise.race<SessionEnd>([
      interrupts.first.then((signal) => ({ kind: 'signal', signal })),
      session.gatewayExited.then((lastLogs) => ({ kind: 'gateway-exited', lastLogs })),
    ]);
    interrupts.onRepeat((signal) => hooks.forceStop(signal));
    // after a crash, the first signal already means "stop now"
    if (end.kind === 'gateway-exited') void interrupts.first.then((signal) => hooks.forceStop(signal));
    hooks.stopping(end);
    // a stop that hangs (a part that never reports its end) is forced, as a second Ctrl-C would
    const stalled = setTimeout(() => hooks.forceStop(end.kind === 'signal' ? end.signal : 'SIGTERM'), stopTimeoutMs);
    try {
      await session.stop();
    } finally {
      clearTimeout(stalled);
    }
    return end;
  } finally {
    interrupts.release();
  }
}
