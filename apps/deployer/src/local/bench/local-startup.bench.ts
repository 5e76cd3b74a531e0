// How long `cagw local` takes from start to a ready gateway: once from nothing (PostgreSQL
// initdb), then with the state directory already initialised, as every later `npm start` is.
// Target: the second case under 5 s. Prints its figures; it asserts nothing.
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
  process.stdout.write(
    [
      `cagw local, first run (PostgreSQL initdb, issuer, stub, gateway migrations): ${cold} ms`,
      `cagw local, state already initialised, ${WARM_RUNS} runs: median ${median} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms (target < 5000 ms)`,
      '',
    ].join('\n'),
  );
} finally {
  await rm(join(stateDir, '..'), { recursive: true, force: true });
}
