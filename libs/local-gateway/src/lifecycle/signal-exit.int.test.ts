import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { isLoopbackPortListening } from '../net/loopback-port.ts';
import { isProcessAlive, pidsWithCommandLineContaining } from '../test-support/processes.ts';
import { waitFor } from '@cagw/test-support';

interface Started {
  gatewayPid: number;
  postgresDataDir: string;
  ports: number[];
}

const runner = fileURLToPath(new URL('../test-support/run-local-gateway.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

test.each(['SIGINT', 'SIGTERM'] as const)('%s to a process running a local gateway stops the gateway, PostgreSQL, the issuer and the stub', async (signal) => {
  // detached: the signal goes to the node process alone, not to its children through a
  // shared process group, so the cleanup code is what stops them
  const child = spawn(tsx, ['--conditions=development', runner], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then(() => reject(new Error(`runner exited early: ${stderr.join('')}`)));
    });
    const started = JSON.parse(firstLine) as Started;
    const postgresPids = pidsWithCommandLineContaining(started.postgresDataDir);
    expect(postgresPids.length).toBeGreaterThan(0);
    expect(isProcessAlive(started.gatewayPid)).toBe(true);
    for (const port of started.ports) expect(await isLoopbackPortListening(port)).toBe(true);

    child.kill(signal);
    await exited;

    // a process signalled on exit is gone at once on a quiet machine; 5 s did not always do on
    // one loaded past ten runnable processes per core (seen in a stressed fresh-clone run)
    expect(await waitFor(() => !isProcessAlive(started.gatewayPid), 30_000)).toBe(true);
    expect(await waitFor(() => postgresPids.every((pid) => !isProcessAlive(pid)), 30_000)).toBe(true);
    for (const port of started.ports) expect(await isLoopbackPortListening(port)).toBe(false);
    expect(existsSync(started.postgresDataDir)).toBe(false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
