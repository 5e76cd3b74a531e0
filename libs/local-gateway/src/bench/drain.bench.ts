// What a developer's stream sees when ECS stops a gateway task (issue 25): the real pinned
// gateway with streams in flight gets SIGTERM, as a scale-in or a rollout sends it. Prints, for
// the gateway's default and for CLAUDE_GATEWAY_DRAIN_TIMEOUT_MS set: how long the streams kept
// flowing after the signal, how they ended, whether new requests were still answered, and when
// the process exited. Loopback only, bounded; everything it starts is stopped on every path.
//   nx run local-gateway:bench-drain [-- --record FILE] [-- --stream-seconds N]
import { writeFile } from 'node:fs/promises';
import { signInTestUser } from '../client/sign-in-test-user.ts';
import { startLocalGateway, type LocalGateway } from '../gateway/start-local-gateway.ts';
import { stopSharedServices } from '../lifecycle/shared-services.ts';
import { stubPacePrompt } from '../stub-upstream/stub-anthropic-upstream.ts';
import { twoGroupPolicyConfig } from '../test-support/gateway-configs.ts';
import { timedStream, type StreamTiming } from './load/timed-stream.ts';

const args = process.argv.slice(2);
const recordAt = args.includes('--record') ? args[args.indexOf('--record') + 1] : undefined;
const STREAMS = 5;
const STREAM_SECONDS = args.includes('--stream-seconds') ? Number(args[args.indexOf('--stream-seconds') + 1]) : 20;
const PER_SECOND = 50;
const SIGNAL_AFTER_MS = 3000;
const say = (line: string) => process.stdout.write(`${line}\n`);

interface DrainRun {
  drainTimeoutMs: string;
  exitedAfterMs: number;
  exit: string;
  streams: { flowedAfterSignalMs: number; ended: string }[];
  newRequests: { afterSignalMs: number; outcome: string }[];
}

async function run(drainTimeoutMs: string | undefined): Promise<DrainRun> {
  let gateway: LocalGateway | undefined;
  try {
    gateway = await startLocalGateway({ config: twoGroupPolicyConfig(), upstream: 'stub', keepSharedServices: true, env: drainTimeoutMs ? { CLAUDE_GATEWAY_DRAIN_TIMEOUT_MS: drainTimeoutMs } : {} });
    const gw = gateway;
    const token = (await signInTestUser(gw.url, gw.users[0]?.email ?? '', { signInCode: gw.signInCode })).accessToken;
    const body = JSON.stringify({ model: 'claude-haiku-4-5', stream: true, max_tokens: 2000, messages: [{ role: 'user', content: `${stubPacePrompt({ tokens: STREAM_SECONDS * PER_SECOND, perSecond: PER_SECOND })} go` }] });
    const request = { url: `${gw.url}/v1/messages`, headers: { authorization: `Bearer ${token}` }, body, timeoutMs: (STREAM_SECONDS + 30) * 1000 };
    const lastChunkAt: number[] = Array.from({ length: STREAMS }, () => 0);
    const streams: Promise<StreamTiming>[] = Array.from({ length: STREAMS }, (_, i) => timedStream({ ...request, onChunk: () => (lastChunkAt[i] = performance.now()) }));
    await new Promise((resolve) => setTimeout(resolve, SIGNAL_AFTER_MS));
    const signalledAt = performance.now();
    process.kill(gw.pid, 'SIGTERM');
    let exitedAt = 0;
    const exited = gw.exited.then((how) => {
      exitedAt = performance.now();
      return how;
    });
    const newRequests: DrainRun['newRequests'] = [];
    while (!exitedAt && performance.now() - signalledAt < (STREAM_SECONDS + 10) * 1000) {
      const sentAt = performance.now() - signalledAt;
      const answer = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }), signal: AbortSignal.timeout(5000) })
        .then(async (r) => `${r.status}${r.headers.get('connection') === 'close' ? ' (connection: close)' : ''}`, (e: Error) => `refused: ${String(e.cause ?? e.message)}`);
      newRequests.push({ afterSignalMs: Math.round(sentAt), outcome: answer });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const how = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 60_000))]);
    const timings = await Promise.all(streams);
    return {
      drainTimeoutMs: drainTimeoutMs ?? '(unset)',
      exitedAfterMs: exitedAt ? Math.round(exitedAt - signalledAt) : -1,
      exit: how ? `code ${how.code} signal ${how.signal}` : 'still running after 60 s',
      streams: timings.map((t, i) => ({ flowedAfterSignalMs: Math.max(0, Math.round((lastChunkAt[i] ?? 0) - signalledAt)), ended: t.ok ? 'complete (message_stop)' : (t.error ?? 'error') })),
      newRequests: squash(newRequests),
    };
  } finally {
    await gateway?.stop().catch(() => undefined);
  }
}

// consecutive identical outcomes as one line: the first time each was seen
function squash(list: DrainRun['newRequests']): DrainRun['newRequests'] {
  return list.filter((item, i) => i === 0 || list[i - 1]?.outcome !== item.outcome);
}

try {
  const runs: DrainRun[] = [];
  for (const drain of args.includes('--default-only') ? [undefined] : [undefined, '15000']) {
    const result = await run(drain);
    runs.push(result);
    say(`CLAUDE_GATEWAY_DRAIN_TIMEOUT_MS=${result.drainTimeoutMs}: SIGTERM ${SIGNAL_AFTER_MS / 1000} s into ${STREAMS} streams of ${STREAM_SECONDS} s; exited ${result.exitedAfterMs} ms later (${result.exit})`);
    for (const [i, s] of result.streams.entries()) say(`  stream ${i + 1}: flowed ${s.flowedAfterSignalMs} ms after the signal; ${s.ended}`);
    for (const n of result.newRequests) say(`  new request ${n.afterSignalMs} ms after the signal: ${n.outcome}`);
  }
  if (recordAt) await writeFile(recordAt, `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), streams: STREAMS, streamSeconds: STREAM_SECONDS, signalAfterMs: SIGNAL_AFTER_MS, runs }, null, 2)}\n`);
} finally {
  await stopSharedServices();
}
