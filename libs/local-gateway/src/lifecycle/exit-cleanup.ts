import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { constants } from 'node:os';

// What must not outlive this process. On a normal exit or process.exit() Node emits 'exit',
// where only synchronous work runs: signal the children, remove temp folders. A stop signal
// (SIGINT, SIGTERM, SIGHUP) would end Node without 'exit', leaving PostgreSQL and the gateway
// running: while something is registered here, those signals exit the process through 'exit'
// (cagw local takes them over for an orderly stop while its session runs, see interrupts.ts).
const children = new Map<ChildProcess, NodeJS.Signals>();
const tempDirs = new Set<string>();
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function exitOnSignal(signal: NodeJS.Signals): void {
  process.exit(128 + (constants.signals[signal] ?? 0));
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const [child, signal] of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of STOP_SIGNALS) process.on(signal, exitOnSignal);
}

/**
 * Signals this child when the process exits, until forgotten: SIGKILL by default; PostgreSQL
 * gets SIGQUIT (immediate shutdown: it ends its backends itself and exits at once).
 */
export function killOnExit(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): () => void {
  install();
  children.set(child, signal);
  return () => children.delete(child);
}

/** Removes this folder when the process exits, until forgotten. */
export function removeOnExit(dir: string): () => void {
  install();
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}
