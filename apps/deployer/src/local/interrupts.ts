// Ctrl-C for a running local session: the first SIGINT (or SIGTERM, SIGHUP) asks for an orderly
// stop, a second one forces it. While a session runs it owns these signals: @cagw/local-gateway
// installs handlers that would otherwise end the process at once (its exit clean-up then stops
// PostgreSQL under the running gateway). The handlers it replaced are put back on release().

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const SIGNALS: StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

type Listener = (...args: unknown[]) => void;
export interface SignalTarget {
  on(signal: StopSignal, listener: Listener): unknown;
  removeListener(signal: StopSignal, listener: Listener): unknown;
  listeners(signal: StopSignal): Listener[];
}

export interface Interrupts {
  /** resolves with the first stop signal */
  first: Promise<StopSignal>;
  /** called on every stop signal after the first */
  onRepeat(handler: (signal: StopSignal) => void): void;
  /** gives the signals back to whoever had them before */
  release(): void;
}

export function takeOverInterrupts(target: SignalTarget = process as unknown as SignalTarget): Interrupts {
  const replaced = new Map<StopSignal, Listener[]>();
  let received = 0;
  let repeat: ((signal: StopSignal) => void) | undefined;
  // repeats that came before anyone listened for them (two signals in one burst)
  const early: StopSignal[] = [];
  let resolveFirst: (signal: StopSignal) => void = () => undefined;
  const first = new Promise<StopSignal>((resolve) => {
    resolveFirst = resolve;
  });
  const listener = (signal: unknown) => {
    received += 1;
    if (received === 1) resolveFirst(signal as StopSignal);
    else if (repeat) repeat(signal as StopSignal);
    else early.push(signal as StopSignal);
  };
  for (const signal of SIGNALS) {
    const previous = target.listeners(signal);
    replaced.set(signal, previous);
    for (const old of previous) target.removeListener(signal, old);
    target.on(signal, listener);
  }
  let released = false;
  return {
    first,
    onRepeat(handler) {
      repeat = handler;
      for (const signal of early.splice(0)) handler(signal);
    },
    release() {
      if (released) return;
      released = true;
      for (const signal of SIGNALS) {
        target.removeListener(signal, listener);
        for (const old of replaced.get(signal) ?? []) target.on(signal, old);
      }
    },
  };
}
