// `nx run deployer:bench-startup`: how long the built cagw takes to start, as a ratio to
// `node -e 0` measured in the same run (so a busy machine slows both alike). Each command runs
// several times, interleaved; the median counts. Targets: --help 3x, render 4x, plan 5x.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const profile = fileURLToPath(new URL('../../profiles/local.env', import.meta.url));
const bin = join(here, 'bin', 'cagw.mjs');
if (!existsSync(join(here, 'dist', 'main.js'))) {
  console.error('error: no bundle at apps/deployer/dist/main.js; run `npx nx run deployer:build` (this target depends on it)');
  process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), 'cagw-bench-'));
const runs = Number(process.env.BENCH_RUNS ?? 9);
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'cagw --help', args: [bin, '--help'], target: 3 },
  { name: 'cagw render', args: [bin, 'render', '--profile', profile, '--out', out], target: 4 },
  { name: 'cagw plan', args: [bin, 'plan', '--profile', profile], target: 5 },
];

const times = new Map(cases.map((c) => [c.name, []]));
for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, c.args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '', CAGW_RUN: 'bundle' } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      console.error(`error: ${c.name} exited ${result.status}: ${result.stderr}`);
      process.exit(1);
    }
    times.get(c.name).push(ms);
  }
}
rmSync(out, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get('node -e 0'));
console.log(`startup, median of ${runs} runs each (bundle: apps/deployer/dist)`);
for (const c of cases) {
  const ms = median(times.get(c.name));
  const ratio = ms / base;
  const verdict = c.target === undefined ? '' : ratio <= c.target ? `  within ${c.target}x` : `  OVER the ${c.target}x target`;
  console.log(`${c.name.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x${verdict}`);
}
