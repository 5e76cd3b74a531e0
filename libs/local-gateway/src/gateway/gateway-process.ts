import { spawn, type ChildProcess } from 'node:child_process';
import { killOnExit } from '../lifecycle/exit-cleanup.ts';

export interface GatewayProcess {
  child: ChildProcess;
  /** the stdout and stderr lines so far, in order, the last 5000 (stderr carries the gateway's log) */
  logs: string[];
  stderr(): string;
  /** resolves with the exit code (or signal) once the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone */
  stop(graceMs?: number): Promise<void>;
}

// A long `cagw local` session keeps only the recent log in memory.
const MAX_LOG_LINES = 5000;

/** Spawns `claude gateway --config FILE` with exactly the given environment. */
export function spawnGateway(binaryPath: string, configPath: string, env: NodeJS.ProcessEnv, onLogLine?: (line: string) => void): GatewayProcess {
  const child = spawn(binaryPath, ['gateway', '--config', configPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const forget = killOnExit(child);
  const logs: string[] = [];
  let stderrText = '';
  const collect = (isStderr: boolean) => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (isStderr) stderrText += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      logs.push(...lines);
      if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
      if (onLogLine) for (const line of lines) onLogLine(line);
    };
  };
  child.stdout?.on('data', collect(false));
  child.stderr?.on('data', collect(true));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      logs.push(`spawn failed: ${error.message}`);
      stderrText += `claude gateway: ${error.message}\n`;
      forget();
      resolve({ code: -1, signal: null });
    });
    child.once('close', (code, signal) => {
      forget();
      resolve({ code, signal });
    });
  });

  return {
    child,
    logs,
    stderr: () => stderrText,
    exited,
    async stop(graceMs = 3000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
  };
}
