// The gateway under an organisation's load (issue 25): the real pinned gateway, pinned to one
// core with taskset so its figures map onto one Fargate vCPU, its config rendered from the
// shipped profiles/local.env, many developers each signed in through the device flow, holding
// streams through a stub upstream that writes 50 tokens a second. Concurrency rises in steps;
// each step prints rps, concurrent streams, the latency the gateway adds (time to first byte and
// between chunks, against the same stub called directly at the same time), the gateway's CPU and
// memory per stream, PostgreSQL statements (pg_stat_statements) and connections per request, and
// errors. Loopback only, bounded in time; everything it starts is stopped on every path.
//   nx run local-gateway:bench-load [-- --short] [-- --record FILE]
// --short runs in under two minutes. The last line is `load: streams=N rps=N added_p99_ms=N`
// for the highest step that held (no error, at least 90% of the asked concurrency reached).
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { listModels } from '../client/gateway-api.ts';
import { signInTestUser } from '../client/sign-in-test-user.ts';
import { startLocalGateway, type LocalGateway } from '../gateway/start-local-gateway.ts';
import { sharedPostgres, stopSharedServices } from '../lifecycle/shared-services.ts';
import type { TestUser } from '../oidc/test-users.ts';
import { stubPacePrompt } from '../stub-upstream/stub-anthropic-upstream.ts';
import { loadStepPlan, type LoadPlan } from './load/load-plan.ts';
import { percentile } from './load/percentile.ts';
import { coreShare, processUsage } from './load/process-usage.ts';
import { timedStream, type StreamTiming } from './load/timed-stream.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const args = process.argv.slice(2);
const plan: LoadPlan = loadStepPlan(args.includes('--short'));
const recordAt = args.includes('--record') ? args[args.indexOf('--record') + 1] : undefined;
const PROFILE = 'profiles/local.env';
const GATEWAY_CORE = '0';
const BENCH_CORE = '1';
const GENERATOR_TTFB_LIMIT_MS = 250;

const say = (line: string) => process.stdout.write(`${line}\n`);

// the clients and the stub on the other core, so they do not take the gateway's
execFileSync('taskset', ['-a', '-cp', BENCH_CORE, String(process.pid)], { stdio: 'ignore' });

const stateRoot = await mkdtemp(join(tmpdir(), 'cagw-bench-load-'));
await chmod(stateRoot, 0o755); // as root, PostgreSQL runs as `postgres` and must reach it
const stateDir = join(stateRoot, 'state');
let gateway: LocalGateway | undefined;
let relocatedCluster: string | undefined;
try {
  const config = await renderedConfig(PROFILE, join(stateRoot, 'render'));
  const users: TestUser[] = Array.from({ length: plan.developers }, (_, i) => ({ email: `dev${String(i + 1).padStart(4, '0')}@example.com`, name: `Developer ${i + 1}`, groups: ['engineering'] }));
  const start = () => startLocalGateway({ config, users, upstream: 'stub', stateDir, keepSharedServices: true, readyTimeoutMs: 60_000 });

  // pg_stat_statements is in the embedded build but must be preloaded: set it, then restart
  gateway = await start();
  const postgres = await sharedPostgres(stateDir);
  if (postgres.relocatedFrom) relocatedCluster = dirname(postgres.dataDir);
  await postgres.query('postgres', "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await gateway.stop();
  await stopSharedServices();
  gateway = await start();
  const pg = await sharedPostgres(stateDir);
  const database = gateway.database.name;
  await pg.query(database, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  execFileSync('taskset', ['-a', '-cp', GATEWAY_CORE, String(gateway.pid)], { stdio: 'ignore' });
  const stub = gateway.stubUpstream;
  if (!stub) throw new Error('the stub upstream did not start');

  say(`claude gateway ${gateway.version} pinned to core ${GATEWAY_CORE}; profile ${PROFILE}; ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} (shared, busy machine: figures are an upper bound on cost)`);
  const signInStarted = performance.now();
  const tokens: string[] = [];
  for (const [index, user] of users.entries()) {
    // the gateway allows 10 device sign-ins per IP per 10 minutes; every developer here is 127.0.0.1
    if (index % 8 === 0) await gateway.resetSignInRateLimits();
    tokens.push((await signInTestUser(gateway.url, user.email, { signInCode: gateway.signInCode })).accessToken);
  }
  say(`${users.length} developers signed in through the device flow in ${((performance.now() - signInStarted) / 1000).toFixed(1)} s`);
  const [model] = await listModels(gateway.url, tokens[0] as string);
  if (!model) throw new Error('the engineering policy allows no model');
  const body = JSON.stringify({ model, stream: true, max_tokens: plan.tokens, messages: [{ role: 'user', content: `${stubPacePrompt({ tokens: plan.tokens, perSecond: plan.perSecond })} write code` }] });
  const streamSeconds = plan.tokens / plan.perSecond;
  say(`streams: ${model}, ${plan.tokens} tokens at ${plan.perSecond}/s (${streamSeconds} s each); steps of ${plan.stepSeconds} s: ${plan.steps.join(', ')} streams`);

  const idle = await processUsage(gateway.pid);
  const results = [];
  for (const streams of plan.steps) {
    const gw = gateway;
    await pg.query(database, 'SELECT pg_stat_statements_reset()');
    const before = await processUsage(gw.pid);
    const deadline = performance.now() + plan.stepSeconds * 1000;
    let inFlight = 0;
    const inFlightSamples: number[] = [];
    const connectionSamples: number[] = [];
    const sampler = setInterval(() => inFlightSamples.push(inFlight), 250);
    const pgSampler = setInterval(() => {
      void pg.query(database, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]).then(([row]) => connectionSamples.push(Number(row?.n ?? 0)), () => undefined);
    }, 1000);
    const loop = async (send: () => Promise<StreamTiming>, into: StreamTiming[]) => {
      while (performance.now() < deadline) {
        inFlight += 1;
        into.push(await send());
        inFlight -= 1;
      }
    };
    const viaGateway: StreamTiming[] = [];
    const direct: StreamTiming[] = [];
    const timeoutMs = streamSeconds * 1000 + 30_000;
    const directStreams = Math.max(2, Math.ceil(streams / 10));
    let directInFlight = 0;
    await Promise.all([
      ...Array.from({ length: streams }, (_, worker) => loop(() => timedStream({ url: `${gw.url}/v1/messages`, headers: { authorization: `Bearer ${tokens[worker % tokens.length]}` }, body, timeoutMs }), viaGateway)),
      ...Array.from({ length: directStreams }, async () => {
        directInFlight += 1;
        while (performance.now() < deadline) direct.push(await timedStream({ url: `${stub.url}/v1/messages`, headers: { 'x-api-key': stub.apiKey }, body, timeoutMs }));
        directInFlight -= 1;
      }),
    ]);
    clearInterval(sampler);
    clearInterval(pgSampler);
    const after = await processUsage(gw.pid);
    const [statements] = await pg.query(database, "SELECT coalesce(sum(s.calls), 0)::bigint AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat%' AND s.query NOT ILIKE '%pg_database%'", [database]);
    const elapsed = (after.at - before.at) / 1000;
    const completed = viaGateway.length;
    const errors = viaGateway.filter((t) => !t.ok);
    const ok = viaGateway.filter((t) => t.ok);
    const directOk = direct.filter((t) => t.ok);
    const concurrent = inFlightSamples.length ? inFlightSamples.reduce((a, b) => a + b, 0) / inFlightSamples.length : 0;
    const core = coreShare(before, after);
    const step = {
      streams,
      concurrentStreams: round(concurrent, 1),
      rps: round(completed / elapsed, 2),
      requests: completed,
      errors: errors.length,
      firstError: errors[0]?.error,
      ttfbMs: { gatewayP50: round(percentile(ok.map((t) => t.ttfbMs), 50), 1), gatewayP99: round(percentile(ok.map((t) => t.ttfbMs), 99), 1), directP50: round(percentile(directOk.map((t) => t.ttfbMs), 50), 1), directP99: round(percentile(directOk.map((t) => t.ttfbMs), 99), 1) },
      chunkGapMs: { gatewayP99: round(percentile(ok.flatMap((t) => t.gapsMs), 99), 1), directP99: round(percentile(directOk.flatMap((t) => t.gapsMs), 99), 1) },
      addedTtfbP50Ms: 0,
      addedTtfbP99Ms: 0,
      addedChunkGapP99Ms: 0,
      gatewayCoreShare: round(core, 3),
      cpuMillicoresPerStream: round((core * 1000) / Math.max(1, concurrent), 2),
      rssMiB: round(after.rssBytes / 2 ** 20, 1),
      rssMiBPerStream: round((after.rssBytes - idle.rssBytes) / 2 ** 20 / Math.max(1, concurrent), 3),
      statementsPerRequest: round(Number(statements?.calls ?? 0) / Math.max(1, completed), 2),
      postgresConnectionsMax: Math.max(0, ...connectionSamples),
      postgresConnectionsPerRequestPerSecond: round(Math.max(0, ...connectionSamples) / Math.max(0.01, completed / elapsed), 3),
      held: false,
    };
    step.addedTtfbP50Ms = round(Math.max(0, step.ttfbMs.gatewayP50 - step.ttfbMs.directP50), 1);
    step.addedTtfbP99Ms = round(Math.max(0, step.ttfbMs.gatewayP99 - step.ttfbMs.directP99), 1);
    step.addedChunkGapP99Ms = round(Math.max(0, step.chunkGapMs.gatewayP99 - step.chunkGapMs.directP99), 1);
    // a step counts only when the load generator kept up: the stub called directly still answers
    // its first byte in time (on a busy shared machine the clients saturate before the gateway)
    const generatorKeptUp = step.ttfbMs.directP99 <= GENERATOR_TTFB_LIMIT_MS;
    step.held = errors.length === 0 && concurrent >= 0.9 * streams && directInFlight === 0 && generatorKeptUp;
    results.push(step);
    say(
      `step ${streams} streams: concurrent ${step.concurrentStreams}, ${step.rps} rps, ${completed} requests, ${errors.length} errors${step.firstError ? ` (first: ${step.firstError})` : ''}; ` +
        `added TTFB p50 ${step.addedTtfbP50Ms} ms p99 ${step.addedTtfbP99Ms} ms (gateway p99 ${step.ttfbMs.gatewayP99}, direct ${step.ttfbMs.directP99}), added chunk gap p99 ${step.addedChunkGapP99Ms} ms; ` +
        `gateway ${Math.round(core * 100)}% of its core = ${step.cpuMillicoresPerStream} mCPU/stream, RSS ${step.rssMiB} MiB (+${step.rssMiBPerStream} MiB/stream); ` +
        `PostgreSQL ${step.statementsPerRequest} statements/request, ${step.postgresConnectionsMax} connections max${step.held ? '' : generatorKeptUp ? ' — did not hold' : ' — the load generator saturated (direct TTFB p99 over 250 ms): not counted'}`,
    );
    // well past what a core carries, or past what this machine can generate
    if (!step.held && (errors.length > completed / 10 || !generatorKeptUp)) break;
  }

  const held = results.filter((s) => s.held).at(-1);
  if (recordAt) {
    const record = {
      gatewayVersion: gateway.version,
      date: new Date().toISOString().slice(0, 10),
      profile: PROFILE,
      machine: { cores: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2), note: 'shared 2-core machine, up to 9 people at once: CPU figures are an upper bound' },
      gatewayPinnedToOneCore: true,
      stream: { tokens: plan.tokens, tokensPerSecond: plan.perSecond, seconds: streamSeconds },
      idleRssMiB: round(idle.rssBytes / 2 ** 20, 1),
      steps: results,
      highestHeld: held ? { streams: held.streams, rps: held.rps, addedTtfbP99Ms: held.addedTtfbP99Ms } : undefined,
    };
    await writeFile(recordAt, `${JSON.stringify(record, null, 2)}\n`);
    say(`recorded ${recordAt}`);
  }
  say(held ? `load: streams=${held.streams} rps=${held.rps} added_p99_ms=${held.addedTtfbP99Ms}` : 'load: streams=0 rps=0 added_p99_ms=0 (no step held)');
} finally {
  await gateway?.stop().catch(() => undefined);
  await stopSharedServices();
  await rm(stateRoot, { recursive: true, force: true });
  if (relocatedCluster) await rm(relocatedCluster, { recursive: true, force: true });
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

// `cagw render` of a shipped profile, exactly as a deploy would ship it, into a throwaway folder
async function renderedConfig(profile: string, out: string): Promise<Record<string, unknown>> {
  execFileSync(join(root, 'node_modules/.bin/cagw'), ['render', '--profile', join(root, profile), '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
  return parse(await readFile(join(out, 'gateway.yaml'), 'utf8')) as Record<string, unknown>;
}
