// How long `cagw validate` and `cagw local` wait for the gateway: one cold start (PostgreSQL
// and the issuer from nothing), then warm starts that reuse them. Target: warm under 5 s.
// Prints its figures; it asserts nothing (speed is measured here, never in tests).
import { startLocalGateway } from '../gateway/start-local-gateway.ts';
import { stopSharedServices } from '../lifecycle/shared-services.ts';
import { twoGroupPolicyConfig } from '../test-support/gateway-configs.ts';

const WARM_RUNS = 5;

async function timedStart(): Promise<number> {
  const gateway = await startLocalGateway({ config: twoGroupPolicyConfig(), keepSharedServices: true });
  await gateway.stop();
  return gateway.bootMs;
}

try {
  const cold = await timedStart();
  const warm: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) warm.push(await timedStart());
  const sorted = [...warm].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  process.stdout.write(
    [
      `cold start (PostgreSQL initdb + issuer + gateway): ${cold} ms`,
      `warm start, ${WARM_RUNS} runs (gateway only): median ${median} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms (target < 5000 ms)`,
      '',
    ].join('\n'),
  );
} finally {
  await stopSharedServices();
}
