// Runs a bash snippet from the docker/ directory, so scripts there can be sourced by name.
// --norc: node's stdio pipes are sockets, which bash takes for rsh and would read ~/.bashrc.
// Values reach the snippet through the environment or stdin, never its command line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DOCKER_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface BashResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface BashOptions {
  /** the whole environment of the snippet (nothing is inherited but PATH) */
  env?: Record<string, string>;
  input?: string | Buffer;
  timeoutMs?: number;
}

export function runBash(script: string, options: BashOptions = {}): BashResult {
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: DOCKER_DIR,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
