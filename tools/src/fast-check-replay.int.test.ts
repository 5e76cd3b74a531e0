// A failing property, run by a real vitest with the workspace's fast-check setup
// (tools/fast-check-setup.ts): the failure names its seed, its path and the command that replays
// it, FC_SEED replays the same counterexample, and without FC_SEED the seed is the commit's.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { seedOf } from '../fast-check-seed.mjs';
import { fixtureFolder, workspaceRoot } from './testing/fixture-workspace.ts';

const fixture = fixtureFolder('fast-check-');
afterAll(() => rmSync(fixture, { recursive: true, force: true }));
writeFileSync(
  join(fixture, 'vitest.config.mjs'),
  `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['*.test.mjs'], setupFiles: [${JSON.stringify(join(workspaceRoot, 'tools/fast-check-setup.ts'))}], reporters: [['json', { outputFile: 'report.json' }]] } });
`,
);
writeFileSync(
  join(fixture, 'sum.test.mjs'),
  `import { fc, test } from '@fast-check/vitest';
import { expect, test as plainTest } from 'vitest';
test.prop([fc.array(fc.integer({ min: 0, max: 1000 }))])('a sum stays under 1000', (xs) => {
  expect(xs.reduce((a, b) => a + b, 0)).toBeLessThan(1000);
});
plainTest('a product stays under 5000', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => a * b < 5000));
});
`,
);

/** Each failed test's name and message from a vitest run of the fixture under `fcSeed`. */
function failures(fcSeed: string | undefined): { name: string; message: string }[] {
  const env = { ...process.env };
  delete env.FC_SEED; // set for this test's own run by vitest.shared.ts
  if (fcSeed !== undefined) env.FC_SEED = fcSeed;
  const run = spawnSync(join(workspaceRoot, 'node_modules/.bin/vitest'), ['run', '--config', 'vitest.config.mjs'], { cwd: fixture, env, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, `${run.stdout}${run.stderr}`).toBe(1);
  const report = JSON.parse(readFileSync(join(fixture, 'report.json'), 'utf8')) as { testResults: { assertionResults: { fullName: string; failureMessages: string[] }[] }[] };
  return report.testResults[0]!.assertionResults.map((a) => ({ name: a.fullName, message: a.failureMessages[0] ?? '' }));
}

/** "{ seed: …, path: … }" and the counterexample, the parts a replay must reproduce. */
const replayed = (message: string) => [/\{ seed: -?\d+, path: "[\d:]+"/.exec(message)?.[0], /Counterexample: .*/.exec(message)?.[0]];

test('a failing property prints its seed, its path and FC_SEED=<seed> npm test, and FC_SEED replays it', () => {
  const first = failures('12345');
  expect(first.map((f) => f.name)).toEqual(['a sum stays under 1000 (with seed=12345)', 'a product stays under 5000']);
  for (const { message } of first) {
    expect(message).toMatch(/\{ seed: 12345, path: "[\d:]+", endOnFailure: true \}/);
    expect(message).toContain('replay: FC_SEED=12345 npm test');
  }
  const again = failures('12345');
  expect(again.map((f) => replayed(f.message))).toEqual(first.map((f) => replayed(f.message)));
  expect(first.map((f) => replayed(f.message)).flat()).not.toContain(undefined);
}, 180_000);

test('without FC_SEED the properties run under the seed of the current commit', () => {
  const seed = seedOf(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspaceRoot, encoding: 'utf8' }).trim());
  for (const { message } of failures(undefined)) expect(message).toContain(`{ seed: ${seed}, path: "`);
}, 180_000);
