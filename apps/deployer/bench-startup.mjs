// `nx run deployer:bench-startup`: how long `cagw` takes to start as a user runs it (bin/cagw.mjs,
// which runs the bundle `npm ci` built, or the sources through tsx when the bundle is missing or
// stale), as a ratio to `node -e 0` measured in the same run (so a busy machine slows both
// alike). Each command runs several times, interleaved; the median counts. Targets: --help 3x,
// render 4x, plan 5x. BENCH_RUNS sets the number of runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleStaleness } from './bin/bundle-freshness.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const profile = fileURLToPath(new URL('../../profiles/local.env', import.meta.url));
const bin = join(here, 'bin', 'cagw.mjs');
const stale = bundleStaleness();
const runs = process.env.CAGW_RUN ? 'as CAGW_RUN says' : stale ? `the sources through tsx: ${stale}` : 'the bundle (apps/deployer/dist)';
const out = mkdtempSync(join(tmpdir(), 'cagw-bench-'));
const count = Number(process.env.BENCH_RUNS ?? 9);
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'cagw --help', args: [bin, '--help'], target: 3 },
  { name: 'cagw render', args: [bin, 'render', '--profile', profile, '--out', out], target: 4 },
  { name: 'cagw plan', args: [bin, 'plan', '--profile', profile], target: 5 },
];

const times = new Map(cases.map((c) => [c.name, []]));
for (let i = 0; i < count; i++) {
  for (const c of cases) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, c.args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      console.error(`error: ${c.name} exited ${result.status ?? result.signal}: ${result.stderr}`);
      process.exit(1);
    }
    times.get(c.name).push(ms);
  }
}
rmSync(out, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get('node -e 0'));
console.log(`cagw startup, median of ${count} runs each; cagw ran ${runs}`);
for (const c of cases) {
  const ms = median(times.get(c.name));
  const ratio = ms / base;
  const verdict = c.target === undefined ? '(the 1x reference)' : ratio <= c.target ? `within the ${c.target}x target` : `OVER the ${c.target}x target`;
  console.log(`  ${c.name.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms  = ${ratio.toFixed(2)}x node -e 0  ${verdict}`);
}
