// How long `cagw validate` and `cagw local` wait for the gateway: one cold start (PostgreSQL
// initdb and the issuer from nothing), warm starts that reuse them, and the restart of a kept
// state directory (PostgreSQL already initialised, as `cagw local` on its second run).
// Target: warm and restart under 5 s. Prints its figures; speed is never asserted in tests.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalGateway } from '../gateway/start-local-gateway.ts';
import { stopSharedServices } from '../lifecycle/shared-services.ts';
import { twoGroupPolicyConfig } from '../test-support/gateway-configs.ts';

const WARM_RUNS = 5;

async function timedStart(stateDir?: string): Promise<number> {
  const gateway = await startLocalGateway({ config: twoGroupPolicyConfig(), keepSharedServices: true, ...(stateDir ? { stateDir } : {}) });
  await gateway.stop();
  return gateway.bootMs;
}

const summary = (runs: number[]) => {
  const sorted = [...runs].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms`;
};

const stateRoot = await mkdtemp(join(tmpdir(), 'cagw-bench-state-'));
await chmod(stateRoot, 0o755); // as root, PostgreSQL runs as `postgres` and must reach it
try {
  const cold = await timedStart();
  const warm: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) warm.push(await timedStart());
  await stopSharedServices();

  const stateDir = join(stateRoot, 'profile');
  const firstLocal = await timedStart(stateDir); // initdb into the state directory
  await stopSharedServices();
  const restarts: number[] = [];
  for (let run = 0; run < 3; run++) {
    restarts.push(await timedStart(stateDir)); // PostgreSQL start without initdb, issuer, gateway
    await stopSharedServices();
  }
  process.stdout.write(
    [
      `cold start (PostgreSQL initdb + issuer + gateway): ${cold} ms`,
      `warm start, ${WARM_RUNS} runs (gateway only): ${summary(warm)} (target < 5000 ms)`,
      `kept state directory: first run ${firstLocal} ms; restart, 3 runs (PostgreSQL already initialised): ${summary(restarts)} (target < 5000 ms)`,
      '',
    ].join('\n'),
  );
} finally {
  await stopSharedServices();
  await rm(stateRoot, { recursive: true, force: true });
}
