// How long `cagw local` takes from start to a ready gateway: once from nothing (PostgreSQL
// initdb), then with the state directory already initialised, as every later `npm start` is,
// both in-process and as the whole command (node, tsx and the CLI included) until it prints
// its session. Target: initialised under 5 s. Prints its figures; it asserts nothing.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreeLoopbackPort } from '@cagw/local-gateway';
import { loadSettingsOrThrow } from '@cagw/profile';
import { loadLocalUsers } from '../local-users.ts';
import { startLocalSession } from '../start-local-session.ts';

const WARM_RUNS = 3;
const profile = fileURLToPath(new URL('../../../../../profiles/local.env', import.meta.url));
const { settings } = loadSettingsOrThrow({ profilePath: profile, env: {} });
const { users } = loadLocalUsers(undefined, profile);
const stateDir = join(await mkdtemp(join(tmpdir(), 'cagw-local-bench-')), 'local');
// as root, PostgreSQL runs as the `postgres` user, which must reach its data through this folder
await chmod(join(stateDir, '..'), 0o755);

const cagw = fileURLToPath(new URL('../../../../../node_modules/.bin/cagw', import.meta.url));

// exec to the session's JSON on stdout, then Ctrl-C and wait for the exit
async function timedCommand(): Promise<number> {
  const startedAt = performance.now();
  const child = spawn(cagw, ['local', '--profile', profile, '--upstream', 'stub', '--port', String(await findFreeLoopbackPort()), '--state-dir', stateDir, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const readyMs = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      try {
        JSON.parse(text);
        resolve(Math.round(performance.now() - startedAt));
      } catch {
        // not the whole document yet
      }
    });
    void exited.then(() => reject(new Error('cagw local ended before it was ready')));
  });
  child.kill('SIGINT');
  await exited;
  return readyMs;
}

async function timedStart(): Promise<number> {
  const session = await startLocalSession({ settings, profileName: 'local', stateDir, port: await findFreeLoopbackPort(), users, upstream: 'stub', reset: false, env: {} });
  await session.stop();
  return session.readyMs;
}

try {
  const cold = await timedStart();
  const warm: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) warm.push(await timedStart());
  const sorted = [...warm].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const commands: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) commands.push(await timedCommand());
  commands.sort((a, b) => a - b);
  process.stdout.write(
    [
      `cagw local, first run (PostgreSQL initdb, issuer, stub, gateway migrations): ${cold} ms`,
      `cagw local, state already initialised, ${WARM_RUNS} runs: median ${median} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms (target < 5000 ms)`,
      `the whole command (node + tsx + CLI), state initialised, ${WARM_RUNS} runs: median ${commands[Math.floor(commands.length / 2)]} ms, min ${commands[0]} ms, max ${commands.at(-1)} ms`,
      '',
    ].join('\n'),
  );
} finally {
  await rm(join(stateDir, '..'), { recursive: true, force: true });
}
